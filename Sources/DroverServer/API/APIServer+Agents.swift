import DroverHTTP
import DroverModel
import DroverOrchestrator
import Foundation

/// The agent endpoints: register with a registration token, long-poll for instructions, report results, heartbeat.
/// Only a host credential reaches the last three, and only for its own host.
extension APIServer {
    func registerAgent(_ request: APIRequest) throws -> HTTPResponse {
        var body = try request.decode(AgentRegistrationRequest.self)
        // An agent that gives no address is known by the one it connects from.
        if body.host.address?.isEmpty ?? true { body.host.address = request.raw.remoteAddress }
        return try .encoded(try remoteAgents.register(body, authenticator: authenticator))
    }

    func agentInstructions(_ request: APIRequest) throws -> HTTPResponse {
        let hostId = request.principal!.hostId!
        try controller.store.heartbeat(hostId: hostId)
        guard let agent = remoteAgents.agent(hostId) else {
            throw APIError(status: 409, code: "HeartbeatFirst", message: "send a heartbeat with the host's containers before polling")
        }
        let wait = min(max(Double(request.query["wait"] ?? "") ?? 20, 0), 30)
        return try .encoded(AgentInstructions(data: agent.take(wait: wait, session: request.query["session"])))
    }

    func agentResults(_ request: APIRequest) throws -> HTTPResponse {
        let hostId = request.principal!.hostId!
        let body = try request.decode(AgentReport.self)
        guard let agent = remoteAgents.agent(hostId) else {
            throw APIError(status: 409, code: "HeartbeatFirst", message: "send a heartbeat with the host's containers first")
        }
        agent.complete(body.results.map { result in
            if let report = result.report { return (result.key, .success(report)) }
            return (result.key, .failure(InstructionFailure(key: result.key, message: result.error ?? "failed without a message")))
        })
        if let containers = body.containers { agent.replaceReports(containers) }
        return HTTPResponse(status: 204)
    }

    func agentHeartbeat(_ request: APIRequest) throws -> HTTPResponse {
        let body = try request.decode(AgentReport.self)
        try remoteAgents.heartbeat(hostId: request.principal!.hostId!, containers: body.containers ?? [], session: body.session)
        return HTTPResponse(status: 204)
    }
}
