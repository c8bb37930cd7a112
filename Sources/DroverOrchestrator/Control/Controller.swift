import DroverModel
import DroverStore
import Foundation

/// The server's orchestration: accepts changes to stacks and services, each recorded in one transaction and
/// checked against Rancher's state machine, then carries them out in the background — reconcile passes that keep
/// every environment at its desired state, and upgrades, finishes and rollbacks that run to completion in the
/// server whatever happens to the client that asked for them.
public final class Controller: @unchecked Sendable {
    public let store: StackStore
    public let agents: AgentRegistry
    /// Seconds an upgrade batch may take to run its new containers.
    public let upgradeWaitTimeout: Double
    /// Durations of reconcile passes and upgrades.
    public let timings = ControlTimings()
    let lock = NSLock()
    private var environmentLocks: [String: NSLock] = [:]
    private var queued: Set<String> = []
    /// Volumes of stack revisions (`<stack id>#<revision>`), decoded once.
    private var volumeCache: [String: [String: VolumeDefinition]] = [:]
    /// Upgrades running now, by stack id.
    var running: [String: RunningUpgrade] = [:]

    /// A running upgrade: how to cancel it and how to wait for its end.
    final class RunningUpgrade: @unchecked Sendable {
        let cancellation = UpgradeCancellation()
        let done = DispatchGroup()
    }

    /// Service states in which an upgrade, finish or rollback owns the containers: reconcile passes leave them alone.
    static let upgradeStates: Set<String> = [ResourceState.upgrading, .upgraded, .cancelingUpgrade, .canceledUpgrade, .finishingUpgrade,
                                             .rollingBack].map(\.rawValue).reduce(into: []) { $0.insert($1) }

    /// Service states in which reconcile passes neither start, replace nor remove the service's containers: those an
    /// upgrade owns, a rolling restart in progress, and stopped (deactivated) services.
    static let handsOffStates: Set<String> = upgradeStates.union([ResourceState.restarting, .deactivating, .inactive].map(\.rawValue))

    /// Called after every reconcile pass (the server hands the memory a pass freed back to the system there).
    private let afterPass: @Sendable () -> Void

    public init(store: StackStore, agents: AgentRegistry, upgradeWaitTimeout: Double = 120, afterPass: @escaping @Sendable () -> Void = {}) {
        self.store = store
        self.agents = agents
        self.upgradeWaitTimeout = upgradeWaitTimeout
        self.afterPass = afterPass
    }

    // MARK: - Stacks and services

    /// Records a new stack (revision 1, its services `activating`) in one transaction and starts deploying it.
    @discardableResult
    public func createStack(environmentId: String, name: String, source: StackSource, actor: String) throws -> StoredStack {
        try Self.checkName(name)
        guard try store.environment(environmentId) != nil else { throw ControlError.notFound("environment \"\(environmentId)\" does not exist") }
        let stackId = Self.stackId(environmentId, name)
        guard try store.stack(stackId) == nil else {
            throw ControlError.conflict("stack \"\(name)\" already exists; use upgrade (drover up --upgrade) to change it")
        }
        try store.database.write {
            try store.createStack(id: stackId, environmentId: environmentId, name: name, revision: source.revision, actor: actor)
            try store.setDescription(stackId, source.description)
            try store.addServices(stackId: stackId, source.definition.services, state: ResourceState.activating.rawValue)
            try store.setStackState(stackId, state: ResourceState.activating.rawValue, message: nil, environmentId: environmentId, actor: actor,
                                    event: "stack \(name) activating: \(source.definition.services.count) services")
        }
        schedule(environmentId)
        return try store.stack(stackId)!
    }

    /// Removes a stack: its services go at once (so nothing claims their containers), the containers are removed by
    /// a reconcile pass, then the stack row; its events stay. A running upgrade is canceled first.
    public func removeStack(_ stackId: String, actor: String) throws {
        let stack = try existingStack(stackId)
        try check(.remove, stack.state, "stack \(stack.name)")
        let upgrade = currentUpgrade(stackId)
        upgrade?.cancellation.cancel()
        try store.setStackState(stackId, state: ResourceState.removing.rawValue, message: nil, environmentId: stack.environmentId, actor: actor,
                                event: "stack \(stack.name) removing")
        background { [self] in
            upgrade?.done.wait()
            try runRemoval(stack, actor: actor)
        }
    }

    /// Deletes the stack's services, removes their containers with a reconcile pass, then the stack row.
    func runRemoval(_ stack: StoredStack, actor: String) throws {
        try store.database.write {
            for service in try store.services(stackId: stack.id) { try store.deleteService(service.id) }
        }
        try converge(environmentId: stack.environmentId)
        try store.database.write {
            try store.deleteStack(stack.id)
            try store.appendEvent(environmentId: stack.environmentId, type: "stack", resourceId: stack.id, actor: actor, action: "removed",
                                  message: "stack \(stack.name) removed")
        }
    }

