/// An HTTP header field, kept in order and with the case it was written in.
package struct HTTPHeader: Sendable, Equatable {
    package var name: String
    package var value: String

    package init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }

    /// Field names compared as HTTP does, ignoring ASCII case (byte by byte: Foundation's locale-aware comparison
    /// was 8 % of the CPU time of answering a cached listing).
    static func namesEqual(_ a: String, _ b: String) -> Bool {
        a.utf8.count == b.utf8.count && zip(a.utf8, b.utf8).allSatisfy { x, y in
            x == y || (x | 0x20 == y | 0x20 && (0x61...0x7a).contains(x | 0x20))
        }
    }
}

extension Array where Element == HTTPHeader {
    /// The value of the first field named `name` (case-insensitive).
    package func value(of name: String) -> String? {
        first { HTTPHeader.namesEqual($0.name, name) }?.value
    }
}

/// A request the client sends. `target` is the path with its query string.
package struct HTTPRequest: Sendable {
    package var method: String
    package var target: String
    package var headers: [HTTPHeader]
    package var body: [UInt8]

    package init(method: String, target: String, headers: [HTTPHeader] = [], body: [UInt8] = []) {
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
    }

    /// The request as bytes on the wire, with Host and Content-Length added when missing.
    package func serialized(host: String) -> [UInt8] {
        var head = "\(method) \(target) HTTP/1.1\r\n"
        if headers.value(of: "Host") == nil { head += "Host: \(host)\r\n" }
        for header in headers { head += "\(header.name): \(header.value)\r\n" }
        if headers.value(of: "Content-Length") == nil && (!body.isEmpty || ["POST", "PUT", "PATCH"].contains(method)) {
            head += "Content-Length: \(body.count)\r\n"
        }
        head += "\r\n"
        return Array(head.utf8) + body
    }
}

/// A response the client received.
package struct HTTPResponse: Sendable {
    package var status: Int
    package var reason: String
    package var headers: [HTTPHeader]
    package var body: [UInt8]

    /// The same bytes as `body` in an in-memory file, set on large answers that are sent many times (the server then sends
    /// the file with `sendfile` instead of `body`).
    package var bodyFile: BodyFile?

    package init(status: Int, reason: String = "", headers: [HTTPHeader] = [], body: [UInt8] = []) {
        self.status = status
        self.reason = reason
        self.headers = headers
        self.body = body
    }

    /// The body as UTF-8 text.
    package var text: String { String(decoding: body, as: UTF8.self) }
}
