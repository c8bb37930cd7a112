/// Where interpolated variables come from, in order of precedence: catalog answers, the env file, the process environment.
package struct VariableSource: Sendable {
    package var answers: [String: String]
    package var envFile: [String: String]
    package var environment: [String: String]

    package init(answers: [String: String] = [:], envFile: [String: String] = [:], environment: [String: String] = [:]) {
        self.answers = answers
        self.envFile = envFile
        self.environment = environment
    }

    /// The value of `name` from the first source that has it.
    package func value(of name: String) -> String? {
        answers[name] ?? envFile[name] ?? environment[name]
    }
}

/// Substitutes `${VAR}`-style references in one string the way docker-compose does.
///
/// Supports `${VAR}`, `$VAR`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?message}`, `${VAR?message}` and
/// the `$$` escape (kept as a single `$`). Pure: it reports unset variables instead of printing anything.
package struct Interpolator: Sendable {
    /// What went wrong or needs a warning while substituting one string.
    package enum Problem: Equatable, Sendable {
        /// A variable with no value and no default: it became empty.
        case unset(String)
        /// `${VAR:?message}` or `${VAR?message}` with the variable unset.
        case required(String, message: String)
        /// A `$` that starts no valid reference.
        case invalidFormat(String)
    }

    package var source: VariableSource

    package init(source: VariableSource) {
        self.source = source
    }

    /// Returns the substituted text, or nil when the text holds no `$` (nothing to do).
    package func interpolate(_ text: String, problems: inout [Problem]) -> String? {
        guard text.utf8.contains(UInt8(ascii: "$")) else { return nil }
        let chars = Array(text.unicodeScalars)
        var output = String.UnicodeScalarView()
        var index = 0
        while index < chars.count {
            let char = chars[index]
            guard char == "$" else {
                output.append(char)
                index += 1
                continue
            }
            guard index + 1 < chars.count else {
                problems.append(.invalidFormat(text))
                return String(output)
            }
            let next = chars[index + 1]
            if next == "$" {
                output.append("$")
                index += 2
            } else if next == "{" {
                guard let close = chars[(index + 2)...].firstIndex(of: "}") else {
                    problems.append(.invalidFormat(text))
                    return String(output)
                }
                let body = String(String.UnicodeScalarView(chars[(index + 2)..<close]))
                output.append(contentsOf: braced(body, text: text, problems: &problems).unicodeScalars)
                index = close + 1
            } else if Self.isNameStart(next) {
                var end = index + 1
                while end < chars.count, Self.isNameChar(chars[end]) { end += 1 }
                let name = String(String.UnicodeScalarView(chars[(index + 1)..<end]))
                if let value = source.value(of: name) {
                    output.append(contentsOf: value.unicodeScalars)
                } else {
                    problems.append(.unset(name))
                }
                index = end
            } else {
                problems.append(.invalidFormat(text))
                output.append(char)
                index += 1
            }
        }
        return String(output)
    }

    /// Resolves the inside of `${…}`.
    private func braced(_ body: String, text: String, problems: inout [Problem]) -> String {
        let scalars = Array(body.unicodeScalars)
        var end = 0
        while end < scalars.count, Self.isNameChar(scalars[end]) { end += 1 }
        let name = String(String.UnicodeScalarView(scalars[..<end]))
        guard !name.isEmpty, let first = name.unicodeScalars.first, Self.isNameStart(first) else {
            problems.append(.invalidFormat(text))
            return ""
        }
        let rest = String(String.UnicodeScalarView(scalars[end...]))
        let value = source.value(of: name)
        if rest.isEmpty {
            if let value { return value }
            problems.append(.unset(name))
            return ""
        }
        for (op, emptyCounts) in [(":-", true), ("-", false), (":?", true), ("?", false)] where rest.hasPrefix(op) {
            let argument = String(rest.dropFirst(op.count))
            let missing = value == nil || (emptyCounts && value == "")
            if op.hasSuffix("-") { return missing ? argument : value! }
            if missing {
                problems.append(.required(name, message: argument.isEmpty ? "is required" : argument))
                return ""
            }
            return value!
        }
        problems.append(.invalidFormat(text))
        return ""
    }

    private static func isNameStart(_ char: Unicode.Scalar) -> Bool {
        char == "_" || (char.isASCII && char.properties.isAlphabetic)
    }

    private static func isNameChar(_ char: Unicode.Scalar) -> Bool {
        isNameStart(char) || ("0"..."9").contains(char)
    }
}
