/// Collects a plan's actions per host as the planner decides them, and orders each host's list on output.
struct PlanBuilder {
    private var actions: [String: [PlanAction]] = [:]
    var unschedulable: [String: String] = [:]

    /// Takes `instance` out of service: stopped first when it runs, then removed.
    mutating func retire(_ instance: ActualInstance, reason: String) {
        if instance.state == .running { add(PlanAction(.stop, instance, reason: reason)) }
        add(PlanAction(.remove, instance, reason: reason))
    }

    mutating func start(_ instance: ActualInstance, reason: String) {
        add(PlanAction(.start, instance, reason: reason))
    }

    /// Starts `instance` again in place: it died with `exitCode`.
    mutating func restart(_ instance: ActualInstance, exitCode: Int) {
        var action = PlanAction(.start, instance, reason: "died with exit code \(exitCode)")
        action.exitCode = exitCode
        add(action)
    }

    /// Creates member `launchConfig` of unit `unit` of `service` on `host`, at the version the service wants.
    mutating func create(_ service: DesiredService, launchConfig: String, unit: Int, deploymentUnit: String,
                         host: String, instance: String, reason: String) {
        add(PlanAction(kind: .create, instance: instance, stack: service.stack, service: service.name,
                       launchConfig: launchConfig, unit: unit, deploymentUnit: deploymentUnit,
                       version: service.version(of: launchConfig), host: host, reason: reason))
    }

    /// Creates every member of a new unit on `host`, in creation order; members of `replacing` (the unit's copy on a
    /// lost host) get replacement ids.
    mutating func createUnit(_ service: DesiredService, unit: Int, host: String, replacing: [ActualInstance] = [], reason: String) {
        let deploymentUnit = PlanIdentity.deploymentUnit(stack: service.stack, service: service.name, unit: unit)
        for member in service.members {
            let old = replacing.filter { $0.launchConfig == member.name }.max { $0.id < $1.id }
            let id = old.map(PlanIdentity.replacement(of:)) ?? PlanIdentity.instance(stack: service.stack, service: service.name,
                                                                                     launchConfig: member.name, unit: unit,
                                                                                     version: service.version(of: member.name))
            create(service, launchConfig: member.name, unit: unit, deploymentUnit: deploymentUnit, host: host,
                   instance: id, reason: reason)
        }
    }

    private mutating func add(_ action: PlanAction) {
        actions[action.host, default: []].append(action)
    }

    /// The plan: per host, stops and removes first, then starts, then creates, each group in decision order.
    func plan() -> Plan {
        let ordered = actions.mapValues { list in
            (0...2).flatMap { phase in list.filter { $0.phase == phase } }
        }
        return Plan(actions: ordered, unschedulable: unschedulable)
    }
}