    /// Sets a service's scale; a reconcile pass adds or removes units (the highest-numbered first).
    public func scale(_ serviceId: String, to scale: Int, actor: String) throws {
        let service = try existingService(serviceId)
        guard scale >= 0 else { throw ControlError.invalid("scale \(scale) is negative") }
        guard !service.definition.global else { throw ControlError.invalid("service \(service.name) is global (one container per host): it has no scale") }
        guard ![ResourceState.removing.rawValue, ResourceState.removed.rawValue].contains(service.state) && !Self.upgradeStates.contains(service.state) else {
            throw ControlError.refused("cannot scale service \(service.name) while it is \(service.state); finish or roll back the upgrade first")
        }
        var definition = service.definition
        definition.scale = scale
        try store.database.write {
            try store.updateService(serviceId, definition: definition, versions: service.versions, previous: nil)
            try store.setServiceState(serviceId, state: ResourceState.activating.rawValue, message: nil, environmentId: service.environmentId,
                                      actor: actor, event: "service \(service.name) scaled to \(scale)")
        }
        schedule(service.environmentId)
    }

    // MARK: - Reconciling

    /// Asks for a reconcile pass of an environment soon (passes asked for while one is queued are merged).
    public func schedule(_ environmentId: String) {
        lock.lock()
        let first = queued.insert(environmentId).inserted
        lock.unlock()
        guard first else { return }
        background { [self] in
            lock.lock()
            queued.remove(environmentId)
            lock.unlock()
            try converge(environmentId: environmentId)
        }
    }

    /// One reconcile pass over an environment, serialised with every other pass and upgrade step of it: plans
    /// against what the agents report, carries the plan out, records the instances and each service's outcome —
    /// `active`, `activating` with the scheduler's reason when units cannot be placed (retried on every pass, never
    /// silently), or `error` with the agent's message.
    @discardableResult
    public func converge(environmentId: String) throws -> Reconciler.Outcome {
        let started = Date()
        defer {
            timings.reconciled(Date().timeIntervalSince(started))
            afterPass()
        }
        return try withEnvironment(environmentId) {
            let services = try store.services(environmentId: environmentId)
            let (desired, ignoring) = desiredState(services)
            let reconciler = try reconciler(environmentId)
            let stacks = try store.stacks(environmentId: environmentId)
            var volumes: [String: [String: VolumeDefinition]] = [:]
            for stack in stacks { volumes[stack.name] = try volumesOf(stack) }
            let outcome = try reconciler.reconcile(desired, volumes: volumes, ignoring: ignoring)
            try recordInstances(reconciler, environmentId: environmentId)
            try recordContainers(outcome, environmentId: environmentId)
            try record(outcome, services: services.filter { !Self.handsOffStates.contains($0.state) })
            try settle(stacks, services: try store.services(environmentId: environmentId))
            return outcome
        }
    }

    /// Records what every agent reports as the environment's instances.
    func recordInstances(_ reconciler: Reconciler, environmentId: String) throws {
        var reports: [(host: String, report: InstanceReport)] = []
        for (host, agent) in reconciler.agents { reports += try agent.report().map { (host, $0) } }
        try store.replaceInstances(hostIds: Array(reconciler.agents.keys), reports: reports, environmentId: environmentId)
    }

    /// Records the environment's instances now (after an upgrade step), serialised with reconcile passes.
    func recordInstances(environmentId: String) throws {
        try withEnvironment(environmentId) { try recordInstances(try reconciler(environmentId), environmentId: environmentId) }
    }

    /// One event per container a pass acted on (`container app-web-1 created on host h1`), in one transaction: the
    /// per-container progress `drover up` shows.
    private func recordContainers(_ outcome: Reconciler.Outcome, environmentId: String) throws {
        guard !outcome.reports.isEmpty else { return }
        let hostNames = Dictionary(uniqueKeysWithValues: try store.hosts(environmentId: environmentId).map { ($0.id, $0.name) })
        let actions = Dictionary(outcome.plan.allActions.map { ($0.instance, $0) }, uniquingKeysWith: { _, last in last })
        let done: [PlanAction.Kind: String] = [.create: "created", .start: "started", .stop: "stopped", .remove: "removed"]
        try store.database.write {
            for report in outcome.reports {
                guard let action = actions[report.instanceId] else { continue }
                try store.appendEvent(environmentId: environmentId, type: "container", resourceId: report.name, actor: "drover",
                                      action: action.kind.rawValue, message: "container \(report.name) \(done[action.kind] ?? action.kind.rawValue) on host "
                                          + "\(hostNames[action.host] ?? action.host) (\(action.reason))")
            }
        }
    }

