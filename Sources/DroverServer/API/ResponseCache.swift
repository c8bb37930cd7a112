import DroverHTTP
import Foundation

/// Answers of collection requests, kept until the database changes: listing a thousand services again is a copy of
/// bytes, not a thousand rows decoded and serialised. Keyed by everything that shapes an answer (the URL root, the
/// path with the environment, the query); keys only reach it after authentication. Thread-safe.
final class ResponseCache: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String: (generation: Int64, response: HTTPResponse)] = [:]
    private let capacity: Int

    init(capacity: Int = 512) {
        self.capacity = capacity
    }

    /// The cached answer for `key` at `generation`, or the one `build` makes (then kept).
    func response(_ key: String, generation: Int64, build: () throws -> HTTPResponse) rethrows -> HTTPResponse {
        lock.lock()
        if let entry = entries[key], entry.generation == generation {
            lock.unlock()
            return entry.response
        }
        lock.unlock()
        let response = try build()
        guard response.status == 200 else { return response }
        lock.lock()
        if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
        entries[key] = (generation, response)
        lock.unlock()
        return response
    }
}
