/// One request and its whole answer over a stream socket that closes after answering, as HAProxy's runtime API
/// does (`show info`, `add server …`): connect, write the line, read until the peer closes.
package enum LineExchange {
    /// Sends `line` (a newline is added) to `endpoint` and returns everything it answers.
    package static func send(_ line: String, to endpoint: HTTPEndpoint, timeout: Double = 5) throws(HTTPClientError) -> String {
        let socket = try Socket.connect(to: endpoint, timeout: timeout)
        defer { socket.close() }
        socket.setTimeouts(timeout)
        try socket.write(Array((line + "\n").utf8), timeout: timeout)
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = try socket.read(into: &buffer, timeout: timeout)
            if count == 0 { break }
            answer += buffer[..<count]
        }
        return String(decoding: answer, as: UTF8.self)
    }
}
