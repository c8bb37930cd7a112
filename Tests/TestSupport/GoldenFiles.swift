import DroverModel
import Foundation
import XCTest

/// Compares text with a golden file beside the calling test; `DROVER_RECORD=1` rewrites the file instead.
package func assertGolden(_ actual: String, _ relativePath: String, file: StaticString = #filePath, line: UInt = #line) {
    let url = URL(fileURLWithPath: "\(file)").deletingLastPathComponent().appendingPathComponent(relativePath)
    if ProcessInfo.processInfo.environment["DROVER_RECORD"] == "1" {
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try actual.write(to: url, atomically: true, encoding: .utf8)
        } catch {
            XCTFail("cannot record golden file \(relativePath): \(error)", file: file, line: line)
        }
        return
    }
    guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
        XCTFail("golden file \(relativePath) is missing; run with DROVER_RECORD=1 to create it", file: file, line: line)
        return
    }
    XCTAssertEqual(actual, expected, "differs from \(relativePath); run with DROVER_RECORD=1 after checking the change", file: file, line: line)
}

/// Reads a fixture file from the `Fixtures` folder beside the calling test; a missing file fails the test.
package func fixture(_ relativePath: String, file: StaticString = #filePath, line: UInt = #line) -> String {
    let url = URL(fileURLWithPath: "\(file)").deletingLastPathComponent().appendingPathComponent("Fixtures/\(relativePath)")
    guard let text = try? String(contentsOf: url, encoding: .utf8) else {
        XCTFail("fixture \(relativePath) is missing", file: file, line: line)
        return ""
    }
    return text
}

/// Encodes a value as sorted, indented JSON without empty fields, for golden comparisons.
package func canonicalJSON<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(try JSONValue(encoding: value).compacted), as: UTF8.self) + "\n"
}

/// Reads a fixture file from the `Fixtures` folder beside the calling test, or nil when the case has no such file.
package func optionalFixture(_ relativePath: String, file: StaticString = #filePath) -> String? {
    let url = URL(fileURLWithPath: "\(file)").deletingLastPathComponent().appendingPathComponent("Fixtures/\(relativePath)")
    return try? String(contentsOf: url, encoding: .utf8)
}
