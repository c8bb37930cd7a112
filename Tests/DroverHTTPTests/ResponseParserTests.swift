@testable import DroverHTTP
import XCTest

final class ResponseParserTests: XCTestCase {
    private func parse(_ chunks: [String], method: String = "GET") throws -> [ResponseParser.Event] {
        var parser = ResponseParser(requestMethod: method)
        var events: [ResponseParser.Event] = []
        for chunk in chunks { events += try parser.feed(Array(chunk.utf8)) }
        if !parser.isComplete { events += try parser.finish() }
        return events
    }

    private func body(_ events: [ResponseParser.Event]) -> String {
        String(decoding: events.flatMap { event -> [UInt8] in
            if case let .data(bytes) = event { return bytes }
            return []
        }, as: UTF8.self)
    }

    func testContentLengthSplitAnywhere() throws {
        let whole = "HTTP/1.1 200 OK\r\nContent-Length: 11\r\nX-A: b\r\n\r\nhello world"
        for cut in 1..<whole.utf8.count {
            let bytes = Array(whole.utf8)
            let events = try parse([String(decoding: bytes[..<cut], as: UTF8.self), String(decoding: bytes[cut...], as: UTF8.self)])
            XCTAssertEqual(events.first, .head(status: 200, reason: "OK", headers: [HTTPHeader("Content-Length", "11"), HTTPHeader("X-A", "b")]))
            XCTAssertEqual(body(events), "hello world", "cut at \(cut)")
            XCTAssertEqual(events.last, .end)
        }
    }

    func testChunkedWithExtensionsAndTrailers() throws {
        let events = try parse(["HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nhel", "lo\r\n6\r\n world\r\n0\r\nTrailer: t\r\n\r\n"])
        XCTAssertEqual(body(events), "hello world")
        XCTAssertEqual(events.last, .end)
    }

    func testUntilCloseAndNoBodyCases() throws {
        XCTAssertEqual(body(try parse(["HTTP/1.0 200 OK\r\n\r\nstream", "ing"])), "streaming")
        XCTAssertEqual(try parse(["HTTP/1.1 204 No Content\r\n\r\n"]).count, 2)
        XCTAssertEqual(try parse(["HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n"], method: "HEAD").count, 2)
        let continued = try parse(["HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok"])
        XCTAssertEqual(continued.count, 4)
        XCTAssertEqual(body(continued), "ok")
    }

    func testMalformedResponses() {
        XCTAssertThrowsError(try parse(["NOPE 200 OK\r\n\r\n"]))
        XCTAssertThrowsError(try parse(["HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"]))
        XCTAssertThrowsError(try parse(["HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"]))
        XCTAssertThrowsError(try parse(["HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nab"])) { error in
            XCTAssertEqual(error as? ResponseParser.Malformed, ResponseParser.Malformed(reason: "connection closed before the response was complete"))
        }
        var parser = ResponseParser()
        XCTAssertThrowsError(try parser.feed(Array(repeating: UInt8(ascii: "a"), count: ResponseParser.maxHeadSize + 10)))
    }

    func testRequestSerialization() {
        let request = HTTPRequest(method: "POST", target: "/v1.41/containers/create?name=x", body: Array("{}".utf8))
        XCTAssertEqual(String(decoding: request.serialized(host: "localhost"), as: UTF8.self),
                       "POST /v1.41/containers/create?name=x HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\n\r\n{}")
    }

    func testEndpoints() throws {
        XCTAssertEqual(try HTTPEndpoint(url: "unix:///var/run/docker.sock"), .unix(path: "/var/run/docker.sock"))
        XCTAssertEqual(try HTTPEndpoint(url: "tcp://10.0.0.1:2375"), .tcp(host: "10.0.0.1", port: 2375))
        XCTAssertEqual(try HTTPEndpoint(url: "http://localhost:8080/"), .tcp(host: "localhost", port: 8080))
        XCTAssertThrowsError(try HTTPEndpoint(url: "ftp://x"))
    }
}
