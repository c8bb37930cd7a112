import DroverLoadBalancer
import XCTest

/// The diff `drover plan` shows for a load balancer's configuration.
final class ConfigDiffTests: XCTestCase {
    func testChangedLinesWithTheirContextAndSeparateHunks() {
        let old = (1...12).map { "line \($0)" }.joined(separator: "\n") + "\n"
        var lines = old.split(separator: "\n").map(String.init)
        lines[1] = "line two"
        lines.insert("line 10½", at: 10)
        let diff = ConfigDiff.unified(from: old, to: lines.joined(separator: "\n") + "\n", context: 1)
        XCTAssertEqual(diff, """
            @@
             line 1
            -line 2
            +line two
             line 3
            @@
             line 10
            +line 10½
             line 11

            """)
        XCTAssertEqual(ConfigDiff.unified(from: old, to: old), "", "equal texts: no diff")
        XCTAssertEqual(ConfigDiff.unified(from: "", to: "a\n"), "@@\n+a\n", "everything is new")
    }
}
