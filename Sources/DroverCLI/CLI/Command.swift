import DroverModel
import Foundation

/// A failure a command reports to the user: the message goes to stderr, the code becomes the exit status.
struct CommandFailure: Error {
    var message: String
    var exitCode: Int32 = ExitCode.failure
}

/// Exit codes scripts can rely on (documented in docs/cli.md).
enum ExitCode {
    static let success: Int32 = 0
    /// The input is invalid (diagnostics printed) or the operation failed.
    static let failure: Int32 = 1
    /// Waiting ended with the stack or service in a failed state (`error`, `canceled-upgrade`).
    static let failedState: Int32 = 2
    /// Waiting ended because `--wait-timeout` passed first.
    static let timeout: Int32 = 3
    /// The command line itself is wrong (unknown option, missing argument).
    static let usage: Int32 = 64
    /// The server cannot be reached.
    static let unavailable: Int32 = 69
}

/// A runnable command: its spec (for parsing and help) and what it does.
protocol Command {
    static var spec: CommandSpec { get }
    static func run(_ arguments: ParsedArguments, _ output: Output) throws -> Int32
}

/// Where commands write: stdout for results, stderr for diagnostics and progress. The executable writes to the
/// process's streams; tests capture both.
package struct Output: Sendable {
    /// The two streams.
    package enum Stream: Sendable {
        case out, err
    }

    /// Writes one text, ending in a newline, to a stream.
    var write: @Sendable (Stream, String) -> Void
    /// Applied to every text before it is written (redaction of secrets).
    var filter: @Sendable (String) -> String = { $0 }

    package init(write: @escaping @Sendable (Stream, String) -> Void) {
        self.write = write
    }

    /// The process's standard output and error.
    package static let standard = Output { stream, text in
        (stream == .out ? FileHandle.standardOutput : FileHandle.standardError).write(Data(text.utf8))
    }

    func out(_ text: String) {
        let shown = filter(text)
        write(.out, shown.hasSuffix("\n") ? shown : shown + "\n")
    }

    func err(_ text: String) {
        let shown = filter(text)
        write(.err, shown.hasSuffix("\n") ? shown : shown + "\n")
    }

    /// Prints `value` as sorted, indented JSON, leaving out null and empty fields.
    func json<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        out(String(decoding: try encoder.encode(try JSONValue(encoding: value).compacted), as: UTF8.self))
    }
}
