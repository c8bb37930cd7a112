/// A problem found in user input, located as precisely as the input allows.
///
/// Renders as `file:line:column: path.to.key: message`, the format every command and API error uses.
package struct Diagnostic: Codable, Hashable, Sendable, CustomStringConvertible {
    /// Whether the problem stops the input from being used.
    package enum Severity: String, Codable, Sendable {
        case error
        case warning
    }

    package var severity: Severity
    package var file: String
    package var line: Int
    package var column: Int
    /// Dotted key path inside the file (`services.web.ports[1]`); empty when the problem is not about one key.
    package var path: String
    package var message: String

    package init(_ severity: Severity, file: String, line: Int, column: Int, path: String = "", message: String) {
        self.severity = severity
        self.file = file
        self.line = line
        self.column = column
        self.path = path
        self.message = message
    }

    package var description: String {
        var text = file
        if line > 0 { text += ":\(line):\(column)" }
        text += ": "
        if severity == .warning { text += "warning: " }
        if !path.isEmpty { text += "\(path): " }
        return text + message
    }
}

extension Array where Element == Diagnostic {
    /// The diagnostics that stop the input from being used.
    package var errors: [Diagnostic] { filter { $0.severity == .error } }
    /// The diagnostics that only warn.
    package var warnings: [Diagnostic] { filter { $0.severity == .warning } }
}
