/// An incremental HTTP/1.1 response parser: feed it bytes as they arrive, it yields the head once and then body
/// data (de-chunked), and says when the message is complete. Pure: it never touches a socket.
package struct ResponseParser: Sendable {
    /// What the parser produced from the bytes fed so far.
    package enum Event: Equatable, Sendable {
        case head(status: Int, reason: String, headers: [HTTPHeader])
        case data([UInt8])
        case end
    }

    /// A response that breaks HTTP/1.1 framing.
    package struct Malformed: Error, Equatable, Sendable {
        package var reason: String
    }

    private enum State: Sendable {
        case head
        case fixed(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers
        case untilClose
        case done
    }

    /// Largest response head accepted, against a peer that never ends its headers.
    package static let maxHeadSize = 80 * 1024

    private var state: State = .head
    private var buffer: [UInt8] = []
    private let requestMethod: String

    /// `requestMethod` matters: a response to HEAD has no body whatever its headers say.
    package init(requestMethod: String = "GET") {
        self.requestMethod = requestMethod
    }

    /// True once the whole response has been read.
    package var isComplete: Bool {
        if case .done = state { return true }
        return false
    }

    /// True when the body lasts until the peer closes the connection (no length, not chunked).
    package var readsUntilClose: Bool {
        if case .untilClose = state { return true }
        return false
    }

    /// Consumes `bytes` and returns the events they complete.
    package mutating func feed(_ bytes: some Collection<UInt8>) throws(Malformed) -> [Event] {
        buffer.append(contentsOf: bytes)
        var events: [Event] = []
        var index = 0
        parsing: while true {
            switch state {
            case .head:
                guard let end = find(crlfcrlf, from: index) else {
                    if buffer.count - index > Self.maxHeadSize { throw Malformed(reason: "response head larger than \(Self.maxHeadSize) bytes") }
                    break parsing
                }
                let (status, reason, headers) = try parseHead(buffer[index..<end])
                index = end + 4
                events.append(.head(status: status, reason: reason, headers: headers))
                if status == 100 { continue parsing }
                state = try bodyState(status: status, headers: headers)
                if case .done = state { events.append(.end) }
            case let .fixed(remaining):
                let available = min(remaining, buffer.count - index)
                if available > 0 { events.append(.data(Array(buffer[index..<(index + available)]))) }
                index += available
                if remaining - available == 0 {
                    state = .done
                    events.append(.end)
                } else {
                    state = .fixed(remaining: remaining - available)
                    break parsing
                }
            case .chunkSize:
                guard let end = find(crlf, from: index) else { break parsing }
                let line = String(decoding: buffer[index..<end], as: UTF8.self)
                let sizeText = line.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
                guard let size = Int(sizeText, radix: 16), size >= 0 else { throw Malformed(reason: "bad chunk size \"\(line)\"") }
                index = end + 2
                state = size == 0 ? .trailers : .chunkData(remaining: size)
            case let .chunkData(remaining):
                let available = min(remaining, buffer.count - index)
                if available > 0 { events.append(.data(Array(buffer[index..<(index + available)]))) }
                index += available
                if remaining - available == 0 { state = .chunkDataEnd } else {
                    state = .chunkData(remaining: remaining - available)
                    break parsing
                }
            case .chunkDataEnd:
                guard buffer.count - index >= 2 else { break parsing }
                guard buffer[index] == 13, buffer[index + 1] == 10 else { throw Malformed(reason: "chunk not followed by CRLF") }
                index += 2
                state = .chunkSize
            case .trailers:
                guard let end = find(crlf, from: index) else { break parsing }
                let empty = end == index
                index = end + 2
                if empty {
                    state = .done
                    events.append(.end)
                }
            case .untilClose:
                if index < buffer.count { events.append(.data(Array(buffer[index...]))) }
                index = buffer.count
                break parsing
            case .done:
                break parsing
            }
        }
        buffer.removeFirst(index)
        return events
    }

    /// Signals that the peer closed the connection; completes an until-close body, fails anything else unfinished.
    package mutating func finish() throws(Malformed) -> [Event] {
        switch state {
        case .untilClose:
            state = .done
            return [.end]
        case .done:
            return []
        default:
            throw Malformed(reason: "connection closed before the response was complete")
        }
    }

    private let crlf: [UInt8] = [13, 10]
    private let crlfcrlf: [UInt8] = [13, 10, 13, 10]

    private func find(_ pattern: [UInt8], from start: Int) -> Int? {
        guard buffer.count - start >= pattern.count else { return nil }
        var index = start
        let last = buffer.count - pattern.count
        while index <= last {
            if buffer[index] == pattern[0] {
                var matched = true
                for offset in 1..<pattern.count where buffer[index + offset] != pattern[offset] {
                    matched = false
                    break
                }
                if matched { return index }
            }
            index += 1
        }
        return nil
    }

    private func parseHead(_ bytes: ArraySlice<UInt8>) throws(Malformed) -> (Int, String, [HTTPHeader]) {
        let lines = String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard statusParts.count >= 2, statusParts[0].hasPrefix("HTTP/1."), let status = Int(statusParts[1]), (100...999).contains(status) else {
            throw Malformed(reason: "bad status line \"\(lines[0])\"")
        }
        var headers: [HTTPHeader] = []
        for line in lines.dropFirst() where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { throw Malformed(reason: "bad header line \"\(line)\"") }
            headers.append(HTTPHeader(String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        return (status, statusParts.count > 2 ? String(statusParts[2]) : "", headers)
    }

    private func bodyState(status: Int, headers: [HTTPHeader]) throws(Malformed) -> State {
        if requestMethod == "HEAD" || status == 204 || status == 304 || (100..<200).contains(status) { return .done }
        let chunked = headers.value(of: "Transfer-Encoding")?.lowercased().contains("chunked") == true
        if let lengthText = headers.value(of: "Content-Length") {
            if chunked { throw Malformed(reason: "both Content-Length and chunked Transfer-Encoding") }
            guard let length = Int(lengthText), length >= 0 else { throw Malformed(reason: "bad Content-Length \"\(lengthText)\"") }
            return length == 0 ? .done : .fixed(remaining: length)
        }
        return chunked ? .chunkSize : .untilClose
    }
}
