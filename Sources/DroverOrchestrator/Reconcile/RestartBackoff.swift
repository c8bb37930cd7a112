import Foundation

/// When a container that died may be started again. The first restart is immediate; one that dies again within
/// `resetAfter` seconds of its last start waits `base` seconds, then twice that, and so on up to `cap` — Docker's own
/// restart policy rule, so a crash loop costs the host little. A container that ran `resetAfter` seconds starts
/// afresh. Pure: the caller passes the time.
package struct RestartBackoff: Sendable {
    /// One container's restart history.
    package struct Entry: Equatable, Sendable {
        /// Restarts in a row, each within `resetAfter` of the one before.
        package var count: Int
        /// When it was last started by a restart.
        package var lastStart: Double
    }

    package var base = 0.1
    package var cap = 30.0
    package var resetAfter = 10.0
    package private(set) var entries: [String: Entry] = [:]

    package init() {}

    /// Seconds until instance `id`, which died, may start again (0: now). `restarting` records that it is.
    package func delay(_ id: String, now: Double) -> Double {
        guard let entry = entries[id], now - entry.lastStart < resetAfter, entry.count > 0 else { return 0 }
        let wait = min(cap, base * pow(2, Double(entry.count - 1)))
        return max(0, entry.lastStart + wait - now)
    }

    /// Records a restart of `id` at `now`.
    package mutating func restarting(_ id: String, now: Double) {
        let previous = entries[id]
        let count = previous.map { now - $0.lastStart < resetAfter ? $0.count + 1 : 1 } ?? 1
        entries[id] = Entry(count: count, lastStart: now)
    }

    /// How many restarts in a row `id` has had.
    package func count(_ id: String) -> Int {
        entries[id]?.count ?? 0
    }

    /// Forgets the instances not in `present`.
    package mutating func keep(_ present: Set<String>) {
        entries = entries.filter { present.contains($0.key) }
    }
}
