import DroverBasics
import DroverModel
import DroverOrchestrator
import DroverStore
import Foundation

/// The server's side of remote agents: registration with a token (a host row and its own credential), the stand-in
/// `RemoteHostAgent` per host, made on the first heartbeat after a (re)start so the reconciler only counts a host
/// once it has said what runs there. Thread-safe.
final class RemoteAgents: Sendable {
    let controller: Controller
    private let agents = Locked<[String: RemoteHostAgent]>([:])

    init(controller: Controller) {
        self.controller = controller
    }

    /// Registers (or re-registers, keeping the id) the host of `request`; returns its new credential.
    func register(_ request: AgentRegistrationRequest, authenticator: Authenticator) throws -> AgentCredential {
        guard let environmentId = try controller.store.registrationTokens(environmentId: nil).first(where: { $0.token == request.token })?.environmentId else {
            throw APIError(status: 401, code: "Unauthorized", message: "the registration token is not valid")
        }
        guard !request.host.name.isEmpty else { throw APIError.invalid("host.name is required") }
        let host = try controller.store.registerHost(environmentId: environmentId, request.host, newId: "1h" + SecretHash.token(10).lowercased(),
                                                     actor: "agent:\(request.host.name)")
        try controller.store.removeHostKeys(hostId: host.id)
        let (access, secret) = try authenticator.createKey(role: .agent, environmentId: environmentId, hostId: host.id, name: "agent \(host.name)")
        agents.withLock { $0.removeValue(forKey: host.id) }?.close()
        return AgentCredential(hostId: host.id, environmentId: environmentId, accessKey: access, secretKey: secret)
    }

    /// The stand-in of a host, once its agent has reported.
    func agent(_ hostId: String) -> RemoteHostAgent? {
        agents.withLock { $0[hostId] }
    }

    /// A heartbeat with the host's full container list: the host is active again and its stand-in knows what runs
    /// there (made now if this is the first report since the agent or the server started).
    func heartbeat(hostId: String, containers: [InstanceReport], session: String?) throws {
        try controller.store.heartbeat(hostId: hostId)
        let (agent, existing) = agents.withLock { agents in
            let existing = agents[hostId]
            let agent = existing ?? RemoteHostAgent(hostId: hostId, reports: containers)
            agents[hostId] = agent
            return (agent, existing)
        }
        let stopped = agent.replaceReports(containers)
        agent.begin(session: session)
        if existing == nil {
            controller.agents.register(agent)
        }
        // A new agent, or a container that stopped running (the agent reports at once when one dies): a pass now.
        if existing == nil || stopped, let host = try controller.store.host(hostId) { controller.reconcile.schedule(host.environmentId) }
    }
}
