import DroverModel
import DroverStore
import Foundation

/// Stack upgrades as rancher `up --upgrade` does them, plus finish, rollback (to the previous revision or to any
/// stored one), cancel and continue. Each accepted action is one transaction; the work runs in the server.
extension Controller {
    /// Upgrades a stack to `source`: a new revision; services whose launch configs changed get new containers in
    /// batches (the old ones stopped, kept until finish or rollback); new services are deployed; settings-only
    /// changes apply at once; with `prune`, services that left the files are removed. Returns what changes; an empty
    /// change writes nothing.
    @discardableResult
    public func upgradeStack(_ stackId: String, source: StackSource, options: UpgradeOptions, actor: String,
                             note: String? = nil) throws -> StackChange {
        let stack = try existingStack(stackId)
        try check(.upgrade, stack.state, "stack \(stack.name)")
        guard let current = try store.revision(stackId: stackId, number: stack.currentRevision) else {
            throw ControlError.notFound("stack \(stack.name) has no revision \(stack.currentRevision)")
        }
        let services = Dictionary(uniqueKeysWithValues: try store.services(stackId: stackId).map { ($0.name, $0) })
        let change = try numbered(StackChange.between(old: current.definition, versions: services.mapValues(\.versions), new: source.definition,
                                                      force: options.force, prune: options.prune), services: services)
        let sameSource = current.dockerCompose == source.dockerCompose && current.rancherCompose == source.rancherCompose
            && current.answers == source.answers && current.externalId == source.externalId
        if change.isEmpty && sameSource { return change }
        try withEnvironment(stack.environmentId) {
            try store.database.write {
                let revision = try store.addRevision(stackId: stackId, source.revision, actor: actor)
                try store.setUpgradeOptions(stackId, try JSONEncoder().encode(options))
                try store.setRevision(stackId, current: revision.number, previous: change.upgraded.isEmpty ? nil : stack.currentRevision)
                for (name, versions) in change.upgraded.sorted(by: { $0.key < $1.key }) {
                    let old = services[name]!
                    try store.updateService(old.id, definition: source.definition.service(name)!, versions: versions,
                                            previous: (old.definition, old.versions))
                    try store.setServiceState(old.id, state: ResourceState.upgrading.rawValue, message: nil, environmentId: stack.environmentId,
                                              actor: actor, event: "service \(name) upgrading to revision \(revision.number)")
                }
                for name in change.updated {
                    let old = services[name]!
                    try store.updateService(old.id, definition: source.definition.service(name)!, versions: old.versions, previous: nil)
                }
                try store.addServices(stackId: stackId, change.added.compactMap { source.definition.service($0) },
                                      state: ResourceState.activating.rawValue)
                for name in change.removed { try store.deleteService(services[name]!.id) }
                let state: ResourceState = change.upgraded.isEmpty ? .activating : .upgrading
                try store.setStackState(stackId, state: state.rawValue, message: nil, environmentId: stack.environmentId, actor: actor,
                                        event: note ?? "stack \(stack.name) at revision \(revision.number): " + Self.summary(change))
            }
        }
        if !change.upgraded.isEmpty { startUpgrade(stackId, services: change.upgraded.keys.sorted(), options: options, actor: actor) }
        schedule(stack.environmentId)
        return change
    }

    /// Rolls a stack back to stored revision `number` by upgrading to it and finishing: any revision, not only the
    /// previous one. The stack gets a new revision with that revision's content.
    @discardableResult
    public func rollback(_ stackId: String, toRevision number: Int, options: UpgradeOptions, actor: String) throws -> StackChange {
        guard let revision = try store.revision(stackId: stackId, number: number) else {
            let known = try store.revisions(stackId: stackId).map { "\($0.number)" }.joined(separator: ", ")
            throw ControlError.notFound("stack \(stackId) has no revision \(number) (revisions: \(known))")
        }
        var options = options
        options.finish = true
        return try upgradeStack(stackId, source: StackSource(revision), options: options, actor: actor, note: "rolling back to revision \(number)")
    }

