import DroverAgent
import DroverHTTP
import XCTest

/// Health probes against a real HTTP server on loopback.
final class HealthProbeTests: XCTestCase {
    func testTCPAndHTTPChecks() throws {
        let server = HTTPServer { request in
            HTTPResponse(status: request.path == "/health" ? 200 : request.path == "/moved" ? 302 : 503)
        }
        try server.start(port: 0)
        defer { server.stop(grace: 1) }
        XCTAssertEqual(HealthProbe.check(address: "127.0.0.1", port: server.port, requestLine: nil, timeoutMillis: 2000), .healthy)
        XCTAssertEqual(HealthProbe.check(address: "127.0.0.1", port: server.port, requestLine: "GET /health HTTP/1.0", timeoutMillis: 2000), .healthy)
        XCTAssertEqual(HealthProbe.check(address: "127.0.0.1", port: server.port, requestLine: "GET /moved", timeoutMillis: 2000), .healthy)
        XCTAssertEqual(HealthProbe.check(address: "127.0.0.1", port: server.port, requestLine: "GET /down HTTP/1.0", timeoutMillis: 2000),
                       .unhealthy("GET /down answered 503"))
        XCTAssertEqual(HealthProbe.check(address: "127.0.0.1", port: server.port, requestLine: "PING", timeoutMillis: 2000),
                       .unhealthy("request line \"PING\" is not METHOD PATH [VERSION]"))
    }

    func testClosedPortIsUnhealthyWithTheReason() throws {
        let server = HTTPServer { _ in HTTPResponse(status: 200) }
        try server.start(port: 0)
        let port = server.port
        server.stop(grace: 0)
        guard case let .unhealthy(reason) = HealthProbe.check(address: "127.0.0.1", port: port, requestLine: nil, timeoutMillis: 1000) else {
            return XCTFail("a closed port must be unhealthy")
        }
        XCTAssertTrue(reason.contains("cannot connect to tcp://127.0.0.1:\(port)"), reason)
    }
}
