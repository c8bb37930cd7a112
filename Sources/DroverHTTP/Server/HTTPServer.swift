#if canImport(Glibc)
import Glibc
#endif
import DroverBasics
import Foundation

/// A small HTTP/1.1 server on POSIX sockets: keep-alive, pipelining answered in order, `Expect: 100-continue`,
/// limits answered with 431/413/503, a read timeout and a header deadline against slow clients, 400 on malformed
/// requests, `MSG_NOSIGNAL` writes, and a graceful stop that lets requests in flight finish.
/// One thread accepts; each connection gets its own thread.
package final class HTTPServer: Sendable {
    /// Answers one request.
    package typealias Handler = @Sendable (ReceivedRequest) -> HTTPResponse

    /// Limits and timeouts.
    package struct Limits: Sendable {
        package var maxHeadBytes = 80 * 1024
        package var maxBodyBytes = 8 * 1024 * 1024
        package var maxConnections = 256
        /// Seconds a connection may stay idle between requests.
        package var idleTimeout: Double = 30
        /// Seconds a client has to send a complete request head once it started one.
        package var headerDeadline: Double = 10

        package init() {}
    }

    package let limits: Limits
    private let handler: Handler
    /// The listening socket, the open connections, the requests being answered, whether it is stopping, the port.
    private struct Sockets {
        var listener: Int32 = -1
        var open: Set<Int32> = []
        var inFlight = 0
        var stopping = false
        var port = 0
    }

    private let sockets = Locked(Sockets())

    /// The bound port (useful when started on port 0).
    package var port: Int { sockets.withLock { $0.port } }

    package init(limits: Limits = Limits(), handler: @escaping Handler) {
        self.limits = limits
        self.handler = handler
    }

    /// Binds `host:port` (port 0 picks a free one) and starts accepting in the background.
    package func start(host: String = "127.0.0.1", port: Int) throws(HTTPClientError) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            close(fd)
            throw .invalidEndpoint("\(host):\(port)")
        }
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0, listen(fd, 512) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw .connect(endpoint: "tcp://\(host):\(port)", reason: "cannot listen: \(reason)")
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        sockets.withLock { sockets in
            sockets.port = Int(UInt16(bigEndian: actual.sin_port))
            sockets.listener = fd
        }
        let thread = Thread { [self] in acceptLoop(fd) }
        thread.start()
    }

    /// Stops accepting, lets requests in flight finish (at most `grace` seconds), then closes every connection.
    package func stop(grace: Double = 5) {
        let fd = sockets.withLock { sockets in
            sockets.stopping = true
            defer { sockets.listener = -1 }
            return sockets.listener
        }
        // Shut down, not closed: the accept loop closes it when it ends, so the descriptor's number cannot be reused
        // (by the next server's listener) while that loop may still call accept on it.
        if fd >= 0 { shutdown(fd, Int32(SHUT_RDWR)) }
        let deadline = Date().addingTimeInterval(grace)
        while Date() < deadline {
            if sockets.withLock({ $0.inFlight }) == 0 { break }
            Thread.sleep(forTimeInterval: 0.01)
        }
        sockets.withLock { sockets in
            for connection in sockets.open { shutdown(connection, Int32(SHUT_RDWR)) }
        }
    }

    private func acceptLoop(_ fd: Int32) {
        while true {
            var peer = sockaddr_in()
            var peerLength = socklen_t(MemoryLayout<sockaddr_in>.size)
            let connection = withUnsafeMutablePointer(to: &peer) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { accept(fd, $0, &peerLength) }
            }
            if connection < 0 {
                let error = errno
                if error == EINTR || error == ECONNABORTED { continue }
                if (error == EMFILE || error == ENFILE) && !sockets.withLock({ $0.stopping }) {
                    Thread.sleep(forTimeInterval: 0.01)
                    continue
                }
                close(fd)
                return
            }
            var one: Int32 = 1
            setsockopt(connection, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            let full = sockets.withLock { sockets in
                let full = sockets.open.count >= limits.maxConnections || sockets.stopping
                if !full { sockets.open.insert(connection) }
                return full
            }
            if full {
                write(connection, HTTPResponse(status: 503, reason: "Service Unavailable", body: Array("too many connections\n".utf8)), keepAlive: false)
                close(connection)
                continue
            }
            let address = Self.text(of: peer.sin_addr)
            let thread = Thread { [self] in serve(connection, from: address) }
            thread.stackSize = 512 * 1024
            thread.start()
        }
    }

    /// Reads requests from one connection and answers them in order until it closes, idles out or breaks a limit.
    /// An IPv4 address as text.
    private static func text(of address: in_addr) -> String {
        var address = address
        var buffer = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
        guard inet_ntop(AF_INET, &address, &buffer, socklen_t(INET_ADDRSTRLEN)) != nil else { return "" }
        return String(cString: buffer)
    }

    private func serve(_ connection: Int32, from address: String) {
        defer {
            sockets.withLock { _ = $0.open.remove(connection) }
            close(connection)
        }
        // A client that stops reading for as long as it may stay idle loses its connection.
        setTimeout(connection, limits.idleTimeout, option: SO_SNDTIMEO)
        var parser = RequestParser(maxHeadBytes: limits.maxHeadBytes, maxBodyBytes: limits.maxBodyBytes)
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var requestStarted: Date?
        while true {
            let timeout = parser.isMidRequest ? max(0.05, limits.headerDeadline - Date().timeIntervalSince(requestStarted ?? Date())) : limits.idleTimeout
            setTimeout(connection, timeout)
            let count = buffer.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 {
                if count < 0 && parser.isMidRequest {
                    write(connection, HTTPResponse(status: 408, reason: "Request Timeout"), keepAlive: false)
                }
                return
            }
            if requestStarted == nil { requestStarted = Date() }
            let events: [RequestParser.Event]
            do {
                events = try parser.feed(buffer[0..<count])
            } catch {
                let body = Array("\(error.reason)\n".utf8)
                write(connection, HTTPResponse(status: error.status, reason: Self.reason(error.status), body: body), keepAlive: false)
                return
            }
            for event in events {
                switch event {
                case .expectsContinue:
                    guard write(connection, Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)) else { return }
                case var .request(request):
                    request.remoteAddress = address
                    let closing = sockets.withLock { sockets in
                        sockets.inFlight += 1
                        return sockets.stopping
                    }
                    let response = handler(request)
                    let keepAlive = request.keepAlive && !closing
                    let written = write(connection, response, keepAlive: keepAlive, headOnly: request.method == "HEAD")
                    sockets.withLock { $0.inFlight -= 1 }
                    // A cut-short answer ends the connection: the client must not wait for the rest of it.
                    if !keepAlive || !written { return }
                }
            }
            if !parser.isMidRequest { requestStarted = nil }
        }
    }

    /// Sets how long a read (`SO_RCVTIMEO`) or a write (`SO_SNDTIMEO`) may wait.
    private func setTimeout(_ fd: Int32, _ seconds: Double, option: Int32 = SO_RCVTIMEO) {
        var value = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - seconds.rounded(.down)) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, option, &value, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Writes everything (MSG_NOSIGNAL: a peer that went away raises no SIGPIPE); false when it could not.
    @discardableResult
    private func write(_ fd: Int32, _ bytes: [UInt8], flags: Int32 = 0) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL) | flags) }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { return false }
            offset += written
        }
        return true
    }

    /// Writes a response's head and body with one gathering `sendmsg` per round: a cached body of hundreds of
    /// kilobytes goes to the socket from where it lies, never copied into a new buffer behind its head. False when the
    /// answer could not be written whole.
    @discardableResult
    private func write(_ fd: Int32, _ response: HTTPResponse, keepAlive: Bool, headOnly: Bool = false) -> Bool {
        let head = Self.head(response, keepAlive: keepAlive)
        if let file = response.bodyFile, file.count == response.body.count, !headOnly {
            // The head held back (MSG_MORE) until the file's pages follow it in the same segments.
            return write(fd, head, flags: Int32(MSG_MORE)) && file.send(to: fd)
        }
        let body = headOnly ? [] : response.body
        let total = head.count + body.count
        var offset = 0
        return head.withUnsafeBytes { headBytes in
            body.withUnsafeBytes { bodyBytes in
                while offset < total {
                    var parts: [iovec] = []
                    if offset < head.count {
                        parts.append(iovec(iov_base: UnsafeMutableRawPointer(mutating: headBytes.baseAddress! + offset), iov_len: head.count - offset))
                    }
                    if !body.isEmpty {
                        let start = max(0, offset - head.count)
                        parts.append(iovec(iov_base: UnsafeMutableRawPointer(mutating: bodyBytes.baseAddress! + start), iov_len: body.count - start))
                    }
                    let written = parts.withUnsafeMutableBufferPointer { vectors in
                        var message = msghdr()
                        message.msg_iov = vectors.baseAddress
                        message.msg_iovlen = vectors.count
                        return sendmsg(fd, &message, Int32(MSG_NOSIGNAL))
                    }
                    if written < 0 && errno == EINTR { continue }
                    if written <= 0 { return false }
                    offset += written
                }
                return true
            }
        }
    }

    /// The status line and headers of a response, with Content-Length (the body's, also for HEAD) and Connection set.
    static func head(_ response: HTTPResponse, keepAlive: Bool) -> [UInt8] {
        var head = "HTTP/1.1 \(response.status) \(response.reason.isEmpty ? reason(response.status) : response.reason)\r\n"
        for header in response.headers where !["content-length", "connection"].contains(header.name.lowercased()) {
            head += "\(header.name): \(header.value)\r\n"
        }
        head += "Content-Length: \(response.body.count)\r\nConnection: \(keepAlive ? "keep-alive" : "close")\r\n\r\n"
        return Array(head.utf8)
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 201: return "Created"
        case 202: return "Accepted"
        case 204: return "No Content"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 408: return "Request Timeout"
        case 409: return "Conflict"
        case 413: return "Content Too Large"
        case 422: return "Unprocessable Content"
        case 431: return "Request Header Fields Too Large"
        case 503: return "Service Unavailable"
        default: return status < 400 ? "OK" : "Error"
        }
    }
}