    /// Removes the old containers of every upgraded service; the stack is `active` at its new revision.
    public func finishUpgrade(_ stackId: String, actor: String) throws {
        let stack = try existingStack(stackId)
        try check(.finishupgrade, stack.state, "stack \(stack.name)")
        _ = try transition(stack, services: [.upgraded], to: .finishingUpgrade, actor: actor)
        background { [self] in try runFinish(stack, actor: actor) }
    }

    /// Removes the old containers of the stack's services that are finishing their upgrade, then settles the stack
    /// `active`; also what a restarted server runs for a stack it finds `finishing-upgrade`.
    func runFinish(_ stack: StoredStack, actor: String) throws {
        let upgrader = try upgrader(stack)
        for service in try store.services(stackId: stack.id) where service.state == ResourceState.finishingUpgrade.rawValue {
            try upgrader.finish(DesiredService(stack: stack.name, definition: service.definition, versions: service.versions))
            try withEnvironment(stack.environmentId) {
                try store.database.write {
                    try store.updateService(service.id, definition: service.definition, versions: service.versions, previous: nil)
                    try store.setServiceState(service.id, state: ResourceState.active.rawValue, message: nil, environmentId: stack.environmentId,
                                              actor: actor, event: "service \(service.name) upgrade finished: old containers removed")
                }
            }
        }
        try recordInstances(environmentId: stack.environmentId)
        try store.database.write {
            try store.setRevision(stack.id, current: stack.currentRevision, previous: nil)
            try store.setStackState(stack.id, state: ResourceState.active.rawValue, message: nil, environmentId: stack.environmentId,
                                    actor: actor, event: "stack \(stack.name) upgrade finished at revision \(stack.currentRevision)")
        }
        schedule(stack.environmentId)
    }

    /// Undoes the upgrade in progress or done: a running upgrade is canceled, old containers restarted, new ones
    /// removed, services and answers back to the previous revision — the whole stack as one unit.
    public func rollback(_ stackId: String, actor: String) throws {
        let stack = try existingStack(stackId)
        try check(.rollback, stack.state, "stack \(stack.name)")
        guard let previous = stack.previousRevision, let target = try store.revision(stackId: stackId, number: previous) else {
            throw ControlError.refused("stack \(stack.name) has no upgrade to roll back")
        }
        let upgrade = currentUpgrade(stackId)
        upgrade?.cancellation.cancel()
        try store.setStackState(stackId, state: ResourceState.rollingBack.rawValue, message: nil, environmentId: stack.environmentId,
                                actor: actor, event: "stack \(stack.name) rolling back to revision \(previous)")
        background { [self] in
            upgrade?.done.wait()
            try runRollback(stack, to: target, actor: actor)
        }
    }

    /// Restarts the old containers and removes the new ones of every service an upgrade owns, then makes the stack's
    /// services and revision those of `target`; also what a restarted server runs for a stack it finds `rolling-back`.
    func runRollback(_ stack: StoredStack, to target: StoredRevision, actor: String) throws {
        let services = try transition(stack, services: Controller.upgradeStates, to: .rollingBack, actor: actor)
        let upgrader = try upgrader(stack)
        for service in services {
            guard let definition = service.previousDefinition, let versions = service.previousVersions else { continue }
            try upgrader.rollback(to: DesiredService(stack: stack.name, definition: definition, versions: versions))
            try withEnvironment(stack.environmentId) {
                try store.database.write {
                    try store.updateService(service.id, definition: definition, versions: versions, previous: nil)
                    try store.setServiceState(service.id, state: ResourceState.active.rawValue, message: nil, environmentId: stack.environmentId,
                                              actor: actor, event: "service \(service.name) rolled back")
                }
            }
        }
        try recordInstances(environmentId: stack.environmentId)
        try withEnvironment(stack.environmentId) {
            try store.database.write {
                let names = Set(target.definition.services.map(\.name))
                let present = try store.services(stackId: stack.id)
                for service in present where !names.contains(service.name) { try store.deleteService(service.id) }
                let missing = target.definition.services.filter { service in !present.contains { $0.name == service.name } }
                try store.addServices(stackId: stack.id, missing, state: ResourceState.activating.rawValue)
                try store.setRevision(stack.id, current: target.number, previous: nil)
                try store.setStackState(stack.id, state: ResourceState.active.rawValue, message: nil, environmentId: stack.environmentId,
                                        actor: actor, event: "stack \(stack.name) rolled back to revision \(target.number)")
            }
        }
        schedule(stack.environmentId)
    }

