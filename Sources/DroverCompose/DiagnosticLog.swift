import DroverModel

/// Collects the diagnostics of one load, so every problem of every file is reported at once.
package final class DiagnosticLog {
    package private(set) var all: [Diagnostic] = []

    package init() {}

    package var hasErrors: Bool { all.contains { $0.severity == .error } }

    package func add(_ diagnostic: Diagnostic) {
        all.append(diagnostic)
    }

    package func add(contentsOf diagnostics: [Diagnostic]) {
        all.append(contentsOf: diagnostics)
    }

    /// Records an error about `node` at key path `path`, in the node's own file or else in `file`.
    package func error(_ file: String, _ node: YAMLNode, _ path: String, _ message: String) {
        all.append(Diagnostic(.error, file: node.file ?? file, line: node.line, column: node.column, path: path, message: message))
    }

    /// Records a warning about `node` at key path `path`, in the node's own file or else in `file`.
    package func warning(_ file: String, _ node: YAMLNode, _ path: String, _ message: String) {
        all.append(Diagnostic(.warning, file: node.file ?? file, line: node.line, column: node.column, path: path, message: message))
    }

    /// Records a warning about a mapping key (located at the key, not its value).
    package func warning(_ file: String, _ entry: YAMLEntry, _ path: String, _ message: String) {
        all.append(Diagnostic(.warning, file: entry.keyFile ?? file, line: entry.keyLine, column: entry.keyColumn, path: path, message: message))
    }

    /// Records an error about a mapping key (located at the key, not its value).
    package func error(_ file: String, _ entry: YAMLEntry, _ path: String, _ message: String) {
        all.append(Diagnostic(.error, file: entry.keyFile ?? file, line: entry.keyLine, column: entry.keyColumn, path: path, message: message))
    }
}
