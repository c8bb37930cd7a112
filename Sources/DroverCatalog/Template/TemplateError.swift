import Foundation

/// A template failure located in the template text.
package struct TemplateError: Error, Equatable, Sendable, CustomStringConvertible {
    package var file: String
    package var line: Int
    package var column: Int
    /// The failing `{{…}}` text (for execution errors) or "" (for parse errors).
    package var action: String
    package var message: String

    /// "FILE:LINE:COL: template: executing {{ the action }}: MESSAGE", without the "executing" part for parse errors.
    package var description: String {
        if action.isEmpty {
            return "\(file):\(line):\(column): template: \(message)"
        }
        return "\(file):\(line):\(column): template: executing \(action): \(message)"
    }
}

/// A failure inside a template function; the executor prefixes it with "error calling NAME: ".
struct TemplateFuncError: Error {
    let message: String

    init(_ message: String) {
        self.message = message
    }
}
