import DroverCompose
import DroverModel
import Foundation

/// A catalog directory in Rancher layout: `templates/<name>/config.yml` and `<name>/<N>/` version folders,
/// and the same under `infra-templates/`.
package struct CatalogRepository: Sendable {
    /// The catalog's name in template ids (`library` for the built-in one).
    package var name: String
    package var path: String
    /// Templates sorted by folder, then id.
    package var templates: [CatalogTemplate]

    /// Loads every template and version under `path`. Unreadable folders are skipped; a missing catalog is an error.
    package init(name: String, path: String) throws(CatalogError) {
        self.name = name
        self.path = path
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .notFound("catalog \"\(name)\": \(path) is not a directory")
        }
        var templates: [CatalogTemplate] = []
        for folder in ["templates", "infra-templates"] {
            let base = (path as NSString).appendingPathComponent(folder)
            let names = ((try? fm.contentsOfDirectory(atPath: base)) ?? []).sorted()
            for id in names where !id.hasPrefix(".") {
                if let template = Self.loadTemplate(folder: folder, id: id, at: (base as NSString).appendingPathComponent(id)) {
                    templates.append(template)
                }
            }
        }
        self.templates = templates
    }

    /// Finds a template by id (`ipsec`), or by `folder/id`.
    package func template(_ id: String) -> CatalogTemplate? {
        templates.first { $0.id == id || "\($0.folder)/\($0.id)" == id }
    }

    private static func loadTemplate(folder: String, id: String, at path: String) -> CatalogTemplate? {
        let fm = FileManager.default
        let configPath = (path as NSString).appendingPathComponent("config.yml")
        guard let configText = try? String(contentsOfFile: configPath, encoding: .utf8) else { return nil }
        var parser = YAMLParser(file: configPath)
        let config = (try? parser.parse(configText)) ?? YAMLNode(.mapping([]), line: 1, column: 1)
        let log = DiagnosticLog()
        let labels = config["labels"].flatMap { ValueReader(file: configPath, log: log).stringMap($0, "labels") } ?? [:]
        var template = CatalogTemplate(folder: folder, id: id, name: config["name"]?.plainValue ?? id,
                                       description: config["description"]?.plainValue,
                                       defaultVersion: config["version"]?.plainValue, category: config["category"]?.plainValue,
                                       maintainer: config["maintainer"]?.plainValue, license: config["license"]?.plainValue,
                                       projectURL: config["projectURL"]?.plainValue, labels: labels, versions: [])
        let entries = (try? fm.contentsOfDirectory(atPath: path)) ?? []
        for revision in entries.compactMap(Int.init).sorted() {
            if let version = loadVersion(revision, at: (path as NSString).appendingPathComponent(String(revision)), displayBase: "\(folder)/\(id)/\(revision)") {
                template.versions.append(version)
            }
        }
        return template
    }

    private static func loadVersion(_ revision: Int, at path: String, displayBase: String) -> TemplateVersion? {
        func read(_ name: String) -> SourceFile? {
            let file = (path as NSString).appendingPathComponent(name)
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return nil }
            return SourceFile(name: "\(displayBase)/\(name)", text: text)
        }
        guard let compose = read("docker-compose.yml.tpl") ?? read("docker-compose.yml") else { return nil }
        let rancher = read("rancher-compose.yml.tpl") ?? read("rancher-compose.yml")
        let log = DiagnosticLog()
        let catalog = rancher.map { CatalogSectionParser.parse($0.text, file: $0.name, log: log) } ?? CatalogSection()
        return TemplateVersion(revision: revision, dockerCompose: compose, rancherCompose: rancher, catalog: catalog,
                               diagnostics: log.all, readme: read("README.md")?.text)
    }
}