    /// Stops a running upgrade after the batch it is in (`canceled-upgrade`; continue or roll back next).
    public func cancelUpgrade(_ stackId: String, actor: String) throws {
        let stack = try existingStack(stackId)
        try check(.cancelupgrade, stack.state, "stack \(stack.name)")
        currentUpgrade(stackId)?.cancellation.cancel()
        try store.setStackState(stackId, state: ResourceState.cancelingUpgrade.rawValue, message: nil, environmentId: stack.environmentId,
                                actor: actor, event: "stack \(stack.name) canceling its upgrade after the current batch")
    }

    /// Resumes a canceled upgrade where it stopped.
    public func continueUpgrade(_ stackId: String, options: UpgradeOptions = UpgradeOptions(), actor: String) throws {
        let stack = try existingStack(stackId)
        try check(.continueupgrade, stack.state, "stack \(stack.name)")
        let services = try transition(stack, services: [.canceledUpgrade, .upgrading], to: .upgrading, actor: actor)
        try store.setStackState(stackId, state: ResourceState.upgrading.rawValue, message: nil, environmentId: stack.environmentId,
                                actor: actor, event: "stack \(stack.name) continuing its upgrade")
        startUpgrade(stackId, services: services.map(\.name), options: options, actor: actor)
    }

    // MARK: - Running upgrades

    /// Upgrades `services` of a stack one after the other on a background thread, then settles the stack:
    /// `upgraded` (finished at once with `options.finish`) or `canceled-upgrade`.
    func startUpgrade(_ stackId: String, services names: [String], options: UpgradeOptions, actor: String) {
        let upgrade = RunningUpgrade()
        upgrade.done.enter()
        lock.lock()
        running[stackId] = upgrade
        lock.unlock()
        background { [self] in
            defer {
                lock.lock()
                if running[stackId] === upgrade { running[stackId] = nil }
                lock.unlock()
                upgrade.done.leave()
            }
            let stack = try existingStack(stackId)
            let upgrader = try upgrader(stack)
            var canceled = false
            var failure: String?
            for name in names {
                guard let service = try store.service("\(stackId)/\(name)"), let definition = service.previousDefinition,
                      let versions = service.previousVersions else { continue }
                let old = DesiredService(stack: stack.name, definition: definition, versions: versions)
                let new = DesiredService(stack: stack.name, definition: service.definition, versions: service.versions)
                var state = ResourceState.upgraded
                var message: String?
                if canceled || upgrade.cancellation.isCancelled {
                    state = .canceledUpgrade
                } else {
                    let started = Date()
                    defer { timings.upgraded(Date().timeIntervalSince(started)) }
                    do {
                        let outcome = try upgrader.upgrade(from: old, to: new, strategy: options.strategy(service.definition.upgradeStrategy),
                                                           cancellation: upgrade.cancellation) { line in
                            try? store.appendEvent(environmentId: stack.environmentId, type: "service", resourceId: service.id, actor: "drover",
                                                   action: "upgrade", message: "service \(name): \(line)")
                        }
                        if case .canceled = outcome { state = .canceledUpgrade }
                    } catch {
                        (state, message) = (.canceledUpgrade, "\(error)")
                        failure = failure ?? "service \(name): \(error)"
                    }
                }
                canceled = canceled || state == .canceledUpgrade
                try store.setServiceState(service.id, state: state.rawValue, message: message, environmentId: stack.environmentId, actor: "drover",
                                          event: "service \(name) \(state.rawValue)" + (message.map { ": \($0)" } ?? ""))
            }
            guard let now = try store.stack(stackId), [ResourceState.upgrading.rawValue, ResourceState.cancelingUpgrade.rawValue].contains(now.state) else {
                return
            }
            let state: ResourceState = canceled ? .canceledUpgrade : .upgraded
            try recordInstances(environmentId: stack.environmentId)
            try store.setStackState(stackId, state: state.rawValue, message: nil, environmentId: stack.environmentId, actor: "drover",
                                    event: "stack \(stack.name) \(state.rawValue)")
            if state == .upgraded && options.finish { try finishUpgrade(stackId, actor: actor) }
            if let failure, options.rollbackOnFailure {
                try store.appendEvent(environmentId: stack.environmentId, type: "stack", resourceId: stackId, actor: "drover", action: "rollback",
                                      message: "stack \(stack.name): rolling back by itself because \(failure)")
                try rollback(stackId, actor: "drover (automatic rollback)")
            }
        }
    }

