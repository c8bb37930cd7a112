import DroverCatalog
import DroverModel

/// `drover catalog show TEMPLATE[:VERSION]`: a template's versions, or one version's questions.
enum CatalogShow: Command {
    static let spec = CommandSpec(name: "catalog show", abstract: "Show a template's versions, or the questions of one version.",
                                  options: [CatalogCommand.catalogOption, .format],
                                  arguments: [ArgumentSpec(name: "template[:version]", help: "Template id, optionally with a version folder number or version name.")])

    /// The JSON shape of one version.
    struct VersionInfo: Encodable {
        var id: String
        var revision: Int
        var catalog: CatalogSection
        var upgradeTargets: [Int]
        var diagnostics: [Diagnostic]
    }

    static func run(_ arguments: ParsedArguments, _ output: Output) throws -> Int32 {
        let (repository, template, chosen) = try CatalogCommand.resolve(arguments.positionals[0], in: CatalogCommand.repositories(arguments))
        let versions = chosen.map { [$0] } ?? template.versions
        let infos = versions.map { version in
            VersionInfo(id: "\(repository.name):\(template.id):\(version.revision)", revision: version.revision, catalog: version.catalog,
                        upgradeTargets: template.upgradeTargets(from: version).map(\.revision), diagnostics: version.diagnostics)
        }
        if arguments.value("--format") == "json" {
            try output.json(infos)
            return ExitCode.success
        }
        output.out("\(template.name) (\(repository.name):\(template.id))")
        if let description = template.description { output.out(description.trimmingCharacters(in: .whitespacesAndNewlines)) }
        output.out("")
        if chosen == nil {
            output.out(Table.render(header: ["VERSION", "NAME", "UPGRADES TO"], rows: infos.map { info in
                ["\(info.revision)", info.catalog.version ?? "", info.upgradeTargets.map(String.init).joined(separator: ",")]
            }))
            return ExitCode.success
        }
        let info = infos[0]
        output.out("version \(info.revision)" + (info.catalog.version.map { " (\($0))" } ?? ""))
        output.out(Table.render(header: ["VARIABLE", "TYPE", "REQUIRED", "DEFAULT", "LABEL"], rows: info.catalog.questions.map { question in
            let shownDefault = question.isSecret && question.defaultValue != nil ? "********" : (question.defaultValue ?? "")
            return [question.variable, question.type.rawValue, question.required ? "yes" : "no", shownDefault, question.label ?? ""]
        }))
        info.diagnostics.forEach { output.err($0.description) }
        return ExitCode.success
    }
}
