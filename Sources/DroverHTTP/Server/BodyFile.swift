#if canImport(Glibc)
import Glibc
#endif
import DroverBasics
import Foundation

/// A copy of a response body in an anonymous in-memory file (POSIX shared memory, unlinked at once), which the server
/// sends with `sendfile(2)`:
/// the kernel hands the file's pages to the socket, so a cached answer of hundreds of kilobytes is not copied from
/// user space for every request (what nginx does for static files). Immutable once made; closed when released.
package final class BodyFile: Sendable {
    let descriptor: Int32
    /// The body's length in bytes.
    package let count: Int

    /// At most this many are open at once, so they never take the descriptors connections need.
    package static let limit = 64

    /// An in-memory file holding `bytes`, or nil when the system cannot make one or `limit` are open (the body is
    /// then sent from memory).
    package init?(_ bytes: [UInt8]) {
        guard let number = BodyFile.open.claim(below: BodyFile.limit) else { return nil }
        let name = "/drover-body-\(getpid())-\(number)"
        let fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            BodyFile.open.release()
            return nil
        }
        shm_unlink(name)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, bytes.count - offset) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else {
                close(fd)
                BodyFile.open.release()
                return nil
            }
            offset += written
        }
        descriptor = fd
        count = bytes.count
    }

    /// The files open now, and numbers for their names.
    private static let open = OpenFiles()

    deinit {
        close(descriptor)
        BodyFile.open.release()
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

/// Counts the body files open now (thread-safe) and numbers each new one.
private final class OpenFiles: Sendable {
    /// Files open now, and files made so far.
    private let counts = Locked((open: 0, made: 0))

    /// A number for a new file, or nil when `limit` are open.
    func claim(below limit: Int) -> Int? {
        counts.withLock { counts in
            guard counts.open < limit else { return nil }
            counts.open += 1
            counts.made += 1
            return counts.made
        }
    }

    func release() {
        counts.withLock { $0.open -= 1 }
    }
}