    /// Moves the stack's services that are in one of `states` to `target` and returns them as they were.
    private func transition(_ stack: StoredStack, services states: Set<String>, to target: ResourceState, actor: String) throws -> [StoredService] {
        try withEnvironment(stack.environmentId) {
            try store.database.write {
                let services = try store.services(stackId: stack.id).filter { states.contains($0.state) }
                for service in services {
                    try store.setServiceState(service.id, state: target.rawValue, message: nil, environmentId: stack.environmentId, actor: actor,
                                              event: "service \(service.name) \(target.rawValue)")
                }
                if target != .upgrading {
                    try store.setStackState(stack.id, state: target.rawValue, message: nil, environmentId: stack.environmentId, actor: actor,
                                            event: "stack \(stack.name) \(target.rawValue)")
                }
                return services
            }
        }
    }

    private func transition(_ stack: StoredStack, services states: [ResourceState], to target: ResourceState, actor: String) throws -> [StoredService] {
        try transition(stack, services: Set(states.map(\.rawValue)), to: target, actor: actor)
    }

    /// An upgrader for a stack, knowing its other services and volumes.
    private func upgrader(_ stack: StoredStack) throws -> Upgrader {
        let services = try store.services(stackId: stack.id).map { DesiredService(stack: stack.name, definition: $0.definition, versions: $0.versions) }
        let volumes = try store.revision(stackId: stack.id, number: stack.currentRevision)?.definition.volumes ?? [:]
        return Upgrader(reconciler: try reconciler(stack.environmentId), waitTimeout: upgradeWaitTimeout, stackServices: services, volumes: volumes)
    }

    /// `change` with every new launch-config version above any version the service ever had, so a version number
    /// rolled back and abandoned is never given to another config.
    func numbered(_ change: StackChange, services: [String: StoredService]) throws -> StackChange {
        var result = change
        for (name, versions) in change.upgraded {
            guard let service = services[name] else { continue }
            let used = try store.highestVersions(serviceId: service.id)
            for (config, version) in versions where service.versions[config] != version {
                result.upgraded[name]![config] = max(version, (used[config] ?? 0) + 1)
            }
        }
        return result
    }

    static func summary(_ change: StackChange) -> String {
        var parts: [String] = []
        if !change.upgraded.isEmpty { parts.append("upgrading " + change.upgraded.keys.sorted().joined(separator: ", ")) }
        if !change.updated.isEmpty { parts.append("updating " + change.updated.joined(separator: ", ")) }
        if !change.added.isEmpty { parts.append("adding " + change.added.joined(separator: ", ")) }
        if !change.removed.isEmpty { parts.append("removing " + change.removed.joined(separator: ", ")) }
        return parts.isEmpty ? "compose texts or answers changed, no service affected" : parts.joined(separator: "; ")
    }
}
