import DroverBasics
import DroverModel
import DroverStore
import Foundation

/// Keeps every environment at its desired state: a pass plans against what the agents report, carries the plan out
/// and records the instances and each service's outcome. Passes of one environment are serialised with each other and
/// with the state changes of its upgrades; passes asked for while one is queued are merged.
package final class ReconcileLoop: Sendable {
    let store: StackStore
    let agents: AgentRegistry
    let jobs: BackgroundJobs
    /// Durations of reconcile passes and upgrades.
    package let timings = ControlTimings()
    /// The image load balancers naming one of Rancher's balancer images run instead (`drover server --lb-image`).
    package let loadBalancerImage: String?
    let balancers: LoadBalancerUpdates
    private let locks = EnvironmentLocks()
    private let queued = Locked<Set<String>>([])
    /// When containers that keep dying may start again.
    private let restarts = Locked(RestartBackoff())
    /// Volumes of stack revisions (`<stack id>#<revision>`): revisions never change, so each is decoded once.
    private let volumes = GenerationCache<String, [String: VolumeDefinition]>(capacity: 4096)
    /// Called after every pass (the server hands the memory a pass freed back to the system there).
    private let afterPass: @Sendable () -> Void
    /// Until then a host of the store whose agent has not reported since this process started is unknown, not lost:
    /// passes over its environment wait, since they would place its units on other hosts.
    private let unknownHostsUntil: Date

    init(store: StackStore, agents: AgentRegistry, jobs: BackgroundJobs, unknownHostsGrace: Double, loadBalancerImage: String?,
         afterPass: @escaping @Sendable () -> Void) {
        self.store = store
        self.loadBalancerImage = loadBalancerImage
        balancers = LoadBalancerUpdates(store: store)
        self.agents = agents
        self.jobs = jobs
        self.unknownHostsUntil = Date().addingTimeInterval(unknownHostsGrace)
        self.afterPass = afterPass
    }

    /// Asks for a pass over an environment soon.
    package func schedule(_ environmentId: String) {
        guard queued.withLock({ $0.insert(environmentId).inserted }) else { return }
        jobs.run { [self] in
            queued.withLock { _ = $0.remove(environmentId) }
            try converge(environmentId: environmentId)
        }
    }

    /// One pass over an environment: services end `active`, `activating` with the scheduler's reason when units
    /// cannot be placed (retried on every pass, never silently), or `error` with the agent's message. While a host is
    /// unknown (see `unknownHostsUntil`) the pass does nothing; the server's periodic passes come back to it.
    @discardableResult
    package func converge(environmentId: String) throws -> Reconciler.Outcome {
        if Date() < unknownHostsUntil, try store.hosts(environmentId: environmentId).contains(where: { agents.agent($0.id) == nil }) {
            return Reconciler.Outcome(plan: Plan(), failures: [], reports: [])
        }
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
            var waiting: [String: String] = [:]
            var outcome = try reconciler.reconcile(desired, volumes: volumes, ignoring: ignoring) { plan in
                waiting = holdRestarts(&plan, environmentId: environmentId, agents: reconciler.agents)
            }
            outcome.failures += try refreshBalancers(reconciler, environmentId: environmentId)
            try recordContainers(outcome, environmentId: environmentId)
            if !restarts.withLock({ $0.entries.isEmpty }) {
                let present = Set(try store.instances(environmentId: environmentId).map(\.id))
                restarts.withLock { $0.keep(present) }
            }
            try record(outcome, waiting: waiting, services: services.filter { !ResourceState.handsOff.contains($0.state) })
            try settle(stacks, services: try store.services(environmentId: environmentId))
            return outcome
        }
    }

    /// Records the environment's instances now (after an upgrade step), serialised with passes, and brings the load
    /// balancers up to date with them.
    func recordInstances(environmentId: String) throws {
        try withEnvironment(environmentId) { _ = try refreshBalancers(try reconciler(environmentId), environmentId: environmentId) }
    }

    /// Records the instances `reconciler`'s agents report and configures the environment's load balancers for them
    /// (see `LoadBalancerUpdates`); the failures of balancers that could not be configured.
    private func refreshBalancers(_ reconciler: Reconciler, environmentId: String) throws -> [InstructionFailure] {
        let active = Set(reconciler.agents.keys.filter(reconciler.takesInstructions))
        let agents = reconciler.agents.mapValues { ($0 as? BalancedAgent)?.agent ?? $0 }
        return try balancers.refresh(environmentId: environmentId, agents: agents, active: active) {
            try recordInstances(reconciler, environmentId: environmentId)
        }
    }

    /// Runs `body` holding the environment's lock.
    func withEnvironment<T>(_ environmentId: String, _ body: () throws -> T) throws -> T {
        try locks.withLock(environmentId, body)
    }

    /// A reconciler over the environment's hosts: active hosts with a reachable agent take new work; every host with
    /// an agent reports what runs there.
    func reconciler(_ environmentId: String) throws -> Reconciler {
        let hosts = try store.hosts(environmentId: environmentId)
        let reachable = hosts.compactMap { host in agents.agent(host.id).map { (host, $0) } }
        let schedulable = reachable.filter { $0.0.state == .active }.map { host, _ in
            SchedulingHost(id: host.id, name: host.name, labels: host.labels, memoryCapacity: host.memory, cpuCapacity: host.cpu)
        }
        // A disconnected host's agent reports what it last saw; its scaled units are placed again elsewhere.
        let lost = Set(reachable.filter { $0.0.state == .disconnected }.map(\.0.id))
        let plain = Reconciler(environment: environmentId, hosts: schedulable, agents: reachable.map(\.1), loadBalancerImage: loadBalancerImage,
                               lost: lost)
        guard try balancers.hasBalancers(environmentId) else { return plain }
        let balanced = reachable.map { _, agent in
            BalancedAgent(agent: agent, balancers: balancers) { [self] in
                // A failure here is reported by the pass that follows.
                _ = try? refreshBalancers(plain, environmentId: environmentId)
            }
        }
        return Reconciler(environment: environmentId, hosts: schedulable, agents: balanced, loadBalancerImage: loadBalancerImage, lost: lost)
    }

    /// The services a pass would keep running, and those it must leave alone now.
    func desiredState(_ environmentId: String) throws -> ([DesiredService], Set<String>) {
        desiredState(try store.services(environmentId: environmentId))
    }

    /// The desired state of `services` (an environment's) and the services passes leave alone (`stack/service`).
    func desiredState(_ services: [StoredService]) -> ([DesiredService], Set<String>) {
        let ignoring = Set(services.filter { ResourceState.handsOff.contains($0.state) }.map { "\($0.stackName)/\($0.name)" })
        let desired = services.filter { !ResourceState.handsOff.contains($0.state) }
            .map { DesiredService(stack: $0.stackName, definition: $0.definition, versions: $0.versions) }
        return (desired, ignoring)
    }

    /// Records what every agent reports as the environment's instances, with an event for each health change.
    private func recordInstances(_ reconciler: Reconciler, environmentId: String) throws {
        var reports: [(host: String, report: InstanceReport)] = []
        for (host, agent) in reconciler.agents { reports += try agent.report().map { (host, $0) } }
        let changes = try store.replaceInstances(hostIds: Array(reconciler.agents.keys), reports: reports, environmentId: environmentId)
        guard !changes.isEmpty else { return }
        try store.database.write {
            for change in changes {
                try store.appendEvent(environmentId: environmentId, type: "container", resourceId: change.instanceId, actor: "drover",
                                      action: "health", message: "container \(change.name) is \(change.health.rawValue)"
                                          + (change.reason.map { ": \($0)" } ?? ""))
            }
        }
    }

    /// One event per container a pass acted on (`container app-web-1 created on host h1`), in one transaction: the
    /// per-container progress `drover up` shows.
    private func recordContainers(_ outcome: Reconciler.Outcome, environmentId: String) throws {
        guard !outcome.reports.isEmpty else { return }
        let hostNames = Dictionary(uniqueKeysWithValues: try store.hosts(environmentId: environmentId).map { ($0.id, $0.name) })
        let actions = Dictionary(outcome.plan.allActions.map { ($0.instance, $0) }, uniquingKeysWith: { _, last in last })
        let done: [PlanAction.Kind: String] = [.create: "created", .start: "started", .stop: "stopped", .remove: "removed"]
        // A container retired in one pass is stopped, then removed: one event says what became of it.
        var last: [String: InstanceReport] = [:]
        for report in outcome.reports { last[report.instanceId] = report }
        try store.database.write {
            for report in outcome.reports where last[report.instanceId] == report {
                guard let action = actions[report.instanceId] else { continue }
                try store.appendEvent(environmentId: environmentId, type: "container", resourceId: report.instanceId, actor: "drover",
                                      action: action.kind.rawValue, message: "container \(report.name) \(done[action.kind] ?? action.kind.rawValue) on host "
                                          + "\(hostNames[action.host] ?? action.host) (\(action.reason))")
            }
        }
    }

    /// Takes out of `plan` the restarts of containers that died again soon after their last restart (see
    /// `RestartBackoff`) and asks for a pass when the first of them is due. A service with a container in such a crash
    /// loop waits (`activating`) with what the container said last, whether this pass starts it again or not, so its
    /// state does not flap with every restart.
    private func holdRestarts(_ plan: inout Plan, environmentId: String, agents: [String: any HostAgent]) -> [String: String] {
        let now = Date().timeIntervalSince1970
        var looping: [PlanAction] = []
        var soonest: Double?
        restarts.withLock { backoff in
            for host in plan.hosts {
                plan.actions[host] = plan.actions[host]!.filter { action in
                    guard action.exitCode != nil else { return true }
                    let delay = backoff.delay(action.instance, now: now)
                    if backoff.count(action.instance) > 0 || delay > 0 { looping.append(action) }
                    guard delay > 0 else {
                        backoff.restarting(action.instance, now: now)
                        return true
                    }
                    soonest = min(soonest ?? delay, delay)
                    return false
                }
            }
        }
        if let soonest {
            DispatchQueue.global().asyncAfter(deadline: .now() + soonest) { [self] in schedule(environmentId) }
        }
        var waiting: [String: String] = [:]
        for action in looping {
            var message = "\(action.containerName) keeps exiting soon after it starts (exit code \(action.exitCode ?? 0)); "
                + "it is started again after a back-off growing up to 30 s"
            let lines = lastOutput(action, environmentId: environmentId, agent: agents[action.host])
            if !lines.isEmpty { message += "; its last output: " + lines.joined(separator: " | ") }
            waiting["\(action.stack)/\(action.service)"] = message
        }
        return waiting
    }

    /// The last lines a container wrote (without Docker's timestamps), read through its host's agent.
    private func lastOutput(_ action: PlanAction, environmentId: String, agent: (any HostAgent)?) -> [String] {
        let spec = InstanceSpec(id: action.instance, environment: environmentId, host: action.host, stack: action.stack, service: action.service,
                                sidekick: action.isPrimary ? nil : action.launchConfig, unitIndex: action.unit,
                                deploymentUnit: action.deploymentUnit, version: action.version, tail: 3)
        guard case let .success(report)? = agent?.execute([Instruction(kind: .logs, instance: spec)]).first else { return [] }
        return (report.output ?? []).map { line in
            let words = line.split(separator: " ", maxSplits: 1)
            let text = words.count == 2 && words[0].hasSuffix("Z") && words[0].contains("T") ? String(words[1]) : line
            return text.trimmingCharacters(in: .whitespaces)
        }.filter { !$0.isEmpty }
    }

    /// Records each converging service's outcome when it changed: `waiting` says which wait for a restart.
    private func record(_ outcome: Reconciler.Outcome, waiting: [String: String], services: [StoredService]) throws {
        for service in services where service.state != .removing {
            let key = "\(service.stackName)/\(service.name)"
            let state: ResourceState
            let message: String?
            let event: String
            if let failure = outcome.failures.first(where: { $0.key.contains("/\(key)/") }) {
                (state, message, event) = (.error, failure.message, "service \(key) failed: \(failure.message)")
            } else if let reason = outcome.plan.unschedulable[key] ?? waiting[key] {
                (state, message, event) = (.activating, reason, "service \(service.name) is waiting: \(reason)")
            } else {
                (state, message, event) = (.active, nil, "service \(service.name) active")
            }
            if service.state != state || Self.gist(service.transitioningMessage) != Self.gist(message) {
                try store.setServiceState(service.id, state: state, message: message, environmentId: service.environmentId,
                                          actor: "drover", event: event)
            }
        }
    }

    /// A message without the ids that change on every attempt (Docker's 12- to 64-digit hex ids): a service that fails
    /// the same way on every pass is logged once, not every few seconds.
    static func gist(_ message: String?) -> String? {
        message?.replacingOccurrences(of: "[0-9a-f]{12,64}", with: "…", options: .regularExpression)
    }

    /// Settles the state of stacks no upgrade or removal owns from their services' states.
    private func settle(_ stacks: [StoredStack], services: [StoredService]) throws {
        let owned = ResourceState.ownedByUpgrade.union([.removing])
        let byStack = Dictionary(grouping: services, by: \.stackId)
        for stack in stacks where !owned.contains(stack.state) {
            let services = byStack[stack.id] ?? []
            let states = Set(services.map(\.state))
            let state: ResourceState = states.contains(.error) ? .error
                : states.contains(.activating) ? .activating
                : !states.isEmpty && states.isSubset(of: [.inactive]) ? .inactive : .active
            // The first service that keeps the stack from being active says why.
            let message = services.first { $0.state == state && $0.transitioningMessage != nil && state != .active }
                .map { "service \($0.name): \($0.transitioningMessage!)" }
            if stack.state != state || stack.transitioningMessage != message {
                try store.setStackState(stack.id, state: state, message: message, environmentId: stack.environmentId, actor: "drover",
                                        event: "stack \(stack.name) \(state.rawValue)" + (message.map { ": \($0)" } ?? ""))
            }
        }
    }

    /// A stack's named volumes at its current revision.
    private func volumesOf(_ stack: StoredStack) throws -> [String: VolumeDefinition] {
        try volumes.value("\(stack.id)#\(stack.currentRevision)") {
            try store.revision(stackId: stack.id, number: stack.currentRevision)?.definition.volumes ?? [:]
        } ?? [:]
    }
}
