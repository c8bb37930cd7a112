import DroverModel
import Foundation

extension DockerClient {
    /// `POST /containers/create?name=…`; returns the new container's id.
    package func createContainer(name: String, spec: ContainerSpec) throws(DockerError) -> String {
        let created = try json("POST", "/containers/create", query: [("name", name)], body: spec, as: CreatedContainer.self,
                               operation: "create container \(name)")
        return created.id
    }

    /// `POST /containers/{id}/start`; starting a running container is not an error.
    package func startContainer(_ id: String) throws(DockerError) {
        _ = try request("POST", "/containers/\(id)/start", accept: [304], operation: "start container \(id)")
    }

    /// `POST /containers/{id}/stop?t=…`; stopping a stopped container is not an error.
    package func stopContainer(_ id: String, timeout: Int = 10) throws(DockerError) {
        _ = try request("POST", "/containers/\(id)/stop", query: [("t", String(timeout))], accept: [304],
                        operation: "stop container \(id)")
    }

    /// `POST /containers/{id}/rename?name=…`.
    package func renameContainer(_ id: String, to name: String) throws(DockerError) {
        _ = try request("POST", "/containers/\(id)/rename", query: [("name", name)], operation: "rename container \(id) to \(name)")
    }

    /// `POST /containers/{id}/kill?signal=…`.
    package func killContainer(_ id: String, signal: String = "KILL") throws(DockerError) {
        _ = try request("POST", "/containers/\(id)/kill", query: [("signal", signal)], operation: "kill container \(id) with \(signal)")
    }

    /// `DELETE /containers/{id}`; removing a missing container is not an error.
    package func removeContainer(_ id: String, force: Bool = false, volumes: Bool = false) throws(DockerError) {
        _ = try request("DELETE", "/containers/\(id)", query: [("force", String(force)), ("v", String(volumes))], accept: [404],
                        operation: "remove container \(id)")
    }

    /// `GET /containers/{id}/json` as typed fields; nil when there is no such container.
    package func inspectContainer(_ id: String) throws(DockerError) -> ContainerInfo? {
        let operation = "inspect container \(id)"
        let response = try request("GET", "/containers/\(id)/json", accept: [404], operation: operation)
        if response.status == 404 { return nil }
        return try decode(ContainerInfo.self, response, operation: operation)
    }

    /// `GET /containers/{id}/json` as raw JSON, for comparisons field by field.
    package func inspectContainerJSON(_ id: String) throws(DockerError) -> JSONValue {
        let operation = "inspect container \(id)"
        return try decode(JSONValue.self, try request("GET", "/containers/\(id)/json", operation: operation), operation: operation)
    }

    /// `GET /containers/json?all=1&filters={"label":[…]}`: containers carrying every one of `labels` (`k` or `k=v`).
    package func listContainers(labels: [String], all: Bool = true) throws(DockerError) -> [ContainerSummary] {
        let operation = "list containers with labels \(labels.joined(separator: ","))"
        let response = try request("GET", "/containers/json", query: [("all", all ? "1" : "0"), ("filters", Self.filters(["label": labels]))],
                                   operation: operation)
        return try decode([ContainerSummary].self, response, operation: operation)
    }

    /// `POST /containers/{id}/wait`: blocks until the container stops; returns its exit code.
    package func waitContainer(_ id: String, condition: String = "not-running") throws(DockerError) -> Int {
        let operation = "wait for container \(id)"
        let response = try request("POST", "/containers/\(id)/wait", query: [("condition", condition)], operation: operation)
        return try decode(WaitResult.self, response, operation: operation).statusCode
    }

    /// `GET /containers/{id}/logs`: demultiplexed output lines, until the end (or forever with `follow`).
    /// `onLine` returns false to stop following.
    package func logs(_ id: String, follow: Bool = false, tail: String = "all", since: String? = nil, timestamps: Bool = false, tty: Bool = false,
                     onLine: (LogLine) -> Bool) throws(DockerError) {
        var demultiplexer = LogDemultiplexer(tty: tty)
        var query = [("stdout", "1"), ("stderr", "1"), ("follow", follow ? "1" : "0"), ("tail", tail), ("timestamps", timestamps ? "1" : "0")]
        if let since { query.append(("since", since)) }
        try stream("GET", "/containers/\(id)/logs", query: query,
                   operation: "read logs of container \(id)") { bytes in
            demultiplexer.feed(bytes).allSatisfy(onLine)
        }
        for line in demultiplexer.flush() where !onLine(line) { return }
    }
}

