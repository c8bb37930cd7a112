import DroverModel
import DroverStore

/// Plans computed without applying anything: what creating a stack or upgrading one would do, per host, with the
/// instructions (and so the `docker run` lines) agents would get.
extension Controller {
    /// A plan and the instructions that carry it out, per host.
    public struct Preview: Sendable {
        public var plan: Plan
        public var instructions: [String: [Instruction]]
        public var change: StackChange?
    }

    /// What creating stack `name` from `source` would do now.
    public func previewCreate(environmentId: String, name: String, source: StackSource) throws -> Preview {
        try Self.checkName(name)
        guard try store.stack(Self.stackId(environmentId, name)) == nil else {
            throw ControlError.conflict("stack \"\(name)\" already exists; plan an upgrade instead")
        }
        let (desired, ignoring) = try desiredState(environmentId)
        let added = source.definition.services.map { DesiredService.initial(stack: name, definition: $0) }
        let full = try reconciler(environmentId).plan(desired + added, ignoring: ignoring)
        var plan = Plan(actions: [:], unschedulable: full.unschedulable.filter { $0.key.hasPrefix("\(name)/") })
        for (host, actions) in full.actions {
            let mine = actions.filter { $0.stack == name }
            if !mine.isEmpty { plan.actions[host] = mine }
        }
        let instructions = InstructionBuilder.instructions(for: plan, desired: desired + added, environment: environmentId,
                                                           volumes: [name: source.definition.volumes])
        return Preview(plan: plan, instructions: instructions, change: nil)
    }

    /// What upgrading a stack to `source` would do: for each service that gets new containers, a new container next
    /// to each old one on the same host (the old one stopped), then new services placed by the scheduler and pruned
    /// ones removed.
    public func previewUpgrade(_ stackId: String, source: StackSource, options: UpgradeOptions) throws -> Preview {
        let stack = try existingStack(stackId)
        guard let current = try store.revision(stackId: stackId, number: stack.currentRevision) else {
            throw ControlError.notFound("stack \(stack.name) has no revision \(stack.currentRevision)")
        }
        let services = try store.services(stackId: stackId)
        let byName = Dictionary(uniqueKeysWithValues: services.map { ($0.name, $0) })
        let change = try numbered(StackChange.between(old: current.definition, versions: byName.mapValues(\.versions), new: source.definition,
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
                                                           volumes: [stack.name: source.definition.volumes])
        return Preview(plan: plan, instructions: instructions, change: change)
    }

    private func previewAdded(_ stack: StoredStack, _ added: [DesiredService]) throws -> Plan {
        let (desired, ignoring) = try desiredState(stack.environmentId)
        let full = try reconciler(stack.environmentId).plan(desired + added, ignoring: ignoring)
        let names = Set(added.map(\.name))
        var plan = Plan(actions: [:], unschedulable: full.unschedulable.filter { key, _ in names.contains { key == "\(stack.name)/\($0)" } })
        for (host, actions) in full.actions {
            let mine = actions.filter { $0.stack == stack.name && names.contains($0.service) }
            if !mine.isEmpty { plan.actions[host] = mine }
        }
        return plan
    }

    /// The services a reconcile pass would keep running, and those it must leave alone now.
    func desiredState(_ environmentId: String) throws -> ([DesiredService], Set<String>) {
        desiredState(try store.services(environmentId: environmentId))
    }

    /// The desired state of `services` (an environment's) and the services reconcile passes leave alone.
    func desiredState(_ services: [StoredService]) -> ([DesiredService], Set<String>) {
        let ignoring = Set(services.filter { Self.handsOffStates.contains($0.state) }.map { "\($0.stackName)/\($0.name)" })
        let desired = services.filter { !Self.handsOffStates.contains($0.state) }
            .map { DesiredService(stack: $0.stackName, definition: $0.definition, versions: $0.versions) }
        return (desired, ignoring)
    }
}

extension Controller {
    /// What scaling a service to `scale` would do now: units created (placed by the scheduler) or removed.
    public func previewScale(_ serviceId: String, to scale: Int) throws -> Preview {
        let service = try existingService(serviceId)
        var (desired, ignoring) = try desiredState(service.environmentId)
        guard let index = desired.firstIndex(where: { $0.stack == service.stackName && $0.name == service.name }) else {
            throw ControlError.refused("service \(service.name) is \(service.state): it cannot be scaled now")
        }
        desired[index].definition.scale = scale
        let full = try reconciler(service.environmentId).plan(desired, ignoring: ignoring)
        var plan = Plan(actions: [:], unschedulable: full.unschedulable.filter { $0.key == "\(service.stackName)/\(service.name)" })
        for (host, actions) in full.actions {
            let mine = actions.filter { $0.stack == service.stackName && $0.service == service.name }
            if !mine.isEmpty { plan.actions[host] = mine }
        }
        return Preview(plan: plan, instructions: InstructionBuilder.instructions(for: plan, desired: desired, environment: service.environmentId),
                       change: nil)
    }

    /// What rolling back the stack's current upgrade would do: the new containers removed, the old ones started.
    public func previewRollback(_ stackId: String) throws -> Preview {
        let stack = try existingStack(stackId)
        try check(.rollback, stack.state, "stack \(stack.name)")
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
        return Preview(plan: plan, instructions: InstructionBuilder.instructions(for: plan, desired: desired, environment: stack.environmentId),
                       change: nil)
    }
}
