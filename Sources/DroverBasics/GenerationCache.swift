/// Values computed once per key and generation, kept until the generation moves or the cache fills up (then
/// emptied at once: cheaper than tracking age, and a full cache means the working set changed). Thread-safe.
///
/// The generation is whatever says a stored value may be stale: the database's change count for answers read from
/// it, a constant when the key is the whole input (a stored JSON text and what it decodes to).
package final class GenerationCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let entries = Locked<[Key: (generation: Int64, value: Value)]>([:])
    private let capacity: Int

    package init(capacity: Int) {
        self.capacity = capacity
    }

    /// The value kept for `key` at `generation`, else what `compute` gives (kept unless nil). `compute` runs without
    /// the lock, so two threads may compute the same value once each; both get an equal answer.
    package func value(_ key: Key, generation: Int64 = 0, compute: () throws -> Value?) rethrows -> Value? {
        if let kept = entries.withLock({ $0[key] }), kept.generation == generation { return kept.value }
        guard let computed = try compute() else { return nil }
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = (generation, computed)
        }
        return computed
    }
}
