import Foundation

/// A request as the server received it.
public struct ReceivedRequest: Sendable, Equatable {
    public var method: String
    /// The path without the query string, percent-decoded.
    public var path: String
    public var query: [String: String]
    public var version: String
    public var headers: [HTTPHeader]
    public var body: [UInt8]

    public init(method: String, path: String, query: [String: String] = [:], version: String = "HTTP/1.1", headers: [HTTPHeader] = [],
                body: [UInt8] = []) {
        self.method = method
        self.path = path
        self.query = query
        self.version = version
        self.headers = headers
        self.body = body
    }

    /// HTTP/1.1 keeps the connection open unless `Connection: close`; HTTP/1.0 only with `Connection: keep-alive`.
    public var keepAlive: Bool {
        let connection = headers.value(of: "Connection")?.lowercased() ?? ""
        return version == "HTTP/1.1" ? !connection.contains("close") : connection.contains("keep-alive")
    }
}

/// An incremental HTTP/1.1 request parser with limits: feed it bytes as they arrive; it yields complete requests
/// in order (pipelining), reports `Expect: 100-continue`, and fails with the status the client should get.
/// Pure: it never touches a socket.
public struct RequestParser: Sendable {
    /// Why a request is refused, with the HTTP status to answer.
    public struct Failure: Error, Equatable, Sendable {
        public var status: Int
        public var reason: String
    }

    /// What parsing the bytes so far produced.
    public enum Event: Equatable, Sendable {
        /// A request's head arrived with `Expect: 100-continue`: answer 100 before the body comes.
        case expectsContinue
        case request(ReceivedRequest)
    }

    public let maxHeadBytes: Int
    public let maxBodyBytes: Int
    private var buffer: [UInt8] = []
    private var pending: ReceivedRequest?
    private var remaining = 0
    private var chunked = false

    public init(maxHeadBytes: Int = 80 * 1024, maxBodyBytes: Int = 8 * 1024 * 1024) {
        self.maxHeadBytes = maxHeadBytes
        self.maxBodyBytes = maxBodyBytes
    }

    /// True when a request has started but is not complete (the connection must not be closed as idle).
    public var isMidRequest: Bool { pending != nil || !buffer.isEmpty }

    public mutating func feed(_ bytes: some Collection<UInt8>) throws(Failure) -> [Event] {
        buffer.append(contentsOf: bytes)
        var events: [Event] = []
        while true {
            if pending == nil {
                guard let end = headEnd() else {
                    if buffer.count > maxHeadBytes { throw Failure(status: 431, reason: "request head larger than \(maxHeadBytes) bytes") }
                    return events
                }
                if end > maxHeadBytes { throw Failure(status: 431, reason: "request head larger than \(maxHeadBytes) bytes") }
                var request = try parseHead(Array(buffer[..<end]))
                buffer.removeFirst(end + 4)
                let lengthText = request.headers.value(of: "Content-Length")
                chunked = request.headers.value(of: "Transfer-Encoding")?.lowercased().contains("chunked") == true
                if chunked && lengthText != nil { throw Failure(status: 400, reason: "both Content-Length and chunked Transfer-Encoding") }
                if let lengthText {
                    guard let length = Int(lengthText), length >= 0 else { throw Failure(status: 400, reason: "bad Content-Length") }
                    if length > maxBodyBytes { throw Failure(status: 413, reason: "body larger than \(maxBodyBytes) bytes") }
                    remaining = length
                } else {
                    remaining = 0
                }
                if request.headers.value(of: "Expect")?.lowercased() == "100-continue" && (remaining > 0 || chunked) {
                    events.append(.expectsContinue)
                }
                request.body = []
                pending = request
            }
            guard let complete = try readBody() else { return events }
            events.append(.request(complete))
            pending = nil
        }
    }

