import DroverDocker
import XCTest

/// Docker's log timestamps, read exactly: the `since` a follower asks with, and the order of lines.
final class LogTimestampTests: XCTestCase {
    func testTimesParseToNanosecondsAndGiveTheSinceForm() throws {
        let time = try XCTUnwrap(LogTimestamp(rfc3339: "2026-12-08T01:02:03.1Z"))
        XCTAssertEqual(time.description, "1796691723.100000000")
        XCTAssertEqual(LogTimestamp(since: time.description), time)
        XCTAssertEqual(LogTimestamp(rfc3339: "2026-12-08T01:02:03Z")?.nanoseconds, 0)
        XCTAssertNil(LogTimestamp(rfc3339: "yesterday"))
        XCTAssertNil(LogTimestamp(since: "12.5"), "nine fraction digits, as Docker writes them")
    }

    func testLinesCompareByTheirTimeNotByTheirText() throws {
        let earlier = try XCTUnwrap(LogTimestamp(rfc3339: "2026-12-08T01:02:03.9Z"))
        let later = try XCTUnwrap(LogTimestamp(rfc3339: "2026-12-08T01:02:03.10Z"))
        XCTAssertLessThan(later, earlier, ".10 is a tenth, .9 nine tenths")
        let line = LogTimestamp.split("2026-12-08T01:02:03.123456789Z a 3")
        XCTAssertEqual(line.text, "a 3")
        XCTAssertEqual(line.time?.nanoseconds, 123_456_789)
        XCTAssertEqual(LogTimestamp.split("no time here").text, "no time here")
    }
}
