import DroverModel
import DroverStore
import Foundation

/// Stack upgrades as rancher `up --upgrade` does them, plus finish, rollback (to the previous revision or to any
/// stored one), cancel and continue. Each accepted command is one transaction; `operations` does the work.
extension Controller {
    /// Upgrades a stack to `source`: a new revision; services whose launch configs changed get new containers in
    /// batches (the old ones stopped, kept until finish or rollback); new services are deployed; settings-only
    /// changes apply at once; with `prune`, services that left the files are removed. Returns what changes; an empty
    /// change writes nothing.
    @discardableResult
    package func upgradeStack(_ stackId: String, source: StackSource, options: UpgradeOptions, actor: String,
                              note: String? = nil) throws -> StackChange {
        let stack = try store.existingStack(stackId)
        try Self.check(.upgrade, stack.state, "stack \(stack.name)")
        guard let current = try store.revision(stackId: stackId, number: stack.currentRevision) else {
            throw ControlError.notFound("stack \(stack.name) has no revision \(stack.currentRevision)")
        }
        let services = Dictionary(uniqueKeysWithValues: try store.services(stackId: stackId).map { ($0.name, $0) })
        var change = try Self.numbered(store: store, StackChange.between(old: current.definition, versions: services.mapValues(\.versions),
                                                                         new: source.definition, force: options.force, prune: options.prune),
                                       services: services)
        // A service in error with no container running (its image was wrong, say) has nothing to upgrade in place: its
        // new definition applies at once and a pass creates its containers.
        let running = Set(try store.instances(environmentId: stack.environmentId, stackId: stackId).filter { $0.state == .running }.map(\.serviceId))
        let neverRan = change.upgraded.filter { name, _ in services[name].map { $0.state == .error && !running.contains($0.id) } ?? false }
        for name in neverRan.keys { change.upgraded[name] = nil }
        let sameSource = current.dockerCompose == source.dockerCompose && current.rancherCompose == source.rancherCompose
            && current.answers == source.answers && current.externalId == source.externalId
        if change.isEmpty && neverRan.isEmpty && sameSource { return change }
        try reconcile.withEnvironment(stack.environmentId) {
            try store.database.write {
                let revision = try store.addRevision(stackId: stackId, source.revision, actor: actor)
                try store.setUpgradeOptions(stackId, try JSONEncoder().encode(options))
                try store.setRevision(stackId, current: revision.number, previous: change.upgraded.isEmpty ? nil : stack.currentRevision)
                for (name, versions) in change.upgraded.sorted(by: { $0.key < $1.key }) {
                    let old = services[name]!
                    try store.updateService(old.id, definition: source.definition.service(name)!, versions: versions,
                                            previous: (old.definition, old.versions))
                    try store.setServiceState(old.id, state: .upgrading, message: nil, environmentId: stack.environmentId,
                                              actor: actor, event: "service \(name) upgrading to revision \(revision.number)")
                }
                for name in change.updated {
                    let old = services[name]!
                    try store.updateService(old.id, definition: source.definition.service(name)!, versions: old.versions, previous: nil)
                }
                for (name, versions) in neverRan.sorted(by: { $0.key < $1.key }) {
                    let old = services[name]!
                    try store.updateService(old.id, definition: source.definition.service(name)!, versions: versions, previous: nil)
                    try store.setServiceState(old.id, state: .activating, message: nil, environmentId: stack.environmentId, actor: actor,
                                              event: "service \(name) had no running container: revision \(revision.number) applies at once")
                }
                try store.addServices(stackId: stackId, change.added.compactMap { source.definition.service($0) }, state: .activating)
                for name in change.removed { try store.deleteService(services[name]!.id) }
                let state: ResourceState = change.upgraded.isEmpty ? .activating : .upgrading
                try store.setStackState(stackId, state: state, message: nil, environmentId: stack.environmentId, actor: actor,
                                        event: note ?? "stack \(stack.name) at revision \(revision.number): " + Self.summary(change))
            }
        }
        if !change.upgraded.isEmpty { runUpgrade(stackId, services: change.upgraded.keys.sorted(), options: options, actor: actor) }
        reconcile.schedule(stack.environmentId)
        change.updated = (change.updated + neverRan.keys).sorted()
        return change
    }

