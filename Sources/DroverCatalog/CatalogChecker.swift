import DroverModel

/// Checks that template versions render and build with their default answers, as `drover catalog check` and the
/// corpus test do: required questions without a default get a placeholder answer that satisfies them.
package enum CatalogChecker {
    /// The outcome of checking one version.
    package struct Outcome: Encodable, Sendable {
        /// `catalog:template:revision`.
        package var id: String
        /// The first error, located as `file:line:column: …`; nil when the version builds.
        package var error: String?
        package var warnings: Int
    }

    /// Answers for the required questions of `version` that have no default.
    package static func placeholderAnswers(for version: TemplateVersion) -> [String: String] {
        var answers: [String: String] = [:]
        for question in version.catalog.questions where question.required && (question.defaultValue ?? "").isEmpty {
            answers[question.variable] = question.placeholder
        }
        return answers
    }

    /// Renders, parses and builds one version.
    package static func check(_ version: TemplateVersion, template: CatalogTemplate, catalog: String) -> Outcome {
        let id = "\(catalog):\(template.id):\(version.revision)"
        do {
            let rendered = try TemplateRenderer().render(version, answers: placeholderAnswers(for: version),
                                                         context: RenderContext(stackName: template.id))
            return Outcome(id: id, error: nil, warnings: rendered.stack.warnings.count + version.diagnostics.count)
        } catch {
            switch error {
            case let .invalidTemplate(diagnostics), let .invalidAnswers(diagnostics):
                return Outcome(id: id, error: diagnostics.errors.first?.description ?? "no error diagnostic",
                               warnings: diagnostics.warnings.count)
            default:
                return Outcome(id: id, error: error.description, warnings: 0)
            }
        }
    }

    /// Checks every version of every template of `repository`.
    package static func check(_ repository: CatalogRepository) -> [Outcome] {
        repository.templates.flatMap { template in
            template.versions.map { check($0, template: template, catalog: repository.name) }
        }
    }
}
