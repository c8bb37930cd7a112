import Foundation

/// A parsed template. Parse once, render many times.
///
/// Renders exactly as Go's `text/template` does with sprig's functions and Rancher's
/// `splitPreserveQuotes`, as Rancher 1.6 rendered catalog compose files.
package struct GoTemplate: Sendable {
    private let source: TemplateSource
    private let program: TemplateProgram

    /// Parses `text`; `name` is the file name used in errors.
    package init(name: String, text: String) throws(TemplateError) {
        source = TemplateSource(name: name, bytes: Array(text.utf8))
        program = try TemplateParser.parse(source)
    }

    /// Executes the template with `data` as `.` and `$`.
    package func render(_ data: TemplateValue) throws(TemplateError) -> String {
        var executor = TemplateExecutor(source: source, definitions: program.definitions, data: data)
        _ = try executor.walk(program.definitions[source.name] ?? program.root, dot: data)
        return String(decoding: executor.output, as: UTF8.self)
    }
}
