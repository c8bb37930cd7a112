import Foundation

/// The agents the server can reach right now, by host id: in-process ones and the server's stand-ins for remote
/// ones. Thread-safe.
public final class AgentRegistry: @unchecked Sendable {
    private let lock = NSLock()
    private var agents: [String: any HostAgent] = [:]

    public init() {}

    /// Adds or replaces the agent of `agent.hostId`.
    public func register(_ agent: any HostAgent) {
        lock.lock()
        agents[agent.hostId] = agent
        lock.unlock()
    }

    /// The agent of a host, or nil.
    public func agent(_ hostId: String) -> (any HostAgent)? {
        lock.lock()
        defer { lock.unlock() }
        return agents[hostId]
    }
}
