/// Semantic versions and ranges as `upgrade_from` uses them (blang/semver syntax, as Rancher's catalog did):
/// `>=1.2.0 <2.0.0`, `v0.2.0 || >v0.2.0`, `=1.0.0`, `!=1.1.0`. A leading `v` is ignored.
package struct SemanticVersion: Comparable, Sendable, CustomStringConvertible {
    package var major: Int
    package var minor: Int
    package var patch: Int
    /// Pre-release identifiers after `-` (`rc1`, `build.11`).
    package var prerelease: [String]

    /// Parses `1.2.3`, `v1.2`, `1.2.3-rc.1+meta`; missing minor/patch count as 0.
    package init?(_ text: String) {
        var body = Substring(text.trimmingCharacters(in: .whitespaces))
        if body.hasPrefix("v") || body.hasPrefix("V") { body = body.dropFirst() }
        if let plus = body.firstIndex(of: "+") { body = body[..<plus] }
        var pre: [String] = []
        if let dash = body.firstIndex(of: "-") {
            pre = body[body.index(after: dash)...].split(separator: ".").map(String.init)
            body = body[..<dash]
        }
        let numbers = body.split(separator: ".", omittingEmptySubsequences: false).map { Int($0) }
        guard (1...3).contains(numbers.count), numbers.allSatisfy({ $0 != nil }) else { return nil }
        major = numbers[0]!
        minor = numbers.count > 1 ? numbers[1]! : 0
        patch = numbers.count > 2 ? numbers[2]! : 0
        prerelease = pre
    }

    package var description: String {
        "\(major).\(minor).\(patch)" + (prerelease.isEmpty ? "" : "-" + prerelease.joined(separator: "."))
    }

    package static func < (lhs: SemanticVersion, rhs: SemanticVersion) -> Bool {
        if (lhs.major, lhs.minor, lhs.patch) != (rhs.major, rhs.minor, rhs.patch) {
            return (lhs.major, lhs.minor, lhs.patch) < (rhs.major, rhs.minor, rhs.patch)
        }
        if lhs.prerelease.isEmpty || rhs.prerelease.isEmpty { return !lhs.prerelease.isEmpty && rhs.prerelease.isEmpty }
        for (left, right) in zip(lhs.prerelease, rhs.prerelease) where left != right {
            if let l = Int(left), let r = Int(right) { return l < r }
            return left < right
        }
        return lhs.prerelease.count < rhs.prerelease.count
    }
}

/// A set of versions: alternatives separated by `||`, each a space-separated conjunction of comparisons.
package struct SemverRange: Sendable {
    private struct Comparison: Sendable {
        var op: String
        var version: SemanticVersion

        func matches(_ candidate: SemanticVersion) -> Bool {
            switch op {
            case ">": return candidate > version
            case ">=": return candidate >= version
            case "<": return candidate < version
            case "<=": return candidate <= version
            case "!=", "!": return candidate != version
            default: return candidate == version
            }
        }
    }

    private var alternatives: [[Comparison]]

    /// Parses a range; nil when any part is not a comparison with a version.
    package init?(_ text: String) {
        var alternatives: [[Comparison]] = []
        for alternative in text.components(separatedBy: "||") {
            var conjunction: [Comparison] = []
            for part in alternative.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
                let op = String(part.prefix { "<>=!".contains($0) })
                guard ["", "=", "==", ">", ">=", "<", "<=", "!=", "!"].contains(op),
                      let version = SemanticVersion(String(part.dropFirst(op.count))) else { return nil }
                conjunction.append(Comparison(op: op, version: version))
            }
            guard !conjunction.isEmpty else { return nil }
            alternatives.append(conjunction)
        }
        self.alternatives = alternatives
    }

    package func contains(_ version: SemanticVersion) -> Bool {
        alternatives.contains { $0.allSatisfy { $0.matches(version) } }
    }
}
