import DroverHTTP

/// One health check of a container, as Rancher's `health_check` defines it: a TCP connect to the port, or, with a
/// request line (`GET /health HTTP/1.0`), an HTTP request whose answer must be 2xx or 3xx (HAProxy's httpchk rule).
package enum HealthProbe {
    /// The result of one probe.
    package enum Result: Equatable, Sendable {
        case healthy
        case unhealthy(String)
    }

    package static func check(address: String, port: Int, requestLine: String?, timeoutMillis: Int) -> Result {
        let client = HTTPClient(endpoint: .tcp(host: address, port: port), timeout: Double(timeoutMillis) / 1000, maxIdleConnections: 0)
        guard let requestLine, !requestLine.isEmpty else {
            do {
                try client.connectOnly()
                return .healthy
            } catch {
                return .unhealthy(error.description)
            }
        }
        let words = requestLine.split(separator: " ").map(String.init)
        guard words.count >= 2 else { return .unhealthy("request line \"\(requestLine)\" is not METHOD PATH [VERSION]") }
        do {
            let response = try client.send(HTTPRequest(method: words[0], target: words[1], headers: [HTTPHeader("Connection", "close")]))
            return (200..<400).contains(response.status) ? .healthy : .unhealthy("\(words[0]) \(words[1]) answered \(response.status)")
        } catch {
            return .unhealthy(error.description)
        }
    }
}
