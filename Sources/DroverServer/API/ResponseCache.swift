import DroverBasics
import DroverHTTP
import Foundation

/// Answers of collection requests, kept until the database changes: listing a thousand services again is a copy of
/// bytes, not a thousand rows decoded and serialised. Keyed by everything that shapes an answer (the URL root, the
/// path with the environment, the query); keys only reach it after authentication. An answer's gzip form is made
/// the first time a client accepts it and kept beside it. Thread-safe.
final class ResponseCache: Sendable {
    /// One answer and, once asked for, its gzip form.
    private struct Entry {
        var generation: Int64
        var response: HTTPResponse
        var gzipped: HTTPResponse?

        /// Bytes of both bodies.
        var size: Int { response.body.count + (gzipped?.body.count ?? 0) }
    }

    /// Bodies shorter than this go out as they are: compressing saves less than it costs.
    static let gzipThreshold = 1024
    /// Bodies at least this long are also kept in an in-memory file and sent with `sendfile` (no copy from user space).
    static let fileThreshold = 64 * 1024

    /// The answers kept, and the bytes of their bodies (both forms).
    private struct Kept {
        var entries: [String: Entry] = [:]
        var bytes = 0
    }

    private let kept = Locked(Kept())
    private let budget: Int

    /// `budget`: bytes of bodies kept at most; when a new answer would go past it, answers of older generations are
    /// dropped first, then all.
    init(budget: Int = 16 * 1024 * 1024) {
        self.budget = budget
    }

    /// The cached answer for `key` at `generation`, or the one `build` makes (then kept); gzip-encoded when `gzip`
    /// and the body is worth compressing. Both forms say `Vary: Accept-Encoding`.
    func response(_ key: String, generation: Int64, gzip: Bool = false, build: () throws -> HTTPResponse) rethrows -> HTTPResponse {
        let hit = kept.withLock { $0.entries[key] }.flatMap { $0.generation == generation ? $0 : nil }
        var found: Entry
        if let hit {
            found = hit
        } else {
            var response = try build()
            guard response.status == 200 else { return response }
            response.headers.append(HTTPHeader("Vary", "Accept-Encoding"))
            if response.body.count >= Self.fileThreshold { response.bodyFile = BodyFile(response.body) }
            found = Entry(generation: generation, response: response)
        }
        let wantsGzip = gzip && found.response.body.count >= Self.gzipThreshold
        if wantsGzip && found.gzipped == nil {
            var compressed = found.response
            compressed.body = Gzip.compress(found.response.body)
            compressed.bodyFile = compressed.body.count >= Self.fileThreshold ? BodyFile(compressed.body) : nil
            compressed.headers.append(HTTPHeader("Content-Encoding", "gzip"))
            found.gzipped = compressed
        } else if hit != nil {
            return wantsGzip ? found.gzipped! : found.response
        }
        keep(found, key)
        return wantsGzip ? found.gzipped! : found.response
    }

    /// Keeps `entry` unless a newer answer for `key` is already kept, within the byte budget.
    private func keep(_ entry: Entry, _ key: String) {
        let size = entry.size
        guard size <= budget else { return }
        kept.withLock { kept in
            if let old = kept.entries[key] {
                guard old.generation <= entry.generation else { return }
                kept.bytes -= old.size
                kept.entries[key] = nil
            }
            if kept.bytes + size > budget {
                kept.entries = kept.entries.filter { $0.value.generation >= entry.generation }
                kept.bytes = kept.entries.values.reduce(0) { $0 + $1.size }
                if kept.bytes + size > budget { kept = Kept() }
            }
            kept.entries[key] = entry
            kept.bytes += size
        }
    }
}
