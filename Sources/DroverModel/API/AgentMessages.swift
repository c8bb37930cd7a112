/// What an agent tells about its host when it registers.
package struct HostRegistration: Codable, Equatable, Sendable {
    package var name: String
    package var address: String?
    package var labels: [String: String]
    package var dockerVersion: String?
    package var memory: Int64?
    package var cpu: Int?

    package init(name: String, address: String? = nil, labels: [String: String] = [:], dockerVersion: String? = nil,
                memory: Int64? = nil, cpu: Int? = nil) {
        self.name = name
        self.address = address
        self.labels = labels
        self.dockerVersion = dockerVersion
        self.memory = memory
        self.cpu = cpu
    }
}

/// `POST /v2-beta/agent/register`: an environment's registration token and the host.
package struct AgentRegistrationRequest: Codable, Equatable, Sendable {
    package var token: String
    package var host: HostRegistration

    package init(token: String, host: HostRegistration) {
        self.token = token
        self.host = host
    }
}

/// The answer to a registration: the host's id and its own credential, usable only on agent endpoints.
package struct AgentCredential: Codable, Equatable, Sendable {
    package var hostId: String
    package var environmentId: String
    package var accessKey: String
    package var secretKey: String

    package init(hostId: String, environmentId: String, accessKey: String, secretKey: String) {
        self.hostId = hostId
        self.environmentId = environmentId
        self.accessKey = accessKey
        self.secretKey = secretKey
    }
}

/// `GET /v2-beta/agent/instructions`: what the host must do now.
package struct AgentInstructions: Codable, Equatable, Sendable {
    package var data: [Instruction]

    package init(data: [Instruction]) {
        self.data = data
    }
}

/// The outcome of one instruction: the container's report, or the error message.
package struct AgentResult: Codable, Equatable, Sendable {
    package var key: String
    package var report: InstanceReport?
    package var error: String?

    package init(key: String, report: InstanceReport? = nil, error: String? = nil) {
        self.key = key
        self.report = report
        self.error = error
    }
}

/// `POST /v2-beta/agent/results` (with the results of instructions) and `POST /v2-beta/agent/heartbeat` (with every
/// container of the host, as the agent sees it).
package struct AgentReport: Codable, Equatable, Sendable {
    package var results: [AgentResult]
    package var containers: [InstanceReport]?
    /// A new id each time an agent process connects: a heartbeat with a new session makes the server hand the
    /// instructions a previous session took but never answered to this one.
    package var session: String?

    package init(results: [AgentResult] = [], containers: [InstanceReport]? = nil, session: String? = nil) {
        self.results = results
        self.containers = containers
        self.session = session
    }
}
