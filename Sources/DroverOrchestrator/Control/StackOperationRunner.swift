import DroverBasics
import DroverModel
import DroverStore
import Foundation

/// Carries out the stack operations the controller accepted, in the background and to completion whatever happens
/// to the client that asked: upgrades batch by batch, finishes, rollbacks, removals, rolling restarts and
/// deactivations. Each step is idempotent, so a restarted server runs the same code from where the store says it is.
package final class StackOperationRunner: Sendable {
    /// A running upgrade: how to cancel it and how to wait for its end.
    final class RunningUpgrade: Sendable {
        let cancellation = Cancellation()
        let done = DispatchGroup()
    }

    let store: StackStore
    let reconcile: ReconcileLoop
    /// Seconds an upgrade batch may take to run its new containers.
    package let upgradeWaitTimeout: Double
    /// Upgrades running now, by stack id.
    private let running = Locked<[String: RunningUpgrade]>([:])
    /// Stops start-first upgrades left running in the background, by stack id (see `Upgrader.background`).
    private let backgroundStops = Locked<[String: DispatchGroup]>([:])

    init(store: StackStore, reconcile: ReconcileLoop, upgradeWaitTimeout: Double) {
        self.store = store
        self.reconcile = reconcile
        self.upgradeWaitTimeout = upgradeWaitTimeout
    }

    /// The upgrade running now for a stack, if any.
    func current(_ stackId: String) -> RunningUpgrade? {
        running.withLock { $0[stackId] }
    }

    // MARK: - Upgrades

    /// Upgrades `names` (services of a stack) one after the other in the background, then settles the stack
    /// `upgraded` or `canceled-upgrade` and calls `then` with that state and the first failure, if any.
    func upgrade(_ stackId: String, services names: [String], options: UpgradeOptions,
                 then: @escaping @Sendable (ResourceState, String?) throws -> Void) {
        let upgrade = RunningUpgrade()
        upgrade.done.enter()
        running.withLock { $0[stackId] = upgrade }
        reconcile.jobs.run { [self] in
            defer {
                running.withLock { if $0[stackId] === upgrade { $0[stackId] = nil } }
                upgrade.done.leave()
            }
            let stack = try store.existingStack(stackId)
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
                    defer { reconcile.timings.upgraded(Date().timeIntervalSince(started)) }
                    do {
                        let outcome = try upgrader.upgrade(from: old, to: new, strategy: options.strategy(service.definition.upgradeStrategy),
                                                           cancellation: upgrade.cancellation) { line in
                            try? store.appendEvent(environmentId: stack.environmentId, type: "service", resourceId: service.id, actor: "drover",
                                                   action: "upgrade", message: "service \(name): \(line)")
                        }
                        if case .canceled = outcome { state = .canceledUpgrade }
                        // The old containers of the last batch finish stopping in the background: the service is
                        // `upgraded` (old containers stopped, as Rancher's) once they have; the batches did not wait.
                        upgrader.background.wait()
                    } catch {
                        (state, message) = (.canceledUpgrade, "\(error)")
                        failure = failure ?? "service \(name): \(error)"
                    }
                }
                canceled = canceled || state == .canceledUpgrade
                try store.setServiceState(service.id, state: state, message: message, environmentId: stack.environmentId, actor: "drover",
                                          event: "service \(name) \(state.rawValue)" + (message.map { ": \($0)" } ?? ""))
            }
            guard let now = try store.stack(stackId), [.upgrading, .cancelingUpgrade].contains(now.state) else { return }
            let state: ResourceState = canceled ? .canceledUpgrade : .upgraded
            try reconcile.recordInstances(environmentId: stack.environmentId)
            try store.setStackState(stackId, state: state, message: nil, environmentId: stack.environmentId, actor: "drover",
                                    event: "stack \(stack.name) \(state.rawValue)")
            try then(state, failure)
        }
    }

    /// Removes the old containers of the stack's services that are finishing their upgrade, then settles the stack
    /// `active`; also what a restarted server runs for a stack it finds `finishing-upgrade`.
    func finish(_ stack: StoredStack, actor: String) throws {
        let upgrader = try upgrader(stack)
        for service in try store.services(stackId: stack.id) where service.state == .finishingUpgrade {
            try upgrader.finish(DesiredService(stack: stack.name, definition: service.definition, versions: service.versions))
            try reconcile.withEnvironment(stack.environmentId) {
                try store.database.write {
                    try store.updateService(service.id, definition: service.definition, versions: service.versions, previous: nil)
                    try store.setServiceState(service.id, state: .active, message: nil, environmentId: stack.environmentId,
                                              actor: actor, event: "service \(service.name) upgrade finished: old containers removed")
                }
            }
        }
        try reconcile.recordInstances(environmentId: stack.environmentId)
        try store.database.write {
            try store.setRevision(stack.id, current: stack.currentRevision, previous: nil)
            try store.setStackState(stack.id, state: .active, message: nil, environmentId: stack.environmentId,
                                    actor: actor, event: "stack \(stack.name) upgrade finished at revision \(stack.currentRevision)")
        }
        reconcile.schedule(stack.environmentId)
    }

    /// Restarts the old containers and removes the new ones of every service an upgrade owns, then makes the stack's
    /// services and revision those of `target`; also what a restarted server runs for a stack it finds `rolling-back`.
    func rollback(_ stack: StoredStack, to target: StoredRevision, actor: String) throws {
        let services = try transition(stack, services: ResourceState.ownedByUpgrade, to: .rollingBack, actor: actor)
        let upgrader = try upgrader(stack)
        for service in services {
            guard let definition = service.previousDefinition, let versions = service.previousVersions else { continue }
            try upgrader.rollback(to: DesiredService(stack: stack.name, definition: definition, versions: versions))
            try reconcile.withEnvironment(stack.environmentId) {
                try store.database.write {
                    try store.updateService(service.id, definition: definition, versions: versions, previous: nil)
                    try store.setServiceState(service.id, state: .active, message: nil, environmentId: stack.environmentId,
                                              actor: actor, event: "service \(service.name) rolled back")
                }
            }
        }
        try reconcile.recordInstances(environmentId: stack.environmentId)
        try reconcile.withEnvironment(stack.environmentId) {
            try store.database.write {
                let names = Set(target.definition.services.map(\.name))
                let present = try store.services(stackId: stack.id)
                for service in present where !names.contains(service.name) { try store.deleteService(service.id) }
                let missing = target.definition.services.filter { service in !present.contains { $0.name == service.name } }
                try store.addServices(stackId: stack.id, missing, state: .activating)
                try store.setRevision(stack.id, current: target.number, previous: nil)
                try store.setStackState(stack.id, state: .active, message: nil, environmentId: stack.environmentId,
                                        actor: actor, event: "stack \(stack.name) rolled back to revision \(target.number)")
            }
        }
        reconcile.schedule(stack.environmentId)
    }

    /// Deletes the stack's services, removes their containers with a reconcile pass, with `volumes` also the stack's
    /// named volumes from every host that takes instructions, then the stack row.
    func remove(_ stack: StoredStack, volumes: Bool = false, actor: String) throws {
        try store.database.write {
            for service in try store.services(stackId: stack.id) { try store.deleteService(service.id) }
        }
        try reconcile.converge(environmentId: stack.environmentId)
        var kept: [String] = []
        let names = try Self.namedVolumes(store.revision(stackId: stack.id, number: stack.currentRevision)?.definition, stack: stack.name)
        if volumes && !names.isEmpty {
            let reconciler = try reconcile.reconciler(stack.environmentId)
            for host in reconciler.hosts.map(\.id) {
                let spec = InstanceSpec(id: "\(stack.name)/volumes", environment: stack.environmentId, host: host, stack: stack.name, service: "",
                                        unitIndex: 0, deploymentUnit: "", version: 0, volumeNames: names)
                for case let .failure(failure) in reconciler.agents[host]?.execute([Instruction(kind: .removeVolumes, instance: spec)]) ?? [] {
                    kept.append("host \(host): \(failure.message)")
                }
            }
        }
        let list = names.values.sorted().joined(separator: ", ")
        let note = names.isEmpty ? "" : volumes && kept.isEmpty ? " with its volumes \(list)"
            : "; named volumes kept: \(list)" + (kept.isEmpty ? "" : " (\(kept.joined(separator: "; ")))")
        try store.database.write {
            try store.deleteStack(stack.id)
            try store.appendEvent(environmentId: stack.environmentId, type: "stack", resourceId: stack.id, actor: actor, action: "removed",
                                  message: "stack \(stack.name) removed" + note)
        }
    }

    /// The Docker volumes a stack owns: its named volumes, not external ones (`<stack>_<volume>`).
    package static func namedVolumes(_ definition: StackDefinition?, stack: String) -> [String: String] {
        var names: [String: String] = [:]
        for (name, volume) in definition?.volumes ?? [:] where !volume.external && !volume.perContainer { names[name] = "\(stack)_\(name)" }
        return names
    }

    // MARK: - Services

    /// Restarts a service's containers in batches, then settles it `active` (or `error` with the reason).
    func restart(_ service: StoredService, batchSize: Int, intervalMillis: Int) throws {
        let upgrader = Upgrader(reconciler: try reconcile.reconciler(service.environmentId), waitTimeout: upgradeWaitTimeout)
        var state = ResourceState.active
        var message: String?
        do {
            try upgrader.restart(DesiredService(stack: service.stackName, definition: service.definition, versions: service.versions),
                                 batchSize: batchSize, intervalMillis: intervalMillis) { line in
                try? store.appendEvent(environmentId: service.environmentId, type: "service", resourceId: service.id, actor: "drover",
                                       action: "restart", message: "service \(service.name): \(line)")
            }
        } catch {
            (state, message) = (.error, "\(error)")
        }
        try reconcile.recordInstances(environmentId: service.environmentId)
        try store.setServiceState(service.id, state: state, message: message, environmentId: service.environmentId, actor: "drover",
                                  event: "service \(service.name) " + (message.map { "restart failed: \($0)" } ?? "restarted"))
    }

    /// Stops a service's containers and keeps them; the service is `inactive` until activated.
    func deactivate(_ service: StoredService, actor: String) throws {
        let upgrader = Upgrader(reconciler: try reconcile.reconciler(service.environmentId), waitTimeout: upgradeWaitTimeout)
        try upgrader.stopAll(DesiredService(stack: service.stackName, definition: service.definition, versions: service.versions))
        try reconcile.recordInstances(environmentId: service.environmentId)
        try store.setServiceState(service.id, state: .inactive, message: nil, environmentId: service.environmentId,
                                  actor: actor, event: "service \(service.name) inactive: containers stopped")
        reconcile.schedule(service.environmentId)
    }

    /// Starts a service's stopped containers of the versions it runs.
    func activate(_ service: StoredService) throws {
        let upgrader = Upgrader(reconciler: try reconcile.reconciler(service.environmentId), waitTimeout: upgradeWaitTimeout)
        try upgrader.startAll(DesiredService(stack: service.stackName, definition: service.definition, versions: service.versions))
    }

    // MARK: - Helpers

    /// Moves the stack's services that are in one of `states` to `target` (and the stack too, unless the target is
    /// `upgrading`) in one transaction, and returns them as they were.
    func transition(_ stack: StoredStack, services states: Set<ResourceState>, to target: ResourceState, actor: String) throws -> [StoredService] {
        try reconcile.withEnvironment(stack.environmentId) {
            try store.database.write {
                let services = try store.services(stackId: stack.id).filter { states.contains($0.state) }
                for service in services {
                    try store.setServiceState(service.id, state: target, message: nil, environmentId: stack.environmentId, actor: actor,
                                              event: "service \(service.name) \(target.rawValue)")
                }
                if target != .upgrading {
                    try store.setStackState(stack.id, state: target, message: nil, environmentId: stack.environmentId, actor: actor,
                                            event: "stack \(stack.name) \(target.rawValue)")
                }
                return services
            }
        }
    }

    /// An upgrader for a stack, knowing its other services and volumes.
    private func upgrader(_ stack: StoredStack) throws -> Upgrader {
        let services = try store.services(stackId: stack.id).map { DesiredService(stack: stack.name, definition: $0.definition, versions: $0.versions) }
        let volumes = try store.revision(stackId: stack.id, number: stack.currentRevision)?.definition.volumes ?? [:]
        let background = backgroundStops.withLock { groups in
            let group = groups[stack.id] ?? DispatchGroup()
            groups[stack.id] = group
            return group
        }
        return Upgrader(reconciler: try reconcile.reconciler(stack.environmentId), waitTimeout: upgradeWaitTimeout, stackServices: services,
                        volumes: volumes, background: background, spawn: { [jobs = reconcile.jobs] work in jobs.run(work) })
    }
}
