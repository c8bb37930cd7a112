import DroverCatalog
import DroverHTTP
import DroverModel

/// Catalog templates: `/v2-beta/templates` and `/v2-beta/templates/<catalog>:<template>` with versions and questions;
/// `?version=N` adds that version's files as they are in the catalog (what `drover catalog save` copies).
extension APIServer {
    func listTemplates(_ request: APIRequest) throws -> HTTPResponse {
        let items = catalogs.flatMap { catalog in catalog.templates.map { templateResource(catalog, $0, root: request.root, full: false) } }
        return .json(Resources.collection(items, type: "template", query: request.query, url: "\(request.root)/templates"))
    }

    func showTemplate(_ request: APIRequest) throws -> HTTPResponse {
        let id = request.parameters["template"] ?? ""
        let parts = id.split(separator: ":").map(String.init)
        for catalog in catalogs where parts.count == 1 || catalog.name == parts[0] {
            guard let template = catalog.template(parts.last ?? "") else { continue }
            var resource = templateResource(catalog, template, root: request.root, full: true)
            if let wanted = request.query["version"], case var .object(fields) = resource {
                guard let version = template.version(wanted) else { throw APIError.notFound("template \(id) has no version \"\(wanted)\"") }
                var files: [String: JSONValue] = [fileName(version.dockerCompose.name): .string(version.dockerCompose.text)]
                if let rancher = version.rancherCompose { files[fileName(rancher.name)] = .string(rancher.text) }
                fields["files"] = .object(files)
                fields["revision"] = .int(version.revision)
                resource = .object(fields)
            }
            return .json(resource)
        }
        throw APIError.notFound("no template \"\(id)\" (use <catalog>:<template>, e.g. library:hello)")
    }

    private func templateResource(_ catalog: CatalogRepository, _ template: CatalogTemplate, root: String, full: Bool) -> JSONValue {
        let id = "\(catalog.name):\(template.id)"
        var fields: [String: JSONValue] = [
            "id": .string(id), "type": "template", "name": .string(template.name), "catalogId": .string(catalog.name),
            "category": template.category.map { .string($0) } ?? .null, "description": template.description.map { .string($0) } ?? .null,
            "defaultVersion": template.defaultTemplateVersion.map { .string("\($0.revision)") } ?? .null,
            "versionLinks": .object(Dictionary(uniqueKeysWithValues: template.versions.map {
                ($0.catalog.version ?? "\($0.revision)", JSONValue.string("\(root)/templates/\(id)?version=\($0.revision)"))
            })),
            "links": ["self": .string("\(root)/templates/\(id)")],
        ]
        if full {
            fields["versions"] = .array(template.versions.map { version in
                ["externalId": .string(CatalogID(catalog: catalog.name, template: template.id, version: "\(version.revision)").description), "revision": .int(version.revision),
                 "version": version.catalog.version.map { .string($0) } ?? .null, "upgradeFrom": version.catalog.upgradeFrom.map { .string($0) } ?? .null,
                 "upgradeVersionLinks": .array(template.upgradeTargets(from: version).map {
                     .string(CatalogID(catalog: catalog.name, template: template.id, version: "\($0.revision)").description)
                 }),
                 "questions": .array(version.catalog.questions.map(questionResource))]
            })
        }
        return .object(fields)
    }

    /// The file name without the catalog path shown in diagnostics.
    private func fileName(_ name: String) -> String {
        String(name.split(separator: "/").last ?? Substring(name))
    }

    private func questionResource(_ question: Question) -> JSONValue {
        ["variable": .string(question.variable), "label": question.label.map { .string($0) } ?? .null, "type": .string(question.type.rawValue),
         "required": .bool(question.required), "default": question.isSecret ? .null : question.defaultValue.map { .string($0) } ?? .null,
         "description": question.description.map { .string($0) } ?? .null, "options": .array(question.options.map { .string($0) })]
    }
}
