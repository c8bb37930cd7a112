/// Where an HTTP client connects: a unix socket or a TCP host and port.
package enum HTTPEndpoint: Sendable, Equatable, CustomStringConvertible {
    case unix(path: String)
    case tcp(host: String, port: Int)

    /// Parses `unix:///path`, `tcp://host:port`, `http://host:port` (or a bare `/path` for a unix socket).
    package init(url: String) throws(HTTPClientError) {
        if url.hasPrefix("unix://") {
            self = .unix(path: String(url.dropFirst("unix://".count)))
        } else if url.hasPrefix("/") {
            self = .unix(path: url)
        } else if let rest = ["tcp://", "http://"].first(where: url.hasPrefix).map({ String(url.dropFirst($0.count)) }) {
            let hostPort = rest.split(separator: "/").first.map(String.init) ?? rest
            guard let colon = hostPort.lastIndex(of: ":"), let port = Int(hostPort[hostPort.index(after: colon)...]) else {
                self = .tcp(host: hostPort, port: 80)
                return
            }
            self = .tcp(host: String(hostPort[..<colon]), port: port)
        } else {
            throw .invalidEndpoint(url)
        }
    }

    package var description: String {
        switch self {
        case let .unix(path): return "unix://\(path)"
        case let .tcp(host, port): return "tcp://\(host):\(port)"
        }
    }

    /// The Host header value for requests to this endpoint.
    var hostHeader: String {
        switch self {
        case .unix: return "localhost"
        case let .tcp(host, port): return "\(host):\(port)"
        }
    }
}

/// Why an HTTP exchange failed.
package enum HTTPClientError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidEndpoint(String)
    /// The endpoint did not accept a connection.
    case connect(endpoint: String, reason: String)
    /// Reading or writing failed after connecting.
    case io(endpoint: String, reason: String)
    /// No answer within the time allowed.
    case timeout(endpoint: String, seconds: Double)
    /// The peer's answer was not valid HTTP/1.1.
    case malformed(endpoint: String, reason: String)

    package var description: String {
        switch self {
        case let .invalidEndpoint(url): return "\"\(url)\" is not an endpoint (expected unix:///path or tcp://host:port)"
        case let .connect(endpoint, reason): return "cannot connect to \(endpoint): \(reason)"
        case let .io(endpoint, reason): return "connection to \(endpoint) failed: \(reason)"
        case let .timeout(endpoint, seconds): return "\(endpoint) did not answer within \(seconds) s"
        case let .malformed(endpoint, reason): return "invalid HTTP response from \(endpoint): \(reason)"
        }
    }
}
