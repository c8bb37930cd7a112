import DroverModel

/// A port rule made ready for HAProxy: its frontend (source port, mode), its backend name, and how a request is
/// matched (host, path). Pure.
struct RoutingRule: Equatable, Sendable {
    /// How a hostname matches: exactly, by suffix (`*.example.com`) or by prefix (`www.*`).
    enum HostMatch: Equatable, Sendable {
        case exact(String), suffix(String), prefix(String)
    }

    var index: Int
    var sourcePort: Int
    var targetPort: Int
    var scheme: PortRule.Scheme
    var host: HostMatch?
    var path: String?
    var priority: Int?
    var backend: String
    /// `stack/service` the rule sends to, or nil when a selector chooses the targets.
    var service: String?
    /// `key=value` labels a target must carry (the rule's `selector`).
    var selector: [String: String]

    /// Whether the frontend speaks HTTP (host and path ACLs, cookies, forwarded headers) or TCP.
    var isHTTP: Bool { scheme == .http || scheme == .https }
    /// Whether the load balancer ends TLS on this rule's port (`https`, `tls`) rather than passing it through.
    var terminatesTLS: Bool { scheme == .https || scheme == .tls }

    /// Rancher's order inside a frontend: rules with a priority first (lower wins), then exact host with path, exact
    /// host, wildcard host with path, wildcard host, path only, and the default last; ties keep the file's order.
    var rank: (Int, Int, Int) {
        if let priority, priority > 0 { return (0, priority, index) }
        let specificity: Int
        switch (host, path) {
        case (.exact?, _?): specificity = 0
        case (.exact?, nil): specificity = 1
        case (_?, _?): specificity = 2
        case (_?, nil): specificity = 3
        case (nil, _?): specificity = 4
        case (nil, nil): specificity = 5
        }
        return (1, specificity, index)
    }

    /// Normalises port rule `index` of a load balancer in `stack`.
    init(_ rule: PortRule, index: Int, stack: String) throws(LoadBalancerError) {
        guard rule.protocol != .udp else {
            throw .invalidRule(index: index, reason: "protocol udp cannot be load-balanced: HAProxy has no UDP (publish the port on the service instead)")
        }
        guard let source = rule.sourcePort, (1...65535).contains(source) else {
            throw .invalidRule(index: index, reason: "source_port is required (1-65535)")
        }
        guard rule.service != nil || rule.selector != nil else {
            throw .invalidRule(index: index, reason: "needs a service or a selector to send traffic to")
        }
        self.index = index
        sourcePort = source
        targetPort = rule.targetPort ?? source
        scheme = rule.protocol
        path = rule.path.flatMap { $0.isEmpty ? nil : $0 }
        priority = rule.priority
        service = rule.service.map { $0.contains("/") ? $0 : "\(stack)/\($0)" }
        selector = Self.labels(rule.selector ?? "")
        host = rule.hostname.flatMap { name -> HostMatch? in
            if name.isEmpty { return nil }
            if name.hasPrefix("*.") { return .suffix(String(name.dropFirst(1))) }
            if name.hasSuffix(".*") { return .prefix(String(name.dropLast(1))) }
            return .exact(name)
        }
        let tuple = "\(source)_\(rule.hostname ?? "")_\(path ?? "")"
        backend = rule.backendName ?? String(tuple.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
    }

    /// `a=b, c=d` → labels.
    private static func labels(_ text: String) -> [String: String] {
        var labels: [String: String] = [:]
        for pair in text.split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2, !parts[0].isEmpty { labels[parts[0]] = parts[1] }
        }
        return labels
    }

    /// Whether `target` receives this rule's traffic.
    func matches(_ target: LoadBalancerTarget) -> Bool {
        if let service { return target.service == service }
        return selector.allSatisfy { target.labels[$0.key] == $0.value }
    }
}
