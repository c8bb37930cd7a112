@testable import DroverCatalog
import DroverCompose
import DroverModel
import Foundation
import XCTest

/// Renders, parses and builds every template version of the real Rancher catalogs in ../shared/corpus.
final class CorpusTests: XCTestCase {
    static var corpusPath: String {
        if let path = ProcessInfo.processInfo.environment["DROVER_CORPUS"] { return path }
        return URL(fileURLWithPath: #filePath).appendingPathComponent("../../../../shared/corpus/rancher-catalogs").standardized.path
    }

    func testEveryCorpusVersion() throws {
        let fm = FileManager.default
        let catalogs = try fm.contentsOfDirectory(atPath: Self.corpusPath).sorted()
        XCTAssertFalse(catalogs.isEmpty, "no catalogs under \(Self.corpusPath)")
        var total = 0
        var failures: [String: String] = [:]
        for name in catalogs {
            let repository = try CatalogRepository(name: name, path: "\(Self.corpusPath)/\(name)")
            for outcome in CatalogChecker.check(repository) {
                total += 1
                if let error = outcome.error { failures[outcome.id] = error }
            }
        }
        print("corpus: \(total) versions, \(total - failures.count) ok, \(failures.count) failed")
        for id in failures.keys.sorted() { print("  \(id): \(failures[id]!)") }
        XCTAssertGreaterThan(total, 400)
        let known = Self.knownBroken()
        XCTAssertEqual(Set(failures.keys), Set(known.keys),
                       "failing versions differ from Fixtures/known-broken.txt: new \(Set(failures.keys).subtracting(known.keys).sorted()), fixed \(Set(known.keys).subtracting(failures.keys).sorted())")
        for (id, reason) in failures {
            XCTAssertTrue(Self.isLocated(reason), "\(id) failed without a file:line:column location: \(reason)")
        }
    }

    /// `file:line:column:` at the start of a message, with a positive line.
    static func isLocated(_ message: String) -> Bool {
        let parts = message.split(separator: ":", maxSplits: 3)
        guard parts.count == 4, let line = Int(parts[1]), Int(parts[2]) != nil else { return false }
        return line > 0
    }

    /// Versions whose original files are broken, with the kind of defect (see docs/catalog.md).
    static func knownBroken() -> [String: String] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/known-broken.txt")
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        var result: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            if let id = parts.first { result[id] = parts.count > 1 ? parts[1] : "" }
        }
        return result
    }
}
