@testable import DroverDocker
import XCTest

final class LogDemultiplexerTests: XCTestCase {
    private func frame(_ stream: UInt8, _ text: String) -> [UInt8] {
        let bytes = Array(text.utf8)
        return [stream, 0, 0, 0, UInt8(bytes.count >> 24 & 255), UInt8(bytes.count >> 16 & 255), UInt8(bytes.count >> 8 & 255), UInt8(bytes.count & 255)] + bytes
    }

    func testFramesSplitAcrossReads() {
        let bytes = frame(1, "one\ntw") + frame(2, "err\n") + frame(1, "o\nthree")
        for cut in 0...bytes.count {
            var demultiplexer = LogDemultiplexer(tty: false)
            let lines = demultiplexer.feed(Array(bytes[..<cut])) + demultiplexer.feed(Array(bytes[cut...])) + demultiplexer.flush()
            XCTAssertEqual(lines, [LogLine(.stdout, "one"), LogLine(.stderr, "err"), LogLine(.stdout, "two"), LogLine(.stdout, "three")], "cut \(cut)")
        }
    }

    func testTTYStreamIsRawStdout() {
        var demultiplexer = LogDemultiplexer(tty: true)
        XCTAssertEqual(demultiplexer.feed(Array("a\r\nb".utf8)) + demultiplexer.flush(), [LogLine(.stdout, "a"), LogLine(.stdout, "b")])
    }
}
