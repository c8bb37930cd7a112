import DroverHTTP
import DroverModel
import Foundation

/// The CLI's connection to a Drover server: URL, keys and environment from the flags, then `DROVER_*`, then
/// `RANCHER_*` variables, then the config file `drover config` writes (`~/.drover/config.json`); requests answered
/// with Rancher-shaped errors become failures that carry the server's message and diagnostics.
struct APIClient {
    /// The settings every server command accepts.
    static let options: [OptionSpec] = [
        .value("--url", valueName: "URL", help: "Drover server (default: $DROVER_URL, $RANCHER_URL, the config file, http://127.0.0.1:8080)."),
        .value("--access-key", valueName: "KEY", help: "API access key ($DROVER_ACCESS_KEY, $RANCHER_ACCESS_KEY)."),
        .value("--secret-key", valueName: "SECRET", help: "API secret key ($DROVER_SECRET_KEY, $RANCHER_SECRET_KEY)."),
        .value("--env", valueName: "ENV", help: "Environment id or name ($DROVER_ENVIRONMENT, $RANCHER_ENVIRONMENT; default: default)."),
    ]

    /// The config file's content.
    struct Settings: Codable {
        var url: String?
        var accessKey: String?
        var secretKey: String?
        var environment: String?
    }

    let url: String
    let accessKey: String?
    let secretKey: String?
    let environment: String
    let http: HTTPClient

    init(_ arguments: ParsedArguments) throws {
        let variables = ProcessInfo.processInfo.environment
        let file = Self.loadSettings()
        func pick(_ option: String, _ names: [String], _ fromFile: String?) -> String? {
            arguments.value(option) ?? names.lazy.compactMap { variables[$0] }.first { !$0.isEmpty } ?? fromFile
        }
        url = (pick("--url", ["DROVER_URL", "RANCHER_URL"], file.url) ?? "http://127.0.0.1:8080").trimmingSuffix("/").trimmingSuffix("/v2-beta")
        accessKey = pick("--access-key", ["DROVER_ACCESS_KEY", "RANCHER_ACCESS_KEY"], file.accessKey)
        secretKey = pick("--secret-key", ["DROVER_SECRET_KEY", "RANCHER_SECRET_KEY"], file.secretKey)
        environment = pick("--env", ["DROVER_ENVIRONMENT", "RANCHER_ENVIRONMENT"], file.environment) ?? "default"
        do {
            http = HTTPClient(endpoint: try HTTPEndpoint(url: url), timeout: 60)
        } catch {
            throw CommandFailure(message: "--url \(url): \(error)", exitCode: ExitCode.usage)
        }
    }

    static var settingsPath: String {
        (ProcessInfo.processInfo.environment["DROVER_CONFIG"] ?? (NSHomeDirectory() as NSString).appendingPathComponent(".drover/config.json"))
    }

    static func loadSettings() -> Settings {
        guard let data = FileManager.default.contents(atPath: settingsPath),
              let settings = try? JSONDecoder().decode(Settings.self, from: data) else { return Settings() }
        return settings
    }

    /// `/v2-beta/projects/<env>` + `path`.
    func environmentPath(_ path: String) -> String {
        "/v2-beta/projects/\(Self.escape(environment))\(path)"
    }

    /// Sends a request with one of the API's request types as its body (the types the server reads) and decodes
    /// the answer as the resource type the server writes.
    @discardableResult
    func request<Body: Encodable, Answer: Decodable>(_ method: String, _ path: String, sending body: Body, as answer: Answer.Type) throws -> Answer {
        try decode(Answer.self, try send(method, path, body: try JSONValue(encoding: body)), path: path)
    }

    /// Sends a request with one of the API's request types as its body; the answer as JSON.
    @discardableResult
    func request<Body: Encodable>(_ method: String, _ path: String, sending body: Body) throws -> JSONValue {
        try request(method, path, body: try JSONValue(encoding: body))
    }

    /// `DELETE path`, the answer decoded as one of the API's resource types.
    @discardableResult
    func delete<Answer: Decodable>(_ answer: Answer.Type, _ path: String) throws -> Answer {
        try decode(Answer.self, try send("DELETE", path, body: nil), path: path)
    }

    /// `GET path` decoded as one of the API's resource types.
    func get<Answer: Decodable>(_ answer: Answer.Type, _ path: String) throws -> Answer {
        try decode(Answer.self, try send("GET", path, body: nil), path: path)
    }

    /// Sends a request and returns the JSON answer; a non-2xx answer becomes a `CommandFailure`.
    @discardableResult
    func request(_ method: String, _ path: String, body: JSONValue? = nil) throws -> JSONValue {
        let bytes = try send(method, path, body: body)
        return bytes.isEmpty ? JSONValue.null : ((try? JSONDecoder().decode(JSONValue.self, from: Data(bytes))) ?? .string(String(decoding: bytes, as: UTF8.self)))
    }

    /// The answer's body decoded as `Answer`; a body of another shape is a failure that names the path.
    private func decode<Answer: Decodable>(_ type: Answer.Type, _ bytes: [UInt8], path: String) throws -> Answer {
        do {
            return try JSONDecoder().decode(Answer.self, from: Data(bytes))
        } catch {
            throw CommandFailure(message: "the server's answer to \(path) is not a \(Answer.self): \(error)")
        }
    }

    /// Sends a request and returns the answer's body; a non-2xx answer becomes a `CommandFailure` with the server's
    /// message and diagnostics.
    private func send(_ method: String, _ path: String, body: JSONValue?) throws -> [UInt8] {
        var headers = [HTTPHeader("Accept", "application/json"), HTTPHeader("Accept-Encoding", "gzip")]
        if let accessKey, let secretKey {
            headers.append(HTTPHeader("Authorization", "Basic " + Data("\(accessKey):\(secretKey)".utf8).base64EncodedString()))
        }
        var bytes: [UInt8] = []
        if let body {
            headers.append(HTTPHeader("Content-Type", "application/json"))
            bytes = Array(try JSONEncoder().encode(body))
        }
        let response: HTTPResponse
        do {
            response = try http.send(HTTPRequest(method: method, target: path, headers: headers, body: bytes))
        } catch {
            throw CommandFailure(message: "cannot reach the Drover server at \(url): \(error) (start one with `drover server --local-agent`, or set --url)",
                                 exitCode: ExitCode.unavailable)
        }
        guard (200..<300).contains(response.status) else {
            let error = try? JSONDecoder().decode(ErrorResource.self, from: Data(response.body))
            let message = error?.message ?? "HTTP \(response.status): \(response.text)"
            let detail = error?.detail ?? []
            let hint = response.status == 401 ? " (set --access-key/--secret-key, DROVER_ACCESS_KEY/DROVER_SECRET_KEY, or run `drover config`)" : ""
            throw CommandFailure(message: ([message + hint] + detail).joined(separator: "\n"))
        }
        return response.body
    }

    /// Every item of a collection as one of the API's resource types, following pagination.
    func list<Item: Codable & Sendable>(_ item: Item.Type, _ path: String) throws -> [Item] {
        var items: [Item] = []
        var next: String? = path
        while let current = next {
            let page = try get(CollectionResource<Item>.self, current)
            items += page.data
            next = page.pagination?.next.map { link in
                link.range(of: "/v2-beta").map { String(link[$0.lowerBound...]) } ?? link
            }
        }
        return items
    }

    /// Percent-escapes a path segment or query value.
    static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? text
    }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
