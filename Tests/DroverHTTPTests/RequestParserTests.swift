@testable import DroverHTTP
import XCTest

final class RequestParserTests: XCTestCase {
    private func requests(_ events: [RequestParser.Event]) -> [ReceivedRequest] {
        events.compactMap { if case let .request(request) = $0 { return request } else { return nil } }
    }

    func testPartialReadsAtEveryByte() throws {
        let wire = Array("POST /v2-beta/stacks?action=plan&name=a%20b HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello".utf8)
        for cut in 0...wire.count {
            var parser = RequestParser()
            let all = requests(try parser.feed(wire[..<cut]) + parser.feed(wire[cut...]))
            XCTAssertEqual(all.count, 1, "cut \(cut)")
            XCTAssertEqual(all.first?.path, "/v2-beta/stacks")
            XCTAssertEqual(all.first?.query, ["action": "plan", "name": "a b"])
            XCTAssertEqual(all.first.map { String(decoding: $0.body, as: UTF8.self) }, "hello")
            XCTAssertFalse(parser.isMidRequest)
        }
    }

    func testPipelinedRequestsComeOutInOrder() throws {
        var parser = RequestParser()
        let wire = "GET /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\nConnection: close\r\n\r\nPOST /c HTTP/1.0\r\nContent-Length: 1\r\n\r\nx"
        let all = requests(try parser.feed(Array(wire.utf8)))
        XCTAssertEqual(all.map(\.path), ["/a", "/b", "/c"])
        XCTAssertEqual(all.map(\.keepAlive), [true, false, false])
    }

    func testChunkedBodyWithTrailers() throws {
        var parser = RequestParser()
        let wire = "PUT /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nwiki\r\n5;ext=1\r\npedia\r\n0\r\nX-T: y\r\n\r\nGET /next HTTP/1.1\r\n\r\n"
        let all = requests(try parser.feed(Array(wire.utf8)))
        XCTAssertEqual(all.map { String(decoding: $0.body, as: UTF8.self) }, ["wikipedia", ""])
        XCTAssertEqual(all.last?.path, "/next")
    }

    func testExpectContinue() throws {
        var parser = RequestParser()
        let head = try parser.feed(Array("POST /up HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n".utf8))
        XCTAssertEqual(head, [.expectsContinue])
        XCTAssertTrue(parser.isMidRequest)
        XCTAssertEqual(requests(try parser.feed(Array("ok".utf8))).count, 1)
    }

    func testLimitsAndMalformedRequests() {
        let cases: [(String, Int, RequestParser)] = [
            ("GET / HTTP/1.1\r\nX: " + String(repeating: "a", count: 200) + "\r\n\r\n", 431, RequestParser(maxHeadBytes: 100)),
            ("GET / HTTP/1.1\r\nX: " + String(repeating: "a", count: 200), 431, RequestParser(maxHeadBytes: 100)),
            ("POST / HTTP/1.1\r\nContent-Length: 11\r\n\r\n", 413, RequestParser(maxBodyBytes: 10)),
            ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nb\r\n", 413, RequestParser(maxBodyBytes: 10)),
            ("POST / HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n", 400, RequestParser()),
            ("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400, RequestParser()),
            ("GARBAGE\r\n\r\n", 400, RequestParser()),
            ("get / HTTP/1.1\r\n\r\n", 400, RequestParser()),
            ("GET / HTTP/2.0\r\n\r\n", 400, RequestParser()),
            ("GET / HTTP/1.1\r\nNoColon\r\n\r\n", 400, RequestParser()),
            ("GET / HTTP/1.1\r\nBad Name: x\r\n\r\n", 400, RequestParser()),
            ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400, RequestParser()),
        ]
        for (wire, status, template) in cases {
            var parser = template
            XCTAssertThrowsError(try parser.feed(Array(wire.utf8)), wire) { error in
                XCTAssertEqual((error as! RequestParser.Failure).status, status, wire)
            }
        }
    }

    func testRouterMatchesParametersAndReportsMethods() throws {
        var router = Router<String>()
        router.add("GET", "/v2-beta/projects/:env/stacks", "list")
        router.add("POST", "/v2-beta/projects/:env/stacks", "create")
        router.add("GET", "/v2-beta/projects/:env/stacks/:id", "show")
        let match = try router.match("GET", "/v2-beta/projects/1a5/stacks/1st7")
        XCTAssertEqual(match.handler, "show")
        XCTAssertEqual(match.parameters, ["env": "1a5", "id": "1st7"])
        XCTAssertEqual(try router.match("HEAD", "/v2-beta/projects/1a5/stacks").handler, "list")
        XCTAssertThrowsError(try router.match("DELETE", "/v2-beta/projects/1a5/stacks")) {
            XCTAssertEqual($0 as? Router<String>.Miss, .methodNotAllowed(allowed: ["GET", "POST"]))
        }
        XCTAssertThrowsError(try router.match("GET", "/nope")) { XCTAssertEqual($0 as? Router<String>.Miss, .notFound) }
    }

    func testTargetsArePercentDecodedAndBrokenEscapesKeptAsWritten() {
        let (path, query) = RequestParser.splitTarget("/v2-beta/a%20b/caf%C3%A9?name=x+y&sort=%2Bid&flag&bad=%zz&euro=%E2%82%AC")
        XCTAssertEqual(path, "/v2-beta/a b/café")
        XCTAssertEqual(query, ["name": "x y", "sort": "+id", "flag": "", "bad": "%zz", "euro": "€"])
        XCTAssertEqual(RequestParser.splitTarget("/plain+path").0, "/plain+path", "+ is a space only in the query")
        XCTAssertEqual(RequestParser.splitTarget("/cut%4").0, "/cut%4")
    }

    func testGzipRoundTripsAndAcceptEncodingIsRead() {
        let text = Array(String(repeating: "{\"type\":\"service\",\"state\":\"active\"},", count: 1000).utf8)
        let compressed = Gzip.compress(text)
        XCTAssertEqual(Array(compressed.prefix(2)), [0x1f, 0x8b], "a gzip member")
        XCTAssertLessThan(compressed.count, text.count / 20)
        XCTAssertEqual(Gzip.decompress(compressed), text)
        XCTAssertEqual(Gzip.decompress(Gzip.compress([])), [])
        XCTAssertNil(Gzip.decompress(Array("not gzip".utf8)))
        XCTAssertNil(Gzip.decompress(compressed, limit: 100), "past the limit")
        let table: [(String?, Bool)] = [(nil, false), ("", false), ("gzip", true), ("deflate, gzip;q=0.5", true), ("br, GZIP", true),
                                        ("gzip;q=0", false), ("gzip; q=0.0", false), ("*", true), ("identity", false), ("x-gzip", true),
                                        ("*, gzip;q=0", false), ("*;q=0, gzip", true), ("x-gzip;q=0, gzip", true), ("*;q=0", false)]
        for (header, accepted) in table {
            XCTAssertEqual(Gzip.accepted(by: header), accepted, header ?? "nil")
        }
    }
}
