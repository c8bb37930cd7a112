import DroverModel
import Foundation

/// `drover catalog install TEMPLATE[:VERSION]` and `drover catalog upgrade TEMPLATE:VERSION --stack S`: deploy a
/// catalog template through the server with answers (from `--answers FILE` and `--set K=V`); on upgrade the
/// stack's previous answers carry over and the given ones override them.
enum CatalogInstall: Command {
    static let answerOptions: [OptionSpec] = [
        .value("--answers", valueName: "FILE", help: "Answers: a .yml/.yaml/.json map, or KEY=VALUE lines."),
        .value("--set", valueName: "K=V", help: "Answer one question (takes precedence over --answers).", repeatable: true),
        .value("--catalog-name", valueName: "NAME", help: "The server's catalog holding the template (default library)."),
        .flag("-d", help: "Do not wait."), .waitTimeout, .format,
    ]

    static let spec = CommandSpec(name: "catalog install", abstract: "Deploy a catalog template as a stack.",
                                  options: APIClient.options + answerOptions + [.value("--name", valueName: "STACK", help: "Stack name (default: the template id).")],
                                  arguments: [ArgumentSpec(name: "template[:version]", help: "Template id, optionally with a version.")])

    static func run(_ arguments: ParsedArguments, _ output: Output) throws -> Int32 {
        let client = try APIClient(arguments)
        let (template, version) = try reference(arguments.positionals[0], client: client, catalog: arguments.value("--catalog-name") ?? "library")
        let stack = arguments.value("--name") ?? template
        let waiter = StackWaiter(client: client, output: output, quiet: arguments.value("--format") == "json")
        let start = try waiter.lastEventId()
        let externalId = CatalogID(catalog: arguments.value("--catalog-name") ?? "library", template: template, version: version)
        try client.request("POST", client.environmentPath("/stacks"),
                           sending: StackRequest(name: stack, externalId: externalId.description, environment: try answers(arguments)))
        return try StateCommand.finish(stack, waiter: waiter, start: start, arguments, output)
    }

    /// `--answers` then `--set`.
    static func answers(_ arguments: ParsedArguments) throws -> [String: String] {
        var answers = try arguments.value("--answers").map { try VariableFiles.load($0, environment: ProcessInfo.processInfo.environment) } ?? [:]
        answers.merge(try ArgumentParser.keyValues(arguments.all("--set"), option: "--set", command: spec)) { _, new in new }
        return answers
    }

    /// `TEMPLATE[:VERSION]` → (template, version); without a version, the template's default from the server.
    static func reference(_ text: String, client: APIClient, catalog: String) throws -> (String, String) {
        let parts = text.split(separator: ":").map(String.init)
        if parts.count == 2 { return (parts[0], parts[1]) }
        let template = try client.get(TemplateResource.self, "/v2-beta/templates/\(APIClient.escape("\(catalog):\(text)"))")
        guard let version = template.defaultVersion else { throw CommandFailure(message: "template \(text) has no default version: give TEMPLATE:VERSION") }
        return (text, version)
    }
}

/// `drover catalog upgrade TEMPLATE:VERSION --stack S`.
enum CatalogUpgrade: Command {
    static let spec = CommandSpec(name: "catalog upgrade", abstract: "Upgrade a catalog stack to another template version, keeping its answers.",
                                  options: APIClient.options + CatalogInstall.answerOptions + [
                                      .value("--stack", valueName: "STACK", help: "The stack to upgrade (default: the template id)."),
                                      .flag("--confirm", help: "Finish the upgrade once done (remove the old containers)."),
                                  ],
                                  arguments: [ArgumentSpec(name: "template:version", help: "Template id and the version to upgrade to.")])

    static func run(_ arguments: ParsedArguments, _ output: Output) throws -> Int32 {
        let client = try APIClient(arguments)
        let catalog = arguments.value("--catalog-name") ?? "library"
        let (template, version) = try CatalogInstall.reference(arguments.positionals[0], client: client, catalog: catalog)
        let stack = arguments.value("--stack") ?? template
        let waiter = StackWaiter(client: client, output: output, quiet: arguments.value("--format") == "json")
        let start = try waiter.lastEventId()
        let body = StackRequest(externalId: CatalogID(catalog: catalog, template: template, version: version).description,
                                environment: try CatalogInstall.answers(arguments), finishUpgrade: arguments.flag("--confirm"))
        let answer = try client.request("POST", client.environmentPath("/stacks/\(APIClient.escape(stack))?action=upgrade"), sending: body,
                                        as: StackResource.self)
        let upgrading = !(answer.change?.upgraded.isEmpty ?? true)
        return try StateCommand.finish(stack, waiter: waiter, start: start, arguments, output,
                                       targets: upgrading && !arguments.flag("--confirm") ? [.upgraded] : [.active])
    }
}