    /// Records each converging service's outcome when it changed.
    private func record(_ outcome: Reconciler.Outcome, services: [StoredService]) throws {
        for service in services where service.state != ResourceState.removing.rawValue {
            let key = "\(service.stackName)/\(service.name)"
            let state: ResourceState
            let message: String?
            let event: String
            if let failure = outcome.failures.first(where: { $0.key.contains("/\(key)/") }) {
                (state, message, event) = (.error, failure.message, "service \(service.name) failed: \(failure.message)")
            } else if let reason = outcome.plan.unschedulable[key] {
                (state, message, event) = (.activating, reason, "service \(service.name) is waiting: \(reason)")
            } else {
                (state, message, event) = (.active, nil, "service \(service.name) active")
            }
            if service.state != state.rawValue || service.transitioningMessage != message {
                try store.setServiceState(service.id, state: state.rawValue, message: message, environmentId: service.environmentId,
                                          actor: "drover", event: event)
            }
        }
    }

    /// Settles the state of stacks no upgrade or removal owns from their services' states.
    private func settle(_ stacks: [StoredStack], services: [StoredService]) throws {
        let owned = Self.upgradeStates.union([ResourceState.removing.rawValue])
        let byStack = Dictionary(grouping: services, by: \.stackId)
        for stack in stacks where !owned.contains(stack.state) {
            let states = Set((byStack[stack.id] ?? []).map(\.state))
            let state: ResourceState = states.contains(ResourceState.error.rawValue) ? .error
                : states.contains(ResourceState.activating.rawValue) ? .activating
                : !states.isEmpty && states.isSubset(of: [ResourceState.inactive.rawValue]) ? .inactive : .active
            if stack.state != state.rawValue {
                try store.setStackState(stack.id, state: state.rawValue, message: nil, environmentId: stack.environmentId, actor: "drover",
                                        event: "stack \(stack.name) \(state.rawValue)")
            }
        }
    }

    /// A stack's named volumes at its current revision; revisions never change, so each is decoded once.
    private func volumesOf(_ stack: StoredStack) throws -> [String: VolumeDefinition] {
        let key = "\(stack.id)#\(stack.currentRevision)"
        lock.lock()
        let known = volumeCache[key]
        lock.unlock()
        if let known { return known }
        let volumes = try store.revision(stackId: stack.id, number: stack.currentRevision)?.definition.volumes ?? [:]
        lock.lock()
        volumeCache[key] = volumes
        lock.unlock()
        return volumes
    }

    /// A reconciler over the environment's hosts: active hosts with a reachable agent take new work; every host with
    /// an agent reports what runs there.
    func reconciler(_ environmentId: String) throws -> Reconciler {
        let hosts = try store.hosts(environmentId: environmentId)
        let reachable = hosts.compactMap { host in agents.agent(host.id).map { (host, $0) } }
        let schedulable = reachable.filter { $0.0.state == "active" }.map { host, _ in
            SchedulingHost(id: host.id, name: host.name, labels: host.labels, memoryCapacity: host.memory, cpuCapacity: host.cpu)
        }
        return Reconciler(environment: environmentId, hosts: schedulable, agents: reachable.map(\.1))
    }

    // MARK: - Helpers

    /// Runs `body` holding the environment's lock: reconcile passes and upgrade state changes never interleave.
    func withEnvironment<T>(_ environmentId: String, _ body: () throws -> T) throws -> T {
        lock.lock()
        let environmentLock = environmentLocks[environmentId] ?? NSLock()
        environmentLocks[environmentId] = environmentLock
        lock.unlock()
        environmentLock.lock()
        defer { environmentLock.unlock() }
        return try body()
    }

    /// Runs `work` on a background thread; a failure is recorded in the event log (it is retried by the next pass).
    func background(_ work: @escaping @Sendable () throws -> Void) {
        Thread.detachNewThread { [store] in
            do {
                try work()
            } catch {
                try? store.appendEvent(environmentId: nil, type: "drover", resourceId: "controller", actor: "drover", action: "error",
                                       message: "\(error)")
            }
        }
    }

    func currentUpgrade(_ stackId: String) -> RunningUpgrade? {
        lock.lock()
        defer { lock.unlock() }
        return running[stackId]
    }

    func existingStack(_ stackId: String) throws -> StoredStack {
        guard let stack = try store.stack(stackId) else { throw ControlError.notFound("stack \"\(stackId)\" does not exist") }
        return stack
    }

    /// Applies Rancher's state machine: the action must be valid in `state`.
    func check(_ action: ResourceAction, _ state: String, _ what: String) throws {
        do {
            _ = try ServiceStateMachine.transition(action, from: ResourceState(rawValue: state) ?? .error)
        } catch {
            let valid = error.validActions.map(\.rawValue).joined(separator: ", ")
            throw ControlError.refused("cannot \(action.rawValue) \(what): it is \(state) (valid actions now: \(valid.isEmpty ? "none" : valid))")
        }
    }

    /// The store id of a stack.
    public static func stackId(_ environmentId: String, _ name: String) -> String { "\(environmentId)/\(name)" }

    /// Stack names as Rancher allowed them: letters, digits and hyphens, starting with a letter or digit.
    static func checkName(_ name: String) throws {
        let allowed = name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        guard !name.isEmpty, name.count <= 63, allowed, name.first != "-" else {
            throw ControlError.invalid("stack name \"\(name)\" is not valid: use letters, digits and hyphens (at most 63), not starting with a hyphen")
        }
    }
}
