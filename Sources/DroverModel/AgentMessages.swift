/// What an agent tells about its host when it registers.
public struct HostRegistration: Codable, Equatable, Sendable {
    public var name: String
    public var address: String?
    public var labels: [String: String]
    public var dockerVersion: String?
    public var memory: Int64?
    public var cpu: Int?

    public init(name: String, address: String? = nil, labels: [String: String] = [:], dockerVersion: String? = nil,
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
public struct AgentRegistrationRequest: Codable, Equatable, Sendable {
    public var token: String
    public var host: HostRegistration

    public init(token: String, host: HostRegistration) {
        self.token = token
        self.host = host
    }
}

/// The answer to a registration: the host's id and its own credential, usable only on agent endpoints.
public struct AgentCredential: Codable, Equatable, Sendable {
    public var hostId: String
    public var environmentId: String
    public var accessKey: String
    public var secretKey: String

    public init(hostId: String, environmentId: String, accessKey: String, secretKey: String) {
        self.hostId = hostId
        self.environmentId = environmentId
        self.accessKey = accessKey
        self.secretKey = secretKey
    }
}

/// `GET /v2-beta/agent/instructions`: what the host must do now.
public struct AgentInstructions: Codable, Equatable, Sendable {
    public var data: [Instruction]

    public init(data: [Instruction]) {
        self.data = data
    }
}

/// The outcome of one instruction: the container's report, or the error message.
public struct AgentResult: Codable, Equatable, Sendable {
    public var key: String
    public var report: InstanceReport?
    public var error: String?

    public init(key: String, report: InstanceReport? = nil, error: String? = nil) {
        self.key = key
        self.report = report
        self.error = error
    }
}

/// `POST /v2-beta/agent/results` (with the results of instructions) and `POST /v2-beta/agent/heartbeat` (with every
/// container of the host, as the agent sees it).
public struct AgentReport: Codable, Equatable, Sendable {
    public var results: [AgentResult]
    public var containers: [InstanceReport]?
    /// A new id each time an agent process connects: a heartbeat with a new session makes the server hand the
    /// instructions a previous session took but never answered to this one.
    public var session: String?

    public init(results: [AgentResult] = [], containers: [InstanceReport]? = nil, session: String? = nil) {
        self.results = results
        self.containers = containers
        self.session = session
    }
}
