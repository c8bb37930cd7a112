import DroverCatalog
import DroverModel
import Foundation

/// `drover catalog save STACK --catalog DIR [--template NAME]`: saves a running stack into a Rancher-layout catalog
/// directory as a new template, or as the next version of one — what Rancher users did once a stack worked, so the
/// next environment deploys it in one action. A catalog stack keeps its template's files and questions; a compose
/// stack's `${VARIABLES}` become questions whose defaults are the stack's current values.
enum CatalogSave: Command {
    static let spec = CommandSpec(
        name: "catalog save", abstract: "Save a stack into a catalog directory as a new template or a new version of one.",
        options: APIClient.options + [
            .value("--catalog", valueName: "DIR", help: "The catalog directory (Rancher layout; created if missing)."),
            .value("--template", valueName: "NAME", help: "Template folder name (default: the stack name)."),
            .value("--version", valueName: "VERSION", help: "Version name of the new version (default: 1.0.<folder number>)."),
        ],
        arguments: [ArgumentSpec(name: "stack", help: "The stack to save.")])

    static func run(_ arguments: ParsedArguments, _ output: Output) throws -> Int32 {
        guard let catalog = arguments.value("--catalog") else { throw UsageError(message: "--catalog DIR is required", command: spec) }
        let client = try APIClient(arguments)
        let name = arguments.positionals[0]
        let stack = try client.get(StackResource.self, client.environmentPath("/stacks/\(APIClient.escape(name))"))
        let template = arguments.value("--template") ?? name
        guard PlainName.isValid(template), template.first != "." else {
            throw UsageError(message: "--template '\(template)' is not a template folder name (letters, digits, '-', '_' and '.')", command: spec)
        }
        let folder = URL(fileURLWithPath: catalog).appendingPathComponent("templates").appendingPathComponent(template)
        let existing = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        let number = (existing.compactMap { Int($0) }.max() ?? -1) + 1
        let versionName = try Self.versionName(arguments.value("--version"), catalog: catalog, template: template)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let versionFolder = folder.appendingPathComponent(String(number))
        try FileManager.default.createDirectory(at: versionFolder, withIntermediateDirectories: true)
        let files: [String: String]
        if let externalId = stack.externalId, CatalogID.isCatalog(externalId) {
            files = try templateFiles(externalId, client: client, versionName: versionName)
        } else {
            files = composeFiles(stack, template: template, versionName: versionName)
        }
        for (file, text) in files { try text.write(to: versionFolder.appendingPathComponent(file), atomically: true, encoding: .utf8) }
        // config.yml is the template's own: a new template gets one, an existing one only its version moved on.
        let config = folder.appendingPathComponent("config.yml")
        let configText = (try? String(contentsOf: config, encoding: .utf8)).map { Self.setConfigVersion($0, versionName) }
            ?? "name: \(template)\ndescription: Saved from stack \(name) by drover catalog save\nversion: \(versionName)\n"
        try configText.write(to: config, atomically: true, encoding: .utf8)
        let repository = try CatalogRepository(name: "saved", path: catalog)
        guard let saved = repository.template(template), let version = saved.version(String(number)) else {
            throw CommandFailure(message: "\(versionFolder.path) was written but is not a readable template version")
        }
        let outcome = CatalogChecker.check(version, template: saved, catalog: "saved")
        if let error = outcome.error { throw CommandFailure(message: "\(versionFolder.path) was written but does not render: \(error)") }
        let catalogName = URL(fileURLWithPath: catalog).standardized.lastPathComponent
        output.out("saved stack \(name) as \(folder.path) version \(number) (\(versionName)); deploy it with: "
                   + "drover catalog install \(template):\(number) --catalog-name \(catalogName) (on a server started with --catalog \(catalog))")
        return ExitCode.success
    }

    /// The files of the template version a catalog stack came from, with its version name set.
    static func templateFiles(_ externalId: String, client: APIClient, versionName: String) throws -> [String: String] {
        guard let id = CatalogID(externalId) else {
            throw CommandFailure(message: "stack externalId \(externalId) is not catalog://catalog:template:version")
        }
        let template = try client.get(TemplateResource.self, "/v2-beta/templates/\(APIClient.escape("\(id.catalog):\(id.template)"))?version=\(id.version)")
        var files: [String: String] = [:]
        for (file, text) in template.files ?? [:] {
            files[file] = file.hasPrefix("rancher-compose") ? setVersion(text, versionName) : text
        }
        return files
    }

    /// A compose stack's files, its variables turned into questions (defaults: the stack's current values).
    static func composeFiles(_ stack: StackResource, template: String, versionName: String) -> [String: String] {
        let compose = stack.dockerCompose ?? ""
        let rancher = stack.rancherCompose ?? ""
        let values = stack.environment ?? [:]
        let variables = UpCommand.referencedVariables(compose + rancher).sorted()
        var section = ".catalog:\n  name: \(template)\n  version: \(versionName)\n"
        if !variables.isEmpty {
            section += "  questions:\n"
            for variable in variables {
                section += "    - variable: \(variable)\n      label: \(variable)\n      type: string\n      required: true\n"
                if let value = values[variable] { section += "      default: \(yamlQuoted(value))\n" }
            }
        }
        return ["docker-compose.yml": compose, "rancher-compose.yml": section + rancher]
    }

    /// The new version's name: the one given, which no version of the template may have yet, or the patch after the
    /// highest version the template has (`1.1.0` → `1.1.1`; `1.0.0` for a new template).
    static func versionName(_ given: String?, catalog: String, template: String) throws -> String {
        let versions = (try? CatalogRepository(name: "saved", path: catalog))?.template(template)?.versions ?? []
        let names = versions.compactMap(\.catalog.version)
        if let given {
            if let taken = versions.first(where: { $0.catalog.version == given }) {
                throw CommandFailure(message: "template \(template) already has version \(given) (folder \(taken.revision)); give another --version")
            }
            return given
        }
        guard let highest = names.compactMap(SemanticVersion.init).max() else { return "1.0.\(versions.count)" }
        return "\(highest.major).\(highest.minor).\(highest.patch + 1)"
    }

    /// config.yml with its top-level `version:` set to `version` (added when it has none); everything else kept.
    static func setConfigVersion(_ text: String, _ version: String) -> String {
        var lines = text.components(separatedBy: "\n")
        if let index = lines.firstIndex(where: { $0.hasPrefix("version:") }) {
            lines[index] = "version: \(version)"
        } else {
            lines.insert("version: \(version)", at: lines.last == "" ? lines.count - 1 : lines.count)
        }
        return lines.joined(separator: "\n")
    }

    /// Replaces the `version:` of the catalog section (the first `  version:` line under `.catalog:`/`catalog:`).
    static func setVersion(_ text: String, _ version: String) -> String {
        var lines = text.components(separatedBy: "\n")
        var inCatalog = false
        for index in lines.indices {
            let line = lines[index]
            if line.hasPrefix(".catalog:") || line.hasPrefix("catalog:") { inCatalog = true; continue }
            if inCatalog && !line.hasPrefix(" ") && !line.isEmpty { break }
            if inCatalog && line.trimmingCharacters(in: .whitespaces).hasPrefix("version:") {
                let indent = line.prefix { $0 == " " }
                lines[index] = "\(indent)version: \(version)"
                break
            }
        }
        return lines.joined(separator: "\n")
    }

    static func yamlQuoted(_ value: String) -> String {
        "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
