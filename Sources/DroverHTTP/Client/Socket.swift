#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A connected stream socket (unix or TCP) with blocking reads and writes and optional timeouts.
/// The only place in the client that calls the POSIX socket API.
final class Socket: @unchecked Sendable {
    // Safe: one thread uses a socket at a time; the client's pool hands it over whole, under its lock.
    private(set) var descriptor: Int32
    let endpoint: HTTPEndpoint

    private init(descriptor: Int32, endpoint: HTTPEndpoint) {
        self.descriptor = descriptor
        self.endpoint = endpoint
    }

    deinit { close() }

    /// Connects to `endpoint`, waiting at most `timeout` seconds for a TCP connect.
    static func connect(to endpoint: HTTPEndpoint, timeout: Double) throws(HTTPClientError) -> Socket {
        switch endpoint {
        case let .unix(path): return try connectUnix(path, endpoint)
        case let .tcp(host, port): return try connectTCP(host, port, endpoint, timeout)
        }
    }

    private static func connectUnix(_ path: String, _ endpoint: HTTPEndpoint) throws(HTTPClientError) -> Socket {
        let fd = Glibc.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .connect(endpoint: endpoint.description, reason: errnoText()) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard bytes.count < capacity else {
            Glibc.close(fd)
            throw .connect(endpoint: endpoint.description, reason: "socket path longer than \(capacity - 1) bytes")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard result == 0 else {
            let reason = errnoText()
            Glibc.close(fd)
            throw .connect(endpoint: endpoint.description, reason: reason)
        }
        return Socket(descriptor: fd, endpoint: endpoint)
    }

    private static func connectTCP(_ host: String, _ port: Int, _ endpoint: HTTPEndpoint, _ timeout: Double) throws(HTTPClientError) -> Socket {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw .connect(endpoint: endpoint.description, reason: String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(list) }
        var lastError = "no address"
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let info = cursor {
            cursor = info.pointee.ai_next
            let fd = Glibc.socket(info.pointee.ai_family, info.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue), info.pointee.ai_protocol)
            guard fd >= 0 else { lastError = errnoText(); continue }
            let socket = Socket(descriptor: fd, endpoint: endpoint)
            socket.setTimeouts(timeout)
            if Glibc.connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 {
                var one: Int32 = 1
                setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
                return socket
            }
            lastError = errnoText()
        }
        throw .connect(endpoint: endpoint.description, reason: lastError)
    }

    /// Sets send and receive timeouts; 0 waits forever.
    func setTimeouts(_ seconds: Double) {
        var value = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - seconds.rounded(.down)) * 1_000_000))
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Writes all of `bytes`, retrying partial writes.
    func write(_ bytes: [UInt8], timeout: Double) throws(HTTPClientError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw in
                Glibc.send(descriptor, raw.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            }
            if written < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN || errno == EWOULDBLOCK { throw .timeout(endpoint: endpoint.description, seconds: timeout) }
                throw .io(endpoint: endpoint.description, reason: Socket.errnoText())
            }
            offset += written
        }
    }

    /// Reads what is available (blocking until something is); an empty result means the peer closed.
    func read(into buffer: inout [UInt8], timeout: Double) throws(HTTPClientError) -> Int {
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count >= 0 { return count }
            if errno == EINTR { continue }
            if errno == EAGAIN || errno == EWOULDBLOCK { throw .timeout(endpoint: endpoint.description, seconds: timeout) }
            throw .io(endpoint: endpoint.description, reason: Socket.errnoText())
        }
    }

    func close() {
        if descriptor >= 0 {
            Glibc.close(descriptor)
            descriptor = -1
        }
    }

    static func errnoText() -> String {
        String(cString: strerror(errno))
    }
}
