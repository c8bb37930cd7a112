import DroverBasics
import Foundation

/// One lock per environment: reconcile passes and the state changes of upgrades in one environment never
/// interleave, while environments go on side by side.
final class EnvironmentLocks: Sendable {
    private let locks = Locked<[String: NSLock]>([:])

    /// Runs `body` holding the lock of `environmentId`.
    func withLock<T>(_ environmentId: String, _ body: () throws -> T) rethrows -> T {
        let lock = locks.withLock { locks in
            if let lock = locks[environmentId] { return lock }
            let lock = NSLock()
            locks[environmentId] = lock
            return lock
        }
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }
}
