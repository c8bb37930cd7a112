import DroverModel
import DroverStore

/// Plans computed without applying anything (`drover plan`, `dryRun`): what creating, upgrading, scaling or rolling
/// back a stack would do, per host, with the instructions (and so the `docker run` lines) agents would get.
package struct PlanPreviews: Sendable {
    /// A plan and the instructions that carry it out, per host.
    package struct Preview: Sendable {
        package var plan: Plan
        package var instructions: [String: [Instruction]]
        package var change: StackChange?
        /// `stack/service` → how the plan changes that load balancer's configuration (a unified diff).
        package var loadBalancers: [String: String] = [:]
    }

    let store: StackStore
    let reconcile: ReconcileLoop

    /// What creating stack `name` from `source` would do now.
    package func create(environmentId: String, name: String, source: StackSource) throws -> Preview {
        try Controller.checkNew(name, environmentId: environmentId, store: store, hint: "plan an upgrade instead")
        let (desired, ignoring) = try reconcile.desiredState(environmentId)
        let added = source.definition.services.map { DesiredService.initial(stack: name, definition: $0) }
        let full = try reconcile.reconciler(environmentId).plan(desired + added, ignoring: ignoring)
        var plan = Plan(actions: [:], unschedulable: full.unschedulable.filter { $0.key.hasPrefix("\(name)/") })
        for (host, actions) in full.actions {
            let mine = actions.filter { $0.stack == name }
            if !mine.isEmpty { plan.actions[host] = mine }
        }
        let instructions = InstructionBuilder.instructions(for: plan, desired: desired + added, environment: environmentId,
                                                           volumes: [name: source.definition.volumes], loadBalancerImage: reconcile.loadBalancerImage)
        return Preview(plan: plan, instructions: instructions, change: nil,
                       loadBalancers: try balancerChanges(environmentId: environmentId, plan: plan, replacing: [name: source.definition.services]))
    }

    /// What upgrading a stack to `source` would do: for each service that gets new containers, a new container next
    /// to each old one on the same host (the old one stopped), then new services placed by the scheduler and pruned
    /// ones removed.
    package func upgrade(_ stackId: String, source: StackSource, options: UpgradeOptions) throws -> Preview {
        let stack = try store.existingStack(stackId)
        guard let current = try store.revision(stackId: stackId, number: stack.currentRevision) else {
            throw ControlError.notFound("stack \(stack.name) has no revision \(stack.currentRevision)")
        }
        let services = try store.services(stackId: stackId)
        let byName = Dictionary(uniqueKeysWithValues: services.map { ($0.name, $0) })
        let change = try Controller.numbered(store: store, StackChange.between(old: current.definition, versions: byName.mapValues(\.versions), new: source.definition,
                                                      force: options.force, prune: options.prune), services: byName)
        let instances = try store.instances(environmentId: stack.environmentId)
        var plan = Plan()
        var desired: [DesiredService] = []
        for service in source.definition.services {
            let versions = change.upgraded[service.name] ?? services.first { $0.name == service.name }?.versions
            desired.append(versions.map { DesiredService(stack: stack.name, definition: service, versions: $0) }
                ?? DesiredService.initial(stack: stack.name, definition: service))
        }
        for (name, versions) in change.upgraded.sorted(by: { $0.key < $1.key }) {
            let old = services.first { $0.name == name }!
            for instance in instances where instance.serviceId == old.id && versions[instance.launchConfig] != old.versions[instance.launchConfig]
                && instance.version == old.versions[instance.launchConfig] {
                let version = versions[instance.launchConfig] ?? 1
                let deploymentUnit = PlanIdentity.deploymentUnit(stack: stack.name, service: name, unit: instance.unitIndex)
                plan.actions[instance.hostId, default: []].append(PlanAction(
                    kind: .create, instance: PlanIdentity.instance(stack: stack.name, service: name, launchConfig: instance.launchConfig,
                                                                   unit: instance.unitIndex, version: version),
                    stack: stack.name, service: name, launchConfig: instance.launchConfig, unit: instance.unitIndex,
                    deploymentUnit: deploymentUnit, version: version, host: instance.hostId, reason: "upgrade to v\(version)"))
                plan.actions[instance.hostId, default: []].append(PlanAction(
                    kind: .stop, instance: instance.id, stack: stack.name, service: name, launchConfig: instance.launchConfig, unit: instance.unitIndex,
                    deploymentUnit: deploymentUnit, version: instance.version, host: instance.hostId,
                    reason: "replaced by v\(version); kept until finish-upgrade"))
            }
        }
        if !change.added.isEmpty || !change.removed.isEmpty {
            let added = try previewAdded(stack, desired.filter { change.added.contains($0.name) })
            for (host, actions) in added.actions { plan.actions[host, default: []] += actions }
            plan.unschedulable = added.unschedulable
            for instance in instances where change.removed.contains(where: { instance.serviceId == "\(stackId)/\($0)" }) {
                plan.actions[instance.hostId, default: []].append(PlanAction(
                    kind: .remove, instance: instance.id, stack: stack.name, service: instance.serviceName, launchConfig: instance.launchConfig,
                    unit: instance.unitIndex, deploymentUnit: "", version: instance.version, host: instance.hostId, reason: "pruned"))
            }
        }
        let instructions = InstructionBuilder.instructions(for: plan, desired: desired, environment: stack.environmentId,
                                                           volumes: [stack.name: source.definition.volumes],
                                                           loadBalancerImage: reconcile.loadBalancerImage)
        return Preview(plan: plan, instructions: instructions, change: change,
                       loadBalancers: try balancerChanges(environmentId: stack.environmentId, plan: plan,
                                                          replacing: [stack.name: source.definition.services]))
    }

    private func previewAdded(_ stack: StoredStack, _ added: [DesiredService]) throws -> Plan {
        let (desired, ignoring) = try reconcile.desiredState(stack.environmentId)
        let full = try reconcile.reconciler(stack.environmentId).plan(desired + added, ignoring: ignoring)
        let names = Set(added.map(\.name))
        var plan = Plan(actions: [:], unschedulable: full.unschedulable.filter { key, _ in names.contains { key == "\(stack.name)/\($0)" } })
        for (host, actions) in full.actions {
            let mine = actions.filter { $0.stack == stack.name && names.contains($0.service) }
            if !mine.isEmpty { plan.actions[host] = mine }
        }
        return plan
    }

    /// What scaling a service to `scale` would do now: units created (placed by the scheduler) or removed.
    package func scale(_ serviceId: String, to scale: Int) throws -> Preview {
        let service = try store.existingService(serviceId)
        var (desired, ignoring) = try reconcile.desiredState(service.environmentId)
        guard let index = desired.firstIndex(where: { $0.stack == service.stackName && $0.name == service.name }) else {
            throw ControlError.refused("service \(service.name) is \(service.state.rawValue): it cannot be scaled now")
        }
        desired[index].definition.scale = scale
        let full = try reconcile.reconciler(service.environmentId).plan(desired, ignoring: ignoring)
        var plan = Plan(actions: [:], unschedulable: full.unschedulable.filter { $0.key == "\(service.stackName)/\(service.name)" })
        for (host, actions) in full.actions {
            let mine = actions.filter { $0.stack == service.stackName && $0.service == service.name }
            if !mine.isEmpty { plan.actions[host] = mine }
        }
        return Preview(plan: plan, instructions: InstructionBuilder.instructions(for: plan, desired: desired, environment: service.environmentId,
                                                                                 loadBalancerImage: reconcile.loadBalancerImage),
                       change: nil, loadBalancers: try balancerChanges(environmentId: service.environmentId, plan: plan))
    }

    /// What rolling back the stack's current upgrade would do: the new containers removed, the old ones started.
    package func rollback(_ stackId: String) throws -> Preview {
        let stack = try store.existingStack(stackId)
        try Controller.check(.rollback, stack.state, "stack \(stack.name)")
        let instances = try store.instances(environmentId: stack.environmentId)
        var plan = Plan()
        var desired: [DesiredService] = []
        for service in try store.services(stackId: stackId) {
            guard let definition = service.previousDefinition, let versions = service.previousVersions else { continue }
            desired.append(DesiredService(stack: stack.name, definition: definition, versions: versions))
            for instance in instances where instance.serviceId == service.id {
                let old = versions[instance.launchConfig] == instance.version
                plan.actions[instance.hostId, default: []].append(PlanAction(
                    kind: old ? .start : .remove, instance: instance.id, stack: stack.name, service: service.name, launchConfig: instance.launchConfig,
                    unit: instance.unitIndex, deploymentUnit: instance.deploymentUnit, version: instance.version, host: instance.hostId,
                    reason: old ? "back to v\(instance.version)" : "rolled back"))
            }
        }
        return Preview(plan: plan, instructions: InstructionBuilder.instructions(for: plan, desired: desired, environment: stack.environmentId,
                                                                                 loadBalancerImage: reconcile.loadBalancerImage),
                       change: nil, loadBalancers: try balancerChanges(environmentId: stack.environmentId, plan: plan,
                                                                       replacing: [stack.name: desired.map(\.definition)]))
    }
}
