import Foundation

/// Wakes the readers that wait for new events (the long poll behind `drover up`, `wait`, `events -f`) the moment an
/// event is appended, instead of their looking again every so often. A reader takes `generation`, reads the log, and
/// when it found nothing waits until the generation moves past the one it took.
package final class EventSignal: @unchecked Sendable {
    // Safe: `count` is only read and written while `condition` is locked.
    private let condition = NSCondition()
    private var count = 0

    /// How many events were appended since the store opened.
    package var generation: Int {
        condition.lock()
        defer { condition.unlock() }
        return count
    }

    /// An event was appended.
    func bump() {
        condition.lock()
        count += 1
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until an event is appended after `seen` was taken, or until `deadline`.
    package func wait(after seen: Int, until deadline: Date) {
        condition.lock()
        defer { condition.unlock() }
        while count == seen && condition.wait(until: deadline) {}
    }
}