    /// Reads as much of the pending request's body as has arrived; returns the request when it is complete.
    private mutating func readBody() throws(Failure) -> ReceivedRequest? {
        guard var request = pending else { return nil }
        if !chunked {
            let take = min(remaining, buffer.count)
            request.body.append(contentsOf: buffer[..<take])
            buffer.removeFirst(take)
            remaining -= take
            pending = request
            return remaining == 0 ? request : nil
        }
        while true {
            if remaining > 0 {
                guard buffer.count >= remaining + 2 else { return nil }
                request.body.append(contentsOf: buffer[..<remaining])
                guard buffer[remaining] == 13, buffer[remaining + 1] == 10 else { throw Failure(status: 400, reason: "chunk not followed by CRLF") }
                buffer.removeFirst(remaining + 2)
                remaining = 0
                pending = request
                if request.body.count > maxBodyBytes { throw Failure(status: 413, reason: "body larger than \(maxBodyBytes) bytes") }
            }
            guard let lineEnd = find([13, 10]) else {
                if buffer.count > 1024 { throw Failure(status: 400, reason: "chunk size line too long") }
                return nil
            }
            let line = String(decoding: buffer[..<lineEnd], as: UTF8.self)
            let sizeText = line.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            guard let size = Int(sizeText, radix: 16), size >= 0 else { throw Failure(status: 400, reason: "bad chunk size") }
            if size == 0 {
                guard let trailerEnd = findTrailerEnd(from: lineEnd) else { return nil }
                buffer.removeFirst(trailerEnd)
                return request
            }
            if request.body.count + size > maxBodyBytes { throw Failure(status: 413, reason: "body larger than \(maxBodyBytes) bytes") }
            buffer.removeFirst(lineEnd + 2)
            remaining = size
        }
    }

    /// After the last chunk's size line: the end of the (usually empty) trailer section.
    private func findTrailerEnd(from lineEnd: Int) -> Int? {
        var index = lineEnd + 2
        while true {
            guard let end = find([13, 10], from: index) else { return nil }
            if end == index { return end + 2 }
            index = end + 2
        }
    }

    private func headEnd() -> Int? { find([13, 10, 13, 10]) }

    private func find(_ pattern: [UInt8], from start: Int = 0) -> Int? {
        guard buffer.count >= pattern.count else { return nil }
        var index = start
        while index <= buffer.count - pattern.count {
            if buffer[index] == pattern[0] && Array(buffer[index..<(index + pattern.count)]) == pattern { return index }
            index += 1
        }
        return nil
    }

    private func parseHead(_ bytes: [UInt8]) throws(Failure) -> ReceivedRequest {
        let text = String(decoding: bytes, as: UTF8.self)
        let lines = text.components(separatedBy: "\r\n")
        let parts = lines[0].split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[2] == "HTTP/1.1" || parts[2] == "HTTP/1.0", !parts[0].isEmpty,
              parts[0].allSatisfy({ $0.isUppercase }), parts[1].hasPrefix("/") || parts[1] == "*" else {
            throw Failure(status: 400, reason: "malformed request line")
        }
        var headers: [HTTPHeader] = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex,
                  !line[..<colon].contains(where: { $0 == " " || $0 == "\t" }) else {
                throw Failure(status: 400, reason: "malformed header line")
            }
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if value.contains(where: { $0 == "\r" || $0 == "\n" }) { throw Failure(status: 400, reason: "CR or LF in a header value") }
            headers.append(HTTPHeader(String(line[..<colon]), value))
        }
        let target = String(parts[1])
        let (path, query) = Self.splitTarget(target)
        return ReceivedRequest(method: String(parts[0]), path: path, query: query, version: String(parts[2]), headers: headers, body: [])
    }

    /// `/a%20b?x=1&y` → ("/a b", ["x": "1", "y": ""]).
    static func splitTarget(_ target: String) -> (String, [String: String]) {
        let pieces = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let path = String(pieces[0]).removingPercentEncoding ?? String(pieces[0])
        var query: [String: String] = [:]
        if pieces.count > 1 {
            for pair in pieces[1].split(separator: "&") {
                let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let key = String(kv[0]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(kv[0])
                let value = kv.count > 1 ? (String(kv[1]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(kv[1])) : ""
                query[key] = value
            }
        }
        return (path, query)
    }
}
