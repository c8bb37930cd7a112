import DroverCatalog
import DroverCompose
import DroverModel
import Foundation

/// `drover catalog ls|show|render`: browse catalog templates and render a version with answers.
enum CatalogCommand {
    static let catalogOption = OptionSpec.value("--catalog", valueName: "DIR",
                                                help: "A catalog directory in Rancher layout (default: the built-in catalog).", repeatable: true)

    /// The catalogs to search: those named by `--catalog`, or the built-in one.
    static func repositories(_ arguments: ParsedArguments) throws -> [CatalogRepository] {
        var paths = arguments.all("--catalog")
        if paths.isEmpty {
            guard let builtIn = Locations.dataFolder("catalog") else {
                throw CommandFailure(message: "the built-in catalog was not found; set DROVER_HOME or pass --catalog DIR")
            }
            return [try load(name: "library", path: builtIn)]
        }
        paths = paths.map { ($0 as NSString).standardizingPath }
        return try paths.map { try load(name: (($0 as NSString).lastPathComponent), path: $0) }
    }

    private static func load(name: String, path: String) throws -> CatalogRepository {
        do {
            return try CatalogRepository(name: name, path: path)
        } catch {
            throw CommandFailure(message: error.description)
        }
    }

    /// Resolves `TEMPLATE`, `TEMPLATE:VERSION` or `CATALOG:TEMPLATE:VERSION` to a template and version.
    static func resolve(_ reference: String, in repositories: [CatalogRepository]) throws -> (CatalogRepository, CatalogTemplate, TemplateVersion?) {
        let parts = reference.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let catalogName: String? = parts.count == 3 ? parts[0] : nil
        let templateName = parts.count == 3 ? parts[1] : parts[0]
        let versionName: String? = parts.count >= 2 ? parts.last : nil
        for repository in repositories where catalogName == nil || repository.name == catalogName {
            guard let template = repository.template(templateName) else { continue }
            guard let versionName else { return (repository, template, nil) }
            guard let version = template.version(versionName) else {
                let known = template.versions.map { "\($0.revision)" + ($0.catalog.version.map { " (\($0))" } ?? "") }
                throw CommandFailure(message: "template \"\(templateName)\" has no version \"\(versionName)\" (versions: \(known.joined(separator: ", ")))")
            }
            return (repository, template, version)
        }
        let names = repositories.flatMap { $0.templates.map(\.id) }
        throw CommandFailure(message: "no template \"\(templateName)\" in \(repositories.map(\.path).joined(separator: ", ")) (templates: \(names.joined(separator: ", ")))")
    }
}

/// `drover catalog ls`.
enum CatalogList: Command {
    static let spec = CommandSpec(name: "catalog ls", abstract: "List the templates of the catalogs.",
                                  options: [CatalogCommand.catalogOption, .format])

    /// One row of the listing.
    struct Row: Encodable {
        var id: String
        var name: String
        var category: String?
        var defaultVersion: String?
        var versions: Int
        var description: String?
    }

    static func run(_ arguments: ParsedArguments, _ output: Output) throws -> Int32 {
        let rows = try CatalogCommand.repositories(arguments).flatMap { repository in
            repository.templates.map { template in
                Row(id: "\(repository.name):\(template.id)", name: template.name, category: template.category,
                    defaultVersion: template.defaultTemplateVersion.map { "\($0.revision)" }, versions: template.versions.count,
                    description: template.description?.split(separator: "\n").first.map(String.init))
            }
        }
        if arguments.value("--format") == "json" {
            try output.json(rows)
            return ExitCode.success
        }
        output.out(Table.render(header: ["ID", "NAME", "CATEGORY", "VERSIONS", "DEFAULT"],
                                rows: rows.map { [$0.id, $0.name, $0.category ?? "", "\($0.versions)", $0.defaultVersion ?? ""] }))
        return ExitCode.success
    }
}
