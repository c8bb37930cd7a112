import Foundation

/// Values decoded from stored JSON texts, kept by text: every reconcile pass and listing reads the same service
/// definitions again, and decoding them with JSONDecoder was most of a pass's time and of its short-lived memory.
/// The text is the whole key, so a changed row is a new entry (an old one is dropped with the rest when the cache
/// fills up). Thread-safe.
final class DecodeCache<Value: Decodable & Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String: Value] = [:]
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// The value `text` decodes to.
    func value(_ text: String) throws -> Value {
        lock.lock()
        let hit = entries[text]
        lock.unlock()
        if let hit { return hit }
        let decoded: Value = try StackStore.decode(text)
        lock.lock()
        if entries.count >= capacity { entries.removeAll() }
        entries[text] = decoded
        lock.unlock()
        return decoded
    }
}
