import DroverBasics

/// How long reconcile passes and service upgrades took, summed, for `/metrics`. Thread-safe.
package final class ControlTimings: Sendable {
    /// Totals so far.
    package struct Snapshot: Sendable {
        package var reconciles = 0
        package var reconcileSeconds = 0.0
        package var upgrades = 0
        package var upgradeSeconds = 0.0
    }

    private let totals = Locked(Snapshot())

    func reconciled(_ seconds: Double) {
        totals.withLock { totals in
            totals.reconciles += 1
            totals.reconcileSeconds += seconds
        }
    }

    func upgraded(_ seconds: Double) {
        totals.withLock { totals in
            totals.upgrades += 1
            totals.upgradeSeconds += seconds
        }
    }

    package func snapshot() -> Snapshot {
        totals.current
    }
}
