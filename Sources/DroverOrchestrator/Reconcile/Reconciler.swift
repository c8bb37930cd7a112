import DroverModel

/// Makes reality equal the desired state: asks every host what runs there, plans with the scheduler, sends the
/// instructions, and reports what happened. Safe to run again at any time: a second pass over a converged state
/// plans nothing, and a pass interrupted half-way is finished by the next one.
package final class Reconciler: Sendable {
    /// What one pass did.
    package struct Outcome: Sendable {
        package var plan: Plan
        package var failures: [InstructionFailure]
        package var reports: [InstanceReport]
    }

    package let environment: String
    /// The hosts new units may be placed on.
    package let hosts: [SchedulingHost]
    /// Every host's agent, by host id.
    package let agents: [String: any HostAgent]
    /// The hosts that take instructions now (active, with an agent): a disconnected host's instructions are not sent,
    /// so they never hold up the others; they are planned again once it is back.
    private let active: Set<String>
    /// The image load balancers naming one of Rancher's balancer images run instead.
    package let loadBalancerImage: String?
    /// Hosts whose agent went silent: their units are placed again elsewhere.
    package let lost: Set<String>

    package init(environment: String, hosts: [SchedulingHost], agents: [any HostAgent], loadBalancerImage: String? = nil,
                 lost: Set<String> = []) {
        self.lost = lost
        self.environment = environment
        self.hosts = hosts
        self.agents = Dictionary(agents.map { ($0.hostId, $0) }, uniquingKeysWith: { first, _ in first })
        active = Set(hosts.map(\.id))
        self.loadBalancerImage = loadBalancerImage
    }

    /// Whether `host` takes instructions now.
    package func takesInstructions(_ host: String) -> Bool {
        active.contains(host)
    }

    /// The current actual state, from every agent: also those of hosts that take no new work now (a disconnected
    /// host's agent reports what it last saw), so their containers are kept, not replaced.
    package func actual() throws -> [ActualInstance] {
        try agents.keys.sorted().flatMap { host in try agents[host]!.report().compactMap { ActualInstance($0, host: host) } }
    }

    /// Computes the plan without carrying it out (`drover plan`). Containers of the services in `ignoring`
    /// (`stack/service`: those an upgrade or rollback owns right now) are neither touched nor counted.
    package func plan(_ desired: [DesiredService], ignoring: Set<String> = []) throws -> Plan {
        var scheduler = Scheduler(hosts: hosts)
        let actual = try actual().filter { !ignoring.contains($0.serviceKey) }
        return Planner.plan(desired: desired, actual: actual, scheduler: &scheduler, lost: lost)
    }

    /// One reconcile pass; `adjust` may take actions out of the plan before it is carried out (restarts that must wait).
    package func reconcile(_ desired: [DesiredService], volumes: [String: [String: VolumeDefinition]] = [:],
                          ignoring: Set<String> = [], adjust: (inout Plan) -> Void = { _ in }) throws -> Outcome {
        var plan = try self.plan(desired, ignoring: ignoring)
        adjust(&plan)
        let instructions = InstructionBuilder.instructions(for: plan, desired: desired, environment: environment, volumes: volumes,
                                                          loadBalancerImage: loadBalancerImage)
        var failures: [InstructionFailure] = []
        var reports: [InstanceReport] = []
        for host in plan.hosts where takesInstructions(host) {
            guard let agent = agents[host] else { continue }
            for result in agent.execute(instructions[host] ?? []) {
                switch result {
                case let .success(report): reports.append(report)
                case let .failure(failure): failures.append(failure)
                }
            }
        }
        return Outcome(plan: plan, failures: failures, reports: reports)
    }
}
