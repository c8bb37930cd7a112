import Foundation

/// A value guarded by a lock: the one way Drover's types share mutable state between threads (as SwiftPM's
/// `ThreadSafeBox`). Every read and write of the value happens inside `withLock`, so a class whose mutable state all
/// lives in `Locked` values is `Sendable` without further proof.
package final class Locked<Value>: @unchecked Sendable {
    // Safe: `value` is only touched inside `withLock`, while `lock` is held.
    private let lock = NSLock()
    private var value: Value

    package init(_ value: Value) {
        self.value = value
    }

    /// Runs `body` with the value, holding the lock; whatever `body` returns is returned.
    @discardableResult
    package func withLock<Result, Failure: Error>(_ body: (inout Value) throws(Failure) -> Result) throws(Failure) -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }

    /// A copy of the value as it is now.
    package var current: Value {
        withLock { $0 }
    }
}
