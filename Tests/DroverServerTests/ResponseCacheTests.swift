import DroverHTTP
@testable import DroverServer
import XCTest

/// The answer cache as data: one build per generation, a byte budget that drops older generations first, gzip forms
/// kept beside the plain ones, and large bodies also kept as files for sendfile.
final class ResponseCacheTests: XCTestCase {
    private func answer(_ size: Int, _ fill: UInt8 = 65) -> HTTPResponse {
        HTTPResponse(status: 200, body: [UInt8](repeating: fill, count: size))
    }

    func testOneBuildPerGenerationAndFailuresAreNotKept() {
        let cache = ResponseCache()
        var builds = 0
        for _ in 0..<3 { _ = cache.response("a", generation: 1) { builds += 1; return answer(10) } }
        XCTAssertEqual(builds, 1)
        _ = cache.response("a", generation: 2) { builds += 1; return answer(10) }
        XCTAssertEqual(builds, 2, "a new generation builds again")
        for _ in 0..<2 { _ = cache.response("missing", generation: 2) { builds += 1; return HTTPResponse(status: 404) } }
        XCTAssertEqual(builds, 4, "a 404 is not kept")
    }

    func testTheBudgetDropsOlderGenerationsFirstAndNeverKeepsWhatCannotFit() {
        let cache = ResponseCache(budget: 3000)
        var builds: [String: Int] = [:]
        func get(_ key: String, _ generation: Int64, size: Int = 1000) {
            _ = cache.response(key, generation: generation) { builds[key, default: 0] += 1; return answer(size) }
        }
        get("old-1", 1)
        get("old-2", 1)
        get("new-1", 2)
        get("new-2", 2)  // over budget: the generation-1 answers go
        get("new-1", 2)
        get("new-2", 2)
        XCTAssertEqual(builds["new-1"], 1)
        XCTAssertEqual(builds["new-2"], 1)
        get("old-1", 1)
        XCTAssertEqual(builds["old-1"], 2, "dropped to make room")
        get("huge", 2, size: 5000)
        get("huge", 2, size: 5000)
        XCTAssertEqual(builds["huge"], 2, "an answer larger than the budget is built every time")
    }

    func testGzipFormsAndBodyFiles() {
        let cache = ResponseCache()
        let big = answer(200_000, 66)
        let plain = cache.response("big", generation: 1) { big }
        XCTAssertEqual(plain.headers.value(of: "Vary"), "Accept-Encoding")
        XCTAssertEqual(plain.bodyFile?.count, 200_000, "kept as a file too")
        let compressed = cache.response("big", generation: 1, gzip: true) { XCTFail("built again"); return big }
        XCTAssertEqual(compressed.headers.value(of: "Content-Encoding"), "gzip")
        XCTAssertEqual(Gzip.decompress(compressed.body), big.body)
        XCTAssertNil(compressed.bodyFile, "a few hundred compressed bytes need no file")
        let small = cache.response("small", generation: 1, gzip: true) { answer(100) }
        XCTAssertNil(small.headers.value(of: "Content-Encoding"), "too small to be worth compressing")
    }

    func testBodyFilesAreLimitedAndFreedWhenReleased() {
        var files: [BodyFile] = []
        while let file = BodyFile([1, 2, 3]), files.count <= BodyFile.limit { files.append(file) }
        XCTAssertGreaterThan(files.count, 0)
        XCTAssertLessThanOrEqual(files.count, BodyFile.limit)
        XCTAssertNil(BodyFile([1]), "no more while \(files.count) are open")
        files.removeAll()
        XCTAssertNotNil(BodyFile([1]), "released files make room again")
    }
}
