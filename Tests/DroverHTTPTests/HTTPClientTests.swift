@testable import DroverHTTP
import Foundation
import XCTest

/// The client against a real peer: a tiny server on a unix socket written with POSIX calls in the test.
final class HTTPClientTests: XCTestCase {
    func testKeepAliveReuseAndStreaming() throws {
        let path = NSTemporaryDirectory() + "drover-http-\(UUID().uuidString.prefix(8)).sock"
        let server = try UnixTestServer(path: path) { request in
            if request.hasPrefix("GET /stream") {
                return "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\none\r\n3\r\ntwo\r\n0\r\n\r\n"
            }
            return "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\npong"
        }
        defer { server.stop() }
        let client = HTTPClient(endpoint: .unix(path: path), timeout: 5)
        for _ in 0..<3 { XCTAssertEqual(try client.send(HTTPRequest(method: "GET", target: "/ping")).text, "pong") }
        XCTAssertEqual(server.connections, 1, "keep-alive connection reused")
        var pieces: [String] = []
        try client.stream(HTTPRequest(method: "GET", target: "/stream"), onHead: { XCTAssertEqual($0.status, 200) }) { bytes in
            pieces.append(String(decoding: bytes, as: UTF8.self))
            return true
        }
        XCTAssertEqual(pieces.joined(), "onetwo")
    }

    func testUnreachableSocketNamesIt() {
        let client = HTTPClient(endpoint: .unix(path: "/tmp/drover-nothing-here.sock"), timeout: 1)
        XCTAssertThrowsError(try client.send(HTTPRequest(method: "GET", target: "/"))) { error in
            XCTAssertTrue((error as! HTTPClientError).description.hasPrefix("cannot connect to unix:///tmp/drover-nothing-here.sock"), "\(error)")
        }
    }
}

/// A one-thread HTTP server on a unix socket: answers every request on a connection with `respond(requestHead)`.
final class UnixTestServer: @unchecked Sendable {
    private let fd: Int32
    private let lock = NSLock()
    private var accepted = 0
    var connections: Int { lock.lock(); defer { lock.unlock() }; return accepted }

    init(path: String, respond: @escaping @Sendable (String) -> String) throws {
        unlink(path)
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            let bytes = Array(path.utf8)
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0, listen(fd, 8) == 0 else { throw NSError(domain: "UnixTestServer", code: Int(errno)) }
        let listener = fd
        Thread.detachNewThread { [self] in
            while true {
                let connection = accept(listener, nil, nil)
                if connection < 0 { return }
                lock.lock(); accepted += 1; lock.unlock()
                Thread.detachNewThread {
                    var buffer = [UInt8](repeating: 0, count: 4096)
                    var pending = ""
                    while true {
                        let count = recv(connection, &buffer, buffer.count, 0)
                        if count <= 0 { break }
                        pending += String(decoding: buffer[0..<count], as: UTF8.self)
                        while let end = pending.range(of: "\r\n\r\n") {
                            let head = String(pending[..<end.lowerBound])
                            pending = String(pending[end.upperBound...])
                            let answer = Array(respond(head).utf8)
                            _ = answer.withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                        }
                    }
                    close(connection)
                }
            }
        }
    }

    func stop() {
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
    }
}
