import DroverCatalog
import DroverCompose
import DroverModel
import Foundation

/// `drover catalog render TEMPLATE[:VERSION]`: answers validated, compose files rendered, stack definition built.
enum CatalogRender: Command {
    static let spec = CommandSpec(
        name: "catalog render",
        abstract: "Render a template version with answers and print the compose files and the stack they define.",
        options: [
            CatalogCommand.catalogOption,
            .value("--answers", valueName: "FILE", help: "Answers: a .yml/.yaml/.json map, or KEY=VALUE lines."),
            .value("--set", valueName: "K=V", help: "Answer one question (takes precedence over --answers).", repeatable: true),
            .value("--name", valueName: "STACK", help: "Stack name seen by templates as .Stack.Name (default: the template id)."),
            .flag("--definition", help: "Print the resulting stack definition instead of the rendered compose files."),
            .format,
        ],
        arguments: [ArgumentSpec(name: "template[:version]", help: "Template id, optionally with a version folder number or version name.")],
        discussion: "Password and secret answers are never printed; they show as ********.\nExit status: 0 rendered, 1 invalid answers or template, 64 wrong command line.")

    static func run(_ arguments: ParsedArguments, _ output: Output) throws -> Int32 {
        let (_, template, chosen) = try CatalogCommand.resolve(arguments.positionals[0], in: CatalogCommand.repositories(arguments))
        guard let version = chosen ?? template.defaultTemplateVersion else {
            throw CommandFailure(message: "template \"\(template.id)\" has no versions")
        }
        let environment = ProcessInfo.processInfo.environment
        var answers = try arguments.value("--answers").map { try VariableFiles.load($0, environment: environment) } ?? [:]
        answers.merge(try ArgumentParser.keyValues(arguments.all("--set"), option: "--set", command: spec)) { _, new in new }
        let secrets = version.catalog.questions.filter(\.isSecret).compactMap { answers[$0.variable] ?? $0.defaultValue }
        let redacted = RedactingOutput(secrets: secrets, output: output)
        let json = arguments.value("--format") == "json"
        let context = RenderContext(stackName: arguments.value("--name") ?? template.id)
        let rendered: RenderedVersion
        do {
            rendered = try TemplateRenderer(environment: environment).render(version, answers: answers, context: context)
        } catch {
            switch error {
            case let .invalidAnswers(diagnostics), let .invalidTemplate(diagnostics):
                return Report.diagnosticsFailure(diagnostics, json: json, redacted.output)
            default:
                throw CommandFailure(message: redacted.redact(error.description))
            }
        }
        if arguments.flag("--definition") || json {
            return try Report.stack({ () throws(ComposeError) in rendered.stack }, json: json, redacted.output)
        }
        rendered.stack.warnings.forEach { output.err(redacted.redact($0.description)) }
        for file in [rendered.dockerCompose] + (rendered.rancherCompose.map { [$0] } ?? []) {
            output.out("# \(file.name)")
            output.out(redacted.redact(file.text))
        }
        return ExitCode.success
    }
}

/// Replaces secret answer values with `********` in everything a command prints.
struct RedactingOutput {
    var secrets: [String]
    var output: Output

    init(secrets: [String], output: Output) {
        self.secrets = secrets.filter { !$0.isEmpty }.sorted { $0.count > $1.count }
        var filtered = output
        if !secrets.isEmpty {
            filtered.filter = { [secrets = self.secrets] text in secrets.reduce(text) { $0.replacingOccurrences(of: $1, with: "********") } }
        }
        self.output = filtered
    }

    func redact(_ text: String) -> String {
        secrets.reduce(text) { $0.replacingOccurrences(of: $1, with: "********") }
    }
}