/// The parts of `GET /containers/{id}/json` Drover uses.
package struct ContainerInfo: Decodable, Sendable {
    /// `State` of a container.
    package struct State: Decodable, Sendable {
        package var status: String
        package var running: Bool
        package var exitCode: Int
        package var pid: Int
        package var startedAt: String?
        package var finishedAt: String?
        package var health: Health?

        enum CodingKeys: String, CodingKey {
            case status = "Status", running = "Running", exitCode = "ExitCode", pid = "Pid", startedAt = "StartedAt"
            case finishedAt = "FinishedAt", health = "Health"
        }
    }

    /// Docker's own health status.
    package struct Health: Decodable, Sendable {
        package var status: String

        enum CodingKeys: String, CodingKey { case status = "Status" }
    }

    /// `Config` of a container.
    package struct Config: Decodable, Sendable {
        package var image: String
        package var labels: [String: String]?

        enum CodingKeys: String, CodingKey { case image = "Image", labels = "Labels" }
    }

    /// `NetworkSettings.Networks`.
    package struct NetworkSettings: Decodable, Sendable {
        package var networks: [String: Endpoint]?

        enum CodingKeys: String, CodingKey { case networks = "Networks" }
    }

    /// One network endpoint.
    package struct Endpoint: Decodable, Sendable {
        package var ipAddress: String?
        package var aliases: [String]?

        enum CodingKeys: String, CodingKey { case ipAddress = "IPAddress", aliases = "Aliases" }
    }

    package var id: String
    /// With Docker's leading slash removed.
    package var name: String
    package var state: State
    package var config: Config
    package var networkSettings: NetworkSettings
    package var restartCount: Int

    enum CodingKeys: String, CodingKey {
        case id = "Id", name = "Name", state = "State", config = "Config", networkSettings = "NetworkSettings"
        case restartCount = "RestartCount"
    }

    package init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        let raw = try container.decode(String.self, forKey: .name)
        name = raw.hasPrefix("/") ? String(raw.dropFirst()) : raw
        state = try container.decode(State.self, forKey: .state)
        config = try container.decode(Config.self, forKey: .config)
        networkSettings = try container.decode(NetworkSettings.self, forKey: .networkSettings)
        restartCount = try container.decodeIfPresent(Int.self, forKey: .restartCount) ?? 0
    }
}

/// One row of `GET /containers/json`.
package struct ContainerSummary: Decodable, Sendable {
    package var id: String
    package var names: [String]
    package var image: String
    package var state: String
    package var status: String
    package var labels: [String: String]
    /// Network name → the container's IPv4 address on it (empty while it is not running).
    package var addresses: [String: String]

    enum CodingKeys: String, CodingKey {
        case id = "Id", names = "Names", image = "Image", state = "State", status = "Status", labels = "Labels", networkSettings = "NetworkSettings"
    }

    private struct Settings: Decodable {
        var networks: [String: Endpoint]?
        enum CodingKeys: String, CodingKey { case networks = "Networks" }
    }

    private struct Endpoint: Decodable {
        var ipAddress: String?
        enum CodingKeys: String, CodingKey { case ipAddress = "IPAddress" }
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        names = try container.decode([String].self, forKey: .names)
        image = try container.decode(String.self, forKey: .image)
        state = try container.decode(String.self, forKey: .state)
        status = try container.decode(String.self, forKey: .status)
        labels = try container.decodeIfPresent([String: String].self, forKey: .labels) ?? [:]
        let networks = try container.decodeIfPresent(Settings.self, forKey: .networkSettings)?.networks ?? [:]
        addresses = networks.compactMapValues { $0.ipAddress.flatMap { $0.isEmpty ? nil : $0 } }
    }

    /// The exit code in Docker's status text (`Exited (137) 2 seconds ago`), without another request.
    package var exitCode: Int? {
        guard let open = status.firstIndex(of: "("), let close = status.firstIndex(of: ")"), open < close else { return nil }
        return Int(status[status.index(after: open)..<close])
    }

    /// The container's name without Docker's leading slash.
    package var name: String {
        let first = names.first ?? ""
        return first.hasPrefix("/") ? String(first.dropFirst()) : first
    }
}

struct CreatedContainer: Decodable {
    var id: String

    enum CodingKeys: String, CodingKey { case id = "Id" }
}

struct WaitResult: Decodable {
    var statusCode: Int

    enum CodingKeys: String, CodingKey { case statusCode = "StatusCode" }
}
