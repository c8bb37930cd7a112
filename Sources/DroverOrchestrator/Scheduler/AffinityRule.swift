/// One scheduling constraint from an `io.rancher.scheduler.affinity:*` label, for one `k=v` (or name) value.
package struct AffinityRule: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// What the rule looks at on a host.
    package enum Subject: String, Sendable {
        case hostLabel = "host_label", containerLabel = "container_label", container
    }

    package var subject: Subject
    /// `_ne`: no host match allowed instead of a required match.
    package var negated: Bool
    /// `_soft`: a preference, dropped when nothing fits.
    package var soft: Bool
    /// `key=value` for labels, a container name for `container`.
    package var value: String

    package init(subject: Subject, negated: Bool = false, soft: Bool = false, value: String) {
        self.subject = subject
        self.negated = negated
        self.soft = soft
        self.value = value
    }

    /// The label key this rule came from.
    package var labelKey: String {
        "io.rancher.scheduler.affinity:\(subject.rawValue)" + (soft ? "_soft" : "") + (negated ? "_ne" : "")
    }

    package var description: String { "\(labelKey)=\(value)" }

    /// The rules of a container's labels, with `${stack_name}`/`${service_name}` expanded (Rancher's `$${…}`).
    package static func rules(from labels: [String: String], stack: String, service: String) -> [AffinityRule] {
        let prefix = "io.rancher.scheduler.affinity:"
        var rules: [AffinityRule] = []
        for key in labels.keys.sorted() where key.hasPrefix(prefix) {
            var kind = String(key.dropFirst(prefix.count))
            let negated = kind.hasSuffix("_ne")
            if negated { kind.removeLast(3) }
            let soft = kind.hasSuffix("_soft")
            if soft { kind.removeLast(5) }
            guard let subject = Subject(rawValue: kind) else { continue }
            let expanded = labels[key]!.replacingOccurrences(of: "${stack_name}", with: stack)
                .replacingOccurrences(of: "${service_name}", with: service)
            for value in expanded.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !value.isEmpty {
                rules.append(AffinityRule(subject: subject, negated: negated, soft: soft, value: value))
            }
        }
        return rules
    }
}
