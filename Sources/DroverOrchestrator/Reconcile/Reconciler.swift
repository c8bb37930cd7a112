import DroverModel

/// Makes reality equal the desired state: asks every host what runs there, plans with the scheduler, sends the
/// instructions, and reports what happened. Safe to run again at any time: a second pass over a converged state
/// plans nothing, and a pass interrupted half-way is finished by the next one.
public final class Reconciler: Sendable {
    /// What one pass did.
    public struct Outcome: Sendable {
        public var plan: Plan
        public var failures: [InstructionFailure]
        public var reports: [InstanceReport]
    }

    public let environment: String
    public let hosts: [SchedulingHost]
    public let agents: [String: any HostAgent]

    public init(environment: String, hosts: [SchedulingHost], agents: [any HostAgent]) {
        self.environment = environment
        self.hosts = hosts
        self.agents = Dictionary(agents.map { ($0.hostId, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The current actual state, from every agent.
    public func actual() throws -> [ActualInstance] {
        try hosts.flatMap { host in try (agents[host.id]?.report() ?? []).compactMap { ActualInstance($0, host: host.id) } }
    }

    /// Computes the plan without carrying it out (`drover plan`).
    public func plan(_ desired: [DesiredService]) throws -> Plan {
        var scheduler = Scheduler(hosts: hosts)
        return Planner.plan(desired: desired, actual: try actual(), scheduler: &scheduler)
    }

    /// One reconcile pass.
    public func reconcile(_ desired: [DesiredService], volumes: [String: [String: VolumeDefinition]] = [:]) throws -> Outcome {
        let plan = try self.plan(desired)
        let instructions = InstructionBuilder.instructions(for: plan, desired: desired, environment: environment, volumes: volumes)
        var failures: [InstructionFailure] = []
        var reports: [InstanceReport] = []
        for host in plan.hosts {
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
