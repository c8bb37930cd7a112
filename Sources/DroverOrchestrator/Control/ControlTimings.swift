import Foundation

/// How long reconcile passes and service upgrades took, summed, for `/metrics`. Thread-safe.
public final class ControlTimings: @unchecked Sendable {
    /// Totals so far.
    public struct Snapshot: Sendable {
        public var reconciles = 0
        public var reconcileSeconds = 0.0
        public var upgrades = 0
        public var upgradeSeconds = 0.0
    }

    private let lock = NSLock()
    private var totals = Snapshot()

    func reconciled(_ seconds: Double) {
        lock.lock()
        totals.reconciles += 1
        totals.reconcileSeconds += seconds
        lock.unlock()
    }

    func upgraded(_ seconds: Double) {
        lock.lock()
        totals.upgrades += 1
        totals.upgradeSeconds += seconds
        lock.unlock()
    }

    public func snapshot() -> Snapshot {
        lock.lock()
        defer { lock.unlock() }
        return totals
    }
}
