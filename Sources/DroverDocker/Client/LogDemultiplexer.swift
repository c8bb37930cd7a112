/// One line of container output.
package struct LogLine: Hashable, Sendable {
    /// Which output a line came from.
    package enum Stream: Sendable { case stdout, stderr }

    package var stream: Stream
    package var text: String

    package init(_ stream: Stream, _ text: String) {
        self.stream = stream
        self.text = text
    }
}

/// Splits Docker's multiplexed log stream (8-byte frame headers: stream, 0, 0, 0, big-endian length) into lines.
/// With a TTY there are no frames and everything is stdout. Pure: fed with bytes, tested from byte arrays.
package struct LogDemultiplexer: Sendable {
    private let tty: Bool
    private var frames: [UInt8] = []
    private var partial: [LogLine.Stream: [UInt8]] = [:]

    package init(tty: Bool) {
        self.tty = tty
    }

    /// Consumes bytes and returns the complete lines they finish.
    package mutating func feed(_ bytes: [UInt8]) -> [LogLine] {
        if tty { return append(bytes, to: .stdout) }
        frames.append(contentsOf: bytes)
        var lines: [LogLine] = []
        var index = 0
        while frames.count - index >= 8 {
            let length = Int(frames[index + 4]) << 24 | Int(frames[index + 5]) << 16 | Int(frames[index + 6]) << 8 | Int(frames[index + 7])
            guard frames.count - index - 8 >= length else { break }
            let stream: LogLine.Stream = frames[index] == 2 ? .stderr : .stdout
            lines += append(Array(frames[(index + 8)..<(index + 8 + length)]), to: stream)
            index += 8 + length
        }
        frames.removeFirst(index)
        return lines
    }

    /// The unterminated last lines, when the stream has ended.
    package mutating func flush() -> [LogLine] {
        let rest = [LogLine.Stream.stdout, .stderr].compactMap { stream -> LogLine? in
            guard let bytes = partial[stream], !bytes.isEmpty else { return nil }
            return LogLine(stream, String(decoding: bytes, as: UTF8.self))
        }
        partial = [:]
        return rest
    }

    private mutating func append(_ bytes: [UInt8], to stream: LogLine.Stream) -> [LogLine] {
        var buffer = partial[stream, default: []] + bytes
        var lines: [LogLine] = []
        while let newline = buffer.firstIndex(of: 10) {
            var line = buffer[..<newline]
            if line.last == 13 { line = line.dropLast() }
            lines.append(LogLine(stream, String(decoding: line, as: UTF8.self)))
            buffer.removeFirst(newline + 1)
        }
        partial[stream] = buffer
        return lines
    }
}
