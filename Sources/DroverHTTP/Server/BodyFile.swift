#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A copy of a response body in an anonymous in-memory file (POSIX shared memory, unlinked at once), which the server
/// sends with `sendfile(2)`:
/// the kernel hands the file's pages to the socket, so a cached answer of hundreds of kilobytes is not copied from
/// user space for every request (what nginx does for static files). Immutable once made; closed when released.
public final class BodyFile: @unchecked Sendable {
    let descriptor: Int32
    /// The body's length in bytes.
    public let count: Int

    /// An in-memory file holding `bytes`, or nil when the system cannot make one (the body is then sent from memory).
    public init?(_ bytes: [UInt8]) {
        let name = "/drover-body-\(getpid())-\(BodyFile.counter.next())"
        let fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return nil }
        shm_unlink(name)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, bytes.count - offset) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else {
                close(fd)
                return nil
            }
            offset += written
        }
        descriptor = fd
        count = bytes.count
    }

    /// Numbers the files' names within the process.
    private static let counter = Counter()

    deinit {
        close(descriptor)
    }

    /// Sends the whole file to `socket`; false when the peer went away or the socket timed out.
    func send(to socket: Int32) -> Bool {
        var offset = off_t(0)
        while offset < count {
            let sent = sendfile(socket, descriptor, &offset, count - Int(offset))
            if sent < 0 && errno == EINTR { continue }
            if sent <= 0 { return false }
        }
        return true
    }
}

/// A thread-safe increasing number.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}
