/// A one-way flag that asks work on another thread to stop at its next check: an upgrade between batches
/// (Rancher's `cancelupgrade`), an agent loop, a heartbeat thread. Thread-safe.
package final class Cancellation: Sendable {
    private let requested = Locked(false)

    package init() {}

    /// Asks the work to stop; it stays asked.
    package func cancel() {
        requested.withLock { $0 = true }
    }

    /// Whether `cancel` was called.
    package var isCancelled: Bool {
        requested.current
    }
}
