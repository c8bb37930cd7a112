import DroverCompose
import XCTest

/// `export` writes the scales services run at: rancher-compose.yml with changed scales, in the files' format.
final class ScaleRewriterTests: XCTestCase {
    func testAChangedScaleIsWrittenUnderServices() throws {
        let rancher = "version: '2'\nservices:\n  web:\n    scale: 2\n    health_check:\n      port: 80\n"
        let written = try XCTUnwrap(try ScaleRewriter.apply(["web": 5], to: rancher, compose: "version: '2'\nservices: {}\n"))
        XCTAssertTrue(written.contains("web:\n    scale: 5\n    health_check:\n      port: 80"), written)
    }

    func testAServiceWithoutAnEntryGetsOneInTheFilesFormat() throws {
        XCTAssertEqual(try ScaleRewriter.apply(["web": 3], to: nil, compose: "web:\n  image: x\n"), "web:\n  scale: 3\n")
        let nested = try XCTUnwrap(try ScaleRewriter.apply(["db": 1], to: nil, compose: "version: '2'\nservices:\n  db:\n    image: x\n"))
        XCTAssertTrue(nested.contains("services:\n  db:\n    scale: 1"), nested)
    }

    func testAFileThatAlreadySaysEveryScaleIsKeptAsItIs() throws {
        let rancher = "# our scales\nweb:\n  scale: 2   # two\n"
        XCTAssertEqual(try ScaleRewriter.apply(["web": 2], to: rancher, compose: "web:\n  image: x\n"), rancher)
        XCTAssertEqual(try ScaleRewriter.apply([:], to: rancher, compose: "web:\n  image: x\n"), rancher)
    }
}
