/// The rules for one existing deployment unit that the service keeps.
extension Planner {
    /// Brings the members of an existing unit to what `service` wants, member by member in creation order:
    /// - no instance of the member at all: create it on the unit's host, in the unit's deployment unit;
    /// - only instances at another version: nothing (the upgrade engine owns them);
    /// - several at the wanted version: keep the best (running, stopped, dead; ties by id), remove the others;
    /// - running: nothing; stopped: start, unless start_once;
    /// - exited (it died): started again in place, as Rancher restarted them (its start count grows), unless
    ///   start_once; the reconcile loop spaces the restarts of one that keeps dying (`RestartBackoff`);
    /// - error (it never ran): remove and replace, start_once or not.
    /// - running and unhealthy: replaced when `replacingUnhealthy` (the strategy allows it now).
    static func reconcile(unit: Int, of service: DesiredService, members: [ActualInstance], replacingUnhealthy: Bool = false,
                          into builder: inout PlanBuilder) {
        let home = anchor(of: members, service)
        for config in service.members {
            let slot = members.filter { $0.launchConfig == config.name }
            let version = service.version(of: config.name)
            guard !slot.isEmpty else {
                let id = PlanIdentity.instance(stack: service.stack, service: service.name, launchConfig: config.name,
                                               unit: unit, version: version)
                builder.create(service, launchConfig: config.name, unit: unit, deploymentUnit: home.deploymentUnit,
                               host: home.host, instance: id, reason: "unit \(unit) lacks its \(config.name) container")
                continue
            }
            let current = slot.filter { $0.version == version }.sorted(by: ActualInstance.keepOrder)
            guard let keeper = current.first else { continue }
            for duplicate in current.dropFirst() {
                builder.retire(duplicate, reason: "duplicate of \(keeper.id) in unit \(unit)")
            }
            switch keeper.state {
            case .running:
                if keeper.health == .unhealthy && replacingUnhealthy { replace(keeper, of: service, why: "unhealthy" + (keeper.failing.map { ": \($0)" } ?? ""), into: &builder) }
            case .stopped:
                if !keeper.startOnce { builder.start(keeper, reason: "stopped, service wants it running") }
            case let .exited(code):
                if !keeper.startOnce { builder.restart(keeper, exitCode: code) }
            case .error:
                replace(keeper, of: service, why: "in error", into: &builder)
            }
        }
    }

    /// Removes a dead instance and creates its replacement on the same host, in the same unit.
    private static func replace(_ dead: ActualInstance, of service: DesiredService, why: String,
                                into builder: inout PlanBuilder) {
        builder.retire(dead, reason: why)
        builder.create(service, launchConfig: dead.launchConfig, unit: dead.unit, deploymentUnit: dead.deploymentUnit,
                       host: dead.host, instance: PlanIdentity.replacement(of: dead),
                       reason: "replaces \(dead.id): \(why)")
    }
}
