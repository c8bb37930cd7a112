import DroverCompose
import DroverModel

/// What `.Stack`, `.Environment` and `.Release` show to a template while it renders.
package struct RenderContext: Sendable {
    package var stackName: String
    package var environmentName: String
    /// The template version a stack is upgrading from, for `.Stack.PreviousVersion`.
    package var previousVersion: String?

    package init(stackName: String, environmentName: String = "Default", previousVersion: String? = nil) {
        self.stackName = stackName
        self.environmentName = environmentName
        self.previousVersion = previousVersion
    }
}

/// A template version rendered with answers: the compose texts as Drover will store them and the stack they define.
package struct RenderedVersion: Sendable {
    package var dockerCompose: SourceFile
    package var rancherCompose: SourceFile?
    /// The answers after defaults were applied.
    package var answers: [String: String]
    package var stack: LoadedStack
}

/// Renders a template version as Rancher 1.6 did: answers validated and defaulted, Go templating on every
/// compose file whose first line is not `# notemplating`, then `${VAR}` interpolation from the answers.
package struct TemplateRenderer: Sendable {
    package var environment: [String: String]

    /// `environment` is the process environment, the last source of `${VAR}` values.
    package init(environment: [String: String] = [:]) {
        self.environment = environment
    }

    package func render(_ version: TemplateVersion, answers: [String: String], context: RenderContext) throws(CatalogError) -> RenderedVersion {
        if let blocking = version.diagnostics.errors.first { throw .invalidTemplate([blocking]) }
        let resolved = try AnswerValidator(questions: version.catalog.questions).resolve(answers)
        let data = templateData(version, resolved, context)
        let compose = try apply(version.dockerCompose, data)
        let rancher = try version.rancherCompose.map { file throws(CatalogError) in try apply(file, data) }
        let loader = StackLoader(variables: VariableSource(answers: resolved, environment: environment))
        do {
            let stack = try loader.load(compose: compose, rancher: rancher)
            return RenderedVersion(dockerCompose: compose, rancherCompose: rancher, answers: resolved, stack: stack)
        } catch {
            switch error {
            case let .invalid(diagnostics): throw .invalidTemplate(diagnostics)
            case let .unreadable(path, reason): throw .notFound("\(path): \(reason)")
            }
        }
    }

    /// Runs the Go-template step on one file unless its first line is `# notemplating`.
    func apply(_ file: SourceFile, _ data: TemplateValue) throws(CatalogError) -> SourceFile {
        let firstLine = file.text.prefix { $0 != "\n" }.trimmingCharacters(in: .whitespaces)
        if firstLine == "# notemplating" { return file }
        do {
            let template = try GoTemplate(name: file.name, text: file.text)
            return SourceFile(name: file.name, text: try template.render(data))
        } catch {
            throw .template(error)
        }
    }

    /// The data a template sees. Every question is in `.Values` (unanswered ones as ""), as Rancher's UI
    /// submitted them, so `{{ .Values.X }}` never prints Go's `<no value>` for a question.
    private func templateData(_ version: TemplateVersion, _ answers: [String: String], _ context: RenderContext) -> TemplateValue {
        var values = answers.mapValues(TemplateValue.string)
        for question in version.catalog.questions where values[question.variable] == nil {
            values[question.variable] = .string("")
        }
        var stack: [String: TemplateValue] = ["Name": .string(context.stackName)]
        if let current = version.catalog.version { stack["Version"] = .string(current) }
        if let previous = context.previousVersion { stack["PreviousVersion"] = .string(previous) }
        return .map([
            "Values": .map(values),
            "Stack": .map(stack),
            "Release": .map(["Name": .string(context.stackName), "Version": .string(version.catalog.version ?? "")]),
            "Environment": .map(["Name": .string(context.environmentName)]),
        ])
    }
}
