import DroverBasics
import DroverHTTP
import DroverModel
import Foundation

/// A client of the Docker Engine API over a unix socket or TCP, with API version negotiation.
///
/// Every method is blocking and thread-safe; run many in parallel for throughput.
package final class DockerClient: Sendable {
    /// The newest API version this client speaks; an older engine's version is used when it is lower.
    package static let maxAPIVersion = "1.41"

    package let endpoint: HTTPEndpoint
    let http: HTTPClient
    private let negotiated = Locked<String?>(nil)
    /// Held while a network is created: Docker's duplicate check races, so creations are serialised per client
    /// (a process uses one client per engine).
    let networkCreation = Locked(())

    /// `host` as in DOCKER_HOST (`unix:///var/run/docker.sock`, `tcp://127.0.0.1:2375`).
    package init(host: String, timeout: Double = 120) throws(DockerError) {
        do {
            endpoint = try HTTPEndpoint(url: host)
        } catch {
            throw .unreachable(endpoint: host, reason: error.description)
        }
        http = HTTPClient(endpoint: endpoint, timeout: timeout, maxIdleConnections: 32)
    }

    /// A client for `$DOCKER_HOST`, or the default socket.
    package static func fromEnvironment() throws(DockerError) -> DockerClient {
        try DockerClient(host: ProcessInfo.processInfo.environment["DOCKER_HOST"] ?? "unix:///var/run/docker.sock")
    }

    /// The API version in use, asking the engine once.
    package func apiVersion() throws(DockerError) -> String {
        if let known = negotiated.current { return known }
        let response = try perform(HTTPRequest(method: "GET", target: "/version"), operation: "negotiate API version")
        let engine = (try? JSONDecoder().decode(VersionInfo.self, from: Data(response.body)))?.apiVersion ?? Self.maxAPIVersion
        let chosen = Self.compare(engine, Self.maxAPIVersion) < 0 ? engine : Self.maxAPIVersion
        negotiated.withLock { $0 = chosen }
        return chosen
    }

    /// Sends a versioned request and returns the response when its status is 2xx (or in `accept`).
    func request(_ method: String, _ path: String, query: [(String, String)] = [], body: [UInt8]? = nil,
                 headers: [HTTPHeader] = [], accept: Set<Int> = [], operation: String) throws(DockerError) -> HTTPResponse {
        let target = "/v\(try apiVersion())\(path)\(Self.queryString(query))"
        var allHeaders = headers
        if body != nil { allHeaders.append(HTTPHeader("Content-Type", "application/json")) }
        let response = try perform(HTTPRequest(method: method, target: target, headers: allHeaders, body: body ?? []), operation: operation)
        guard (200..<300).contains(response.status) || accept.contains(response.status) else {
            throw .api(operation: operation, status: response.status, message: Self.message(in: response))
        }
        return response
    }

    /// Sends a JSON body and decodes a JSON answer.
    func json<Body: Encodable, Answer: Decodable>(_ method: String, _ path: String, query: [(String, String)] = [], body: Body,
                                                  as type: Answer.Type, operation: String) throws(DockerError) -> Answer {
        let encoded: [UInt8]
        do { encoded = Array(try JSONEncoder().encode(body)) } catch {
            throw .unexpected(operation: operation, reason: "cannot encode request: \(error)")
        }
        let response = try request(method, path, query: query, body: encoded, operation: operation)
        return try decode(type, response, operation: operation)
    }

    func decode<Answer: Decodable>(_ type: Answer.Type, _ response: HTTPResponse, operation: String) throws(DockerError) -> Answer {
        do {
            return try JSONDecoder().decode(type, from: Data(response.body))
        } catch {
            throw .unexpected(operation: operation, reason: "\(error)")
        }
    }

    /// Streams a versioned request's body to `onData` until it ends or `onData` returns false.
    func stream(_ method: String, _ path: String, query: [(String, String)] = [], body: [UInt8]? = nil, operation: String,
                onData: ([UInt8]) -> Bool) throws(DockerError) {
        let target = "/v\(try apiVersion())\(path)\(Self.queryString(query))"
        var headers: [HTTPHeader] = []
        if body != nil { headers.append(HTTPHeader("Content-Type", "application/json")) }
        var failure: HTTPResponse?
        do {
            try http.stream(HTTPRequest(method: method, target: target, headers: headers, body: body ?? []), onHead: { head in
                if !(200..<300).contains(head.status) { failure = head }
            }, onData: { bytes in
                if failure != nil {
                    failure!.body.append(contentsOf: bytes)
                    return true
                }
                return onData(bytes)
            })
        } catch {
            throw Self.transport(error, endpoint: endpoint, operation: operation)
        }
        if let failure { throw .api(operation: operation, status: failure.status, message: Self.message(in: failure)) }
    }

    private func perform(_ request: HTTPRequest, operation: String) throws(DockerError) -> HTTPResponse {
        do {
            return try http.send(request)
        } catch {
            throw Self.transport(error, endpoint: endpoint, operation: operation)
        }
    }

    private static func transport(_ error: HTTPClientError, endpoint: HTTPEndpoint, operation: String) -> DockerError {
        switch error {
        case let .connect(where_, reason): return .unreachable(endpoint: where_, reason: reason)
        default: return .unexpected(operation: operation, reason: error.description)
        }
    }

    /// Docker's error text from a JSON `{"message": …}` body, or the raw body.
    static func message(in response: HTTPResponse) -> String {
        if let object = try? JSONDecoder().decode([String: String].self, from: Data(response.body)), let message = object["message"] {
            return message
        }
        let text = response.text.trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? "HTTP \(response.status) \(response.reason)" : text
    }

    static func queryString(_ items: [(String, String)]) -> String {
        guard !items.isEmpty else { return "" }
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+:/?,;{}\"")
        return "?" + items.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0.1)" }.joined(separator: "&")
    }

    /// Compares dotted versions numerically.
    static func compare(_ left: String, _ right: String) -> Int {
        let l = left.split(separator: ".").map { Int($0) ?? 0 }, r = right.split(separator: ".").map { Int($0) ?? 0 }
        for index in 0..<max(l.count, r.count) {
            let a = index < l.count ? l[index] : 0, b = index < r.count ? r[index] : 0
            if a != b { return a < b ? -1 : 1 }
        }
        return 0
    }
}

/// `GET /version`.
package struct VersionInfo: Decodable, Sendable {
    package var version: String
    package var apiVersion: String
    package var minAPIVersion: String?
    package var os: String?
    package var arch: String?
    package var kernelVersion: String?

    enum CodingKeys: String, CodingKey {
        case version = "Version", apiVersion = "ApiVersion", minAPIVersion = "MinAPIVersion", os = "Os", arch = "Arch"
        case kernelVersion = "KernelVersion"
    }
}
