import DroverBasics
import DroverModel

/// The agents the server can reach right now, by host id: in-process ones and the server's stand-ins for remote
/// ones. Thread-safe.
package final class AgentRegistry: Sendable {
    private let agents = Locked<[String: any HostAgent]>([:])

    package init() {}

    /// Adds or replaces the agent of `agent.hostId`.
    package func register(_ agent: any HostAgent) {
        agents.withLock { $0[agent.hostId] = agent }
    }

    /// The agent of a host, or nil.
    package func agent(_ hostId: String) -> (any HostAgent)? {
        agents.withLock { $0[hostId] }
    }
}
