import DroverBasics
import Foundation

/// API request counters and latency histograms for `/metrics` (Prometheus text format). Thread-safe.
final class Metrics: Sendable {
    /// Answered requests by route and status, and latency histograms by route.
    private struct Counts {
        var requests: [String: Int] = [:]
        var latency: [String: (buckets: [Int], sum: Double, count: Int)] = [:]
    }

    private let counts = Locked(Counts())
    /// Upper bounds of the latency buckets, in seconds.
    static let bounds: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]

    /// Records one answered request.
    func request(route: String, status: Int, seconds: Double) {
        counts.withLock { counts in
            counts.requests["\(route)\u{0}\(status)", default: 0] += 1
            var entry = counts.latency[route] ?? (Array(repeating: 0, count: Self.bounds.count), 0, 0)
            for (index, bound) in Self.bounds.enumerated() where seconds <= bound { entry.buckets[index] += 1 }
            entry.sum += seconds
            entry.count += 1
            counts.latency[route] = entry
        }
    }

    /// The request metrics as Prometheus text.
    func text() -> String {
        let (counts, latency) = self.counts.withLock { ($0.requests, $0.latency) }
        var lines = ["# HELP drover_api_requests_total API requests answered, by route and status.", "# TYPE drover_api_requests_total counter"]
        for key in counts.keys.sorted() {
            let parts = key.split(separator: "\u{0}", omittingEmptySubsequences: false)
            lines.append("drover_api_requests_total{route=\(Self.quote(String(parts[0]))),status=\"\(parts[1])\"} \(counts[key]!)")
        }
        lines += ["# HELP drover_api_request_seconds API request latency.", "# TYPE drover_api_request_seconds histogram"]
        for route in latency.keys.sorted() {
            let entry = latency[route]!
            for (index, bound) in Self.bounds.enumerated() {
                lines.append("drover_api_request_seconds_bucket{route=\(Self.quote(route)),le=\"\(bound)\"} \(entry.buckets[index])")
            }
            lines.append("drover_api_request_seconds_bucket{route=\(Self.quote(route)),le=\"+Inf\"} \(entry.count)")
            lines.append("drover_api_request_seconds_sum{route=\(Self.quote(route))} \(entry.sum)")
            lines.append("drover_api_request_seconds_count{route=\(Self.quote(route))} \(entry.count)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A label value in Prometheus quoting.
    static func quote(_ value: String) -> String {
        "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n") + "\""
    }
}
