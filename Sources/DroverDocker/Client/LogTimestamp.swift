import Foundation

/// The time Docker stamps on a log line (`timestamps=1`: RFC 3339 with up to nine fraction digits, UTC), as whole
/// seconds and nanoseconds so lines compare exactly; also the `since` value that asks for lines from that time on.
/// Pure.
package struct LogTimestamp: Comparable, Hashable, Sendable, CustomStringConvertible {
    package var seconds: Int
    package var nanoseconds: Int

    /// Parses `2026-12-08T01:02:03.123456789Z`; nil for anything else.
    package init?(rfc3339 text: String) {
        guard text.hasSuffix("Z"), text.count >= 20 else { return nil }
        let body = text.dropLast()
        let whole = body.prefix(19)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        guard let date = formatter.date(from: whole + "Z") else { return nil }
        var fraction = body.dropFirst(19)
        if fraction.hasPrefix(".") { fraction = fraction.dropFirst() }
        guard fraction.count <= 9, fraction.allSatisfy(\.isNumber) else { return nil }
        seconds = Int(date.timeIntervalSince1970)
        nanoseconds = Int(fraction.padding(toLength: 9, withPad: "0", startingAt: 0)) ?? 0
    }

    /// Parses the `since` form, `<seconds>.<nanoseconds>`.
    package init?(since text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let seconds = Int(parts[0]), let nanoseconds = Int(parts[1]), parts[1].count == 9 else { return nil }
        self.seconds = seconds
        self.nanoseconds = nanoseconds
    }

    /// Docker's `since`: `<seconds>.<nanoseconds>`.
    package var description: String { String(format: "%d.%09d", seconds, nanoseconds) }

    package static func < (lhs: LogTimestamp, rhs: LogTimestamp) -> Bool {
        (lhs.seconds, lhs.nanoseconds) < (rhs.seconds, rhs.nanoseconds)
    }

    /// A timestamped line split into its time and its text (a line without a time keeps its whole text).
    package static func split(_ line: String) -> (time: LogTimestamp?, text: String) {
        guard let space = line.firstIndex(of: " "), let time = LogTimestamp(rfc3339: String(line[..<space])) else { return (nil, line) }
        return (time, String(line[line.index(after: space)...]))
    }
}
