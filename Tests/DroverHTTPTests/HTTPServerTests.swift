@testable import DroverHTTP
import Foundation
import XCTest

/// The server with real sockets on loopback: keep-alive, pipelining, limits, slow clients, graceful stop.
final class HTTPServerTests: XCTestCase {
    private var server: HTTPServer!

    override func setUpWithError() throws {
        var limits = HTTPServer.Limits()
        limits.maxHeadBytes = 1024
        limits.maxBodyBytes = 64
        limits.maxConnections = 4
        limits.headerDeadline = 0.5
        server = HTTPServer(limits: limits) { request in
            if request.path == "/slow" { Thread.sleep(forTimeInterval: 0.3) }
            if request.path == "/big" {
                let body = Array(String(repeating: "a listing of many similar lines\n", count: 20_000).utf8)
                if request.query["file"] != nil {
                    var response = HTTPResponse(status: 200, body: body)
                    response.bodyFile = BodyFile(body)
                    return response
                }
                return Gzip.accepted(by: request.headers.value(of: "accept-encoding"))
                    ? HTTPResponse(status: 200, headers: [HTTPHeader("Content-Encoding", "gzip")], body: Gzip.compress(body))
                    : HTTPResponse(status: 200, body: body)
            }
            return HTTPResponse(status: 200, headers: [HTTPHeader("Content-Type", "text/plain")],
                                body: Array("\(request.method) \(request.path) \(request.body.count)".utf8))
        }
        try server.start(port: 0)
    }

    override func tearDown() {
        server.stop(grace: 1)
    }

    private func raw(_ text: String, readUntilClose: Bool = true) throws -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(server.port).bigEndian)
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        let connected = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        XCTAssertEqual(connected, 0)
        var timeout = timeval(tv_sec: 3, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count <= 0 { break }
            result += buffer[0..<count]
        }
        return String(decoding: result, as: UTF8.self)
    }

    func testKeepAliveWithTheClient() throws {
        let client = HTTPClient(endpoint: .tcp(host: "127.0.0.1", port: server.port), timeout: 3)
        for index in 0..<5 {
            let response = try client.send(HTTPRequest(method: "POST", target: "/echo/\(index)", body: Array("abc".utf8)))
            XCTAssertEqual(response.status, 200)
            XCTAssertEqual(response.text, "POST /echo/\(index) 3")
        }
    }

    func testLargeBodiesArriveWholeAndGzipBodiesAreDecompressedByTheClient() throws {
        let client = HTTPClient(endpoint: .tcp(host: "127.0.0.1", port: server.port), timeout: 3)
        let plain = try client.send(HTTPRequest(method: "GET", target: "/big"))
        XCTAssertEqual(plain.body.count, 640_000)
        XCTAssertNil(plain.headers.value(of: "Content-Encoding"))
        let compressed = try client.send(HTTPRequest(method: "GET", target: "/big", headers: [HTTPHeader("Accept-Encoding", "gzip")]))
        XCTAssertEqual(compressed.body, plain.body, "the client hands back the decompressed body")
        XCTAssertNil(compressed.headers.value(of: "Content-Encoding"))
        let head = try client.send(HTTPRequest(method: "HEAD", target: "/big", headers: [HTTPHeader("Accept-Encoding", "gzip")]))
        XCTAssertEqual(head.status, 200, "a HEAD answer has no gzip body to decompress")
        XCTAssertTrue(head.body.isEmpty)
        for _ in 0..<3 {
            XCTAssertEqual(try client.send(HTTPRequest(method: "GET", target: "/big?file=1")).body, plain.body, "the same bytes sent from a memfd")
        }
        let onTheWire = try raw("GET /big HTTP/1.1\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n")
        let length = onTheWire.components(separatedBy: "\r\n").first { $0.hasPrefix("Content-Length: ") }.flatMap { Int($0.dropFirst(16)) }
        XCTAssertNotNil(length)
        XCTAssertLessThan(length ?? .max, 10_000, "20,000 equal lines compress to a few kilobytes")
    }

    func testHeadAnswersTheLengthOfTheBodyWithoutTheBody() throws {
        let answer = try raw("HEAD /abc HTTP/1.1\r\nConnection: close\r\n\r\n")
        XCTAssertTrue(answer.contains("Content-Length: 11\r\n"), "the length of \"HEAD /abc 0\": \(answer)")
        XCTAssertTrue(answer.hasSuffix("\r\n\r\n"), "no body after the head: \(answer)")
    }

    func testPipelinedRequestsAreAnsweredInOrder() throws {
        let answer = try raw("GET /a HTTP/1.1\r\n\r\nGET /slow HTTP/1.1\r\n\r\nGET /c HTTP/1.1\r\nConnection: close\r\n\r\n")
        let bodies = answer.components(separatedBy: "\r\n\r\n").dropFirst().map { $0.prefix { $0 != "H" } }
        XCTAssertEqual(bodies.map(String.init), ["GET /a 0", "GET /slow 0", "GET /c 0"])
    }

    func testLimitsGetTheirStatusAndTheServerKeepsServing() throws {
        XCTAssertTrue(try raw("GET / HTTP/1.1\r\nX: \(String(repeating: "a", count: 2000))\r\n\r\n").hasPrefix("HTTP/1.1 431 "))
        XCTAssertTrue(try raw("POST / HTTP/1.1\r\nContent-Length: 100\r\n\r\n").hasPrefix("HTTP/1.1 413 "))
        XCTAssertTrue(try raw("NOT HTTP AT ALL\r\n\r\n").hasPrefix("HTTP/1.1 400 "))
        XCTAssertTrue(try raw("POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
            .hasPrefix("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK"))
        XCTAssertTrue(try raw("GET /still HTTP/1.1\r\nConnection: close\r\n\r\n").hasSuffix("GET /still 0"))
    }

    func testSlowClientIsCutOffAtTheHeaderDeadline() throws {
        let start = Date()
        let answer = try raw("GET / HTTP/1.1\r\nX-Slow: yes\r\n")
        XCTAssertTrue(answer.hasPrefix("HTTP/1.1 408 "), answer)
        XCTAssertLessThan(Date().timeIntervalSince(start), 2.5)
    }

    func testConnectionCapAnswers503() throws {
        let holders = (0..<4).map { _ in HTTPClient(endpoint: .tcp(host: "127.0.0.1", port: server.port), timeout: 3) }
        for holder in holders { XCTAssertEqual(try holder.send(HTTPRequest(method: "GET", target: "/hold")).status, 200) }
        XCTAssertTrue(try raw("GET / HTTP/1.1\r\n\r\n").hasPrefix("HTTP/1.1 503 "), "the four keep-alive connections hold every slot")
    }
}