    /// Rolls a stack back to stored revision `number` by upgrading to it and finishing: any revision, not only the
    /// previous one. The stack gets a new revision with that revision's content.
    @discardableResult
    package func rollback(_ stackId: String, toRevision number: Int, options: UpgradeOptions, actor: String) throws -> StackChange {
        guard let revision = try store.revision(stackId: stackId, number: number) else {
            let known = try store.revisions(stackId: stackId).map { "\($0.number)" }.joined(separator: ", ")
            throw ControlError.notFound("stack \(stackId) has no revision \(number) (revisions: \(known))")
        }
        var options = options
        options.finish = true
        return try upgradeStack(stackId, source: StackSource(revision), options: options, actor: actor, note: "rolling back to revision \(number)")
    }

    /// Removes the old containers of every upgraded service; the stack is `active` at its new revision.
    package func finishUpgrade(_ stackId: String, actor: String) throws {
        let stack = try store.existingStack(stackId)
        try Self.check(.finishupgrade, stack.state, "stack \(stack.name)")
        _ = try operations.transition(stack, services: [.upgraded], to: .finishingUpgrade, actor: actor)
        jobs.run { [operations] in try operations.finish(stack, actor: actor) }
    }

    /// Undoes the upgrade in progress or done: a running upgrade is canceled, old containers restarted, new ones
    /// removed, services and answers back to the previous revision — the whole stack as one unit.
    package func rollback(_ stackId: String, actor: String) throws {
        let stack = try store.existingStack(stackId)
        try Self.check(.rollback, stack.state, "stack \(stack.name)")
        guard let previous = stack.previousRevision, let target = try store.revision(stackId: stackId, number: previous) else {
            throw ControlError.refused("stack \(stack.name) has no upgrade to roll back")
        }
        let upgrade = operations.current(stackId)
        upgrade?.cancellation.cancel()
        try store.setStackState(stackId, state: .rollingBack, message: nil, environmentId: stack.environmentId,
                                actor: actor, event: "stack \(stack.name) rolling back to revision \(previous)")
        jobs.run { [operations] in
            upgrade?.done.wait()
            try operations.rollback(stack, to: target, actor: actor)
        }
    }

    /// Stops a running upgrade after the batch it is in (`canceled-upgrade`; continue or roll back next).
    package func cancelUpgrade(_ stackId: String, actor: String) throws {
        let stack = try store.existingStack(stackId)
        try Self.check(.cancelupgrade, stack.state, "stack \(stack.name)")
        operations.current(stackId)?.cancellation.cancel()
        try store.setStackState(stackId, state: .cancelingUpgrade, message: nil, environmentId: stack.environmentId,
                                actor: actor, event: "stack \(stack.name) canceling its upgrade after the current batch")
    }

    /// Resumes a canceled upgrade where it stopped.
    package func continueUpgrade(_ stackId: String, options: UpgradeOptions = UpgradeOptions(), actor: String) throws {
        let stack = try store.existingStack(stackId)
        try Self.check(.continueupgrade, stack.state, "stack \(stack.name)")
        let services = try operations.transition(stack, services: [.canceledUpgrade, .upgrading], to: .upgrading, actor: actor)
        try store.setStackState(stackId, state: .upgrading, message: nil, environmentId: stack.environmentId,
                                actor: actor, event: "stack \(stack.name) continuing its upgrade")
        runUpgrade(stackId, services: services.map(\.name), options: options, actor: actor)
    }

    /// Upgrades `services` in the background; then finishes at once with `options.finish`, and rolls back by itself
    /// after a failure with `options.rollbackOnFailure`.
    func runUpgrade(_ stackId: String, services: [String], options: UpgradeOptions, actor: String) {
        operations.upgrade(stackId, services: services, options: options) { [self] state, failure in
            guard let stack = try store.stack(stackId) else { return }
            if state == .upgraded && options.finish { try finishUpgrade(stackId, actor: actor) }
            if let failure, options.rollbackOnFailure {
                try store.appendEvent(environmentId: stack.environmentId, type: "stack", resourceId: stackId, actor: "drover", action: "rollback",
                                      message: "stack \(stack.name): rolling back by itself because \(failure)")
                try rollback(stackId, actor: "drover (automatic rollback)")
            }
        }
    }

    /// `change` with every new launch-config version above any version the service ever had, so a version number
    /// rolled back and abandoned is never given to another config.
    static func numbered(store: StackStore, _ change: StackChange, services: [String: StoredService]) throws -> StackChange {
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
