import Foundation

/// Values looked up in the database, remembered per key until its change count moves (so a removed or changed row is
/// looked up again). Thread-safe; emptied when it holds `capacity` keys.
final class GenerationMemo<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String: (generation: Int64, value: Value)] = [:]
    private let capacity: Int

    init(capacity: Int = 1024) {
        self.capacity = capacity
    }

    /// The value remembered for `key` at `generation`, else what `lookUp` finds (remembered unless nil).
    func value(_ key: String, generation: Int64, lookUp: () throws -> Value?) rethrows -> Value? {
        lock.lock()
        let remembered = entries[key].flatMap { $0.generation == generation ? $0.value : nil }
        lock.unlock()
        if let remembered { return remembered }
        guard let found = try lookUp() else { return nil }
        lock.lock()
        if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
        entries[key] = (generation, found)
        lock.unlock()
        return found
    }
}
