/// Parses `KEY=VALUE` files (`-e/--env-file`, `env_file:`, answers files that are not YAML or JSON).
///
/// Blank lines and `#` comments are skipped; surrounding quotes of a value are removed; a bare `KEY` takes
/// its value from `environment` (and is left out when that has none).
package enum EnvFile {
    /// A line that is not `KEY=VALUE` or `KEY`.
    package struct Invalid: Error, Equatable, CustomStringConvertible {
        package var file: String
        package var line: Int
        package var text: String

        package var description: String { "\(file):\(line):1: \"\(text)\" is not KEY=VALUE" }
    }

    package static func parse(_ text: String, file: String, environment: [String: String] = [:]) throws(Invalid) -> [String: String] {
        var result: [String: String] = [:]
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.hasSuffix("\r") { line.removeLast() }
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") { line = String(line.dropFirst(7)).trimmingCharacters(in: .whitespaces) }
            guard let equals = line.firstIndex(of: "=") else {
                guard line.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "-" }) else {
                    throw Invalid(file: file, line: index + 1, text: line)
                }
                if let value = environment[line] { result[line] = value }
                continue
            }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty else { throw Invalid(file: file, line: index + 1, text: line) }
            var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = String(value.dropFirst().dropLast())
            }
            result[key] = value
        }
        return result
    }
}
