import DroverModel

/// Everything that can go wrong while loading a catalog, validating answers or rendering a template version.
package enum CatalogError: Error, Equatable, CustomStringConvertible {
    /// A Go-template parse or execution failure, located at `file:line:column` with the failing action.
    case template(TemplateError)
    /// The catalog directory or a template inside it is missing or unreadable.
    case notFound(String)
    /// Answers that break the rules of their questions, one diagnostic per question.
    case invalidAnswers([Diagnostic])
    /// Problems found in the files of a template version (catalog section, compose files).
    case invalidTemplate([Diagnostic])

    package var description: String {
        switch self {
        case let .template(error):
            return error.description
        case let .notFound(what):
            return what
        case let .invalidAnswers(diagnostics), let .invalidTemplate(diagnostics):
            return diagnostics.map(\.description).joined(separator: "\n")
        }
    }
}
