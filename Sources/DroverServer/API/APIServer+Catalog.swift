import DroverCatalog
import DroverHTTP
import DroverModel

/// Catalog templates: `/v2-beta/templates` and `/v2-beta/templates/<catalog>:<template>` with versions and questions;
/// `?version=N` adds that version's files as they are in the catalog (what `drover catalog save` copies).
extension APIServer {
    func listTemplates(_ request: APIRequest) throws -> HTTPResponse {
        let items = catalogs.flatMap { catalog in catalog.templates.map { templateResource(catalog, $0, root: request.root, full: false) } }
        return .json(try Resources.collection(items, type: "template", query: request.query, url: "\(request.root)/templates"))
    }

    func showTemplate(_ request: APIRequest) throws -> HTTPResponse {
        let id = request.parameters["template"] ?? ""
        let parts = id.split(separator: ":").map(String.init)
        for catalog in catalogs where parts.count == 1 || catalog.name == parts[0] {
            guard let template = catalog.template(parts.last ?? "") else { continue }
            var resource = templateResource(catalog, template, root: request.root, full: true)
            if let wanted = request.query["version"] {
                guard let version = template.version(wanted) else { throw APIError.notFound("template \(id) has no version \"\(wanted)\"") }
                var files = [fileName(version.dockerCompose.name): version.dockerCompose.text]
                if let rancher = version.rancherCompose { files[fileName(rancher.name)] = rancher.text }
                resource.files = files
                resource.revision = version.revision
            }
            return try .resource(resource)
        }
        throw APIError.notFound("no template \"\(id)\" (use <catalog>:<template>, e.g. library:hello)")
    }

    private func templateResource(_ catalog: CatalogRepository, _ template: CatalogTemplate, root: String, full: Bool) -> TemplateResource {
        let id = "\(catalog.name):\(template.id)"
        let externalId = { (revision: Int) in CatalogID(catalog: catalog.name, template: template.id, version: "\(revision)").description }
        var resource = TemplateResource(
            id: id, name: template.name, catalogId: catalog.name, category: template.category, description: template.description,
            defaultVersion: template.defaultTemplateVersion.map { "\($0.revision)" },
            versionLinks: Dictionary(uniqueKeysWithValues: template.versions.map {
                ($0.catalog.version ?? "\($0.revision)", "\(root)/templates/\(id)?version=\($0.revision)")
            }),
            links: ["self": "\(root)/templates/\(id)"])
        if full {
            resource.versions = template.versions.map { version in
                TemplateResource.Version(externalId: externalId(version.revision), revision: version.revision, version: version.catalog.version,
                                         upgradeFrom: version.catalog.upgradeFrom,
                                         upgradeVersionLinks: template.upgradeTargets(from: version).map { externalId($0.revision) },
                                         questions: version.catalog.questions.map(questionResource))
            }
        }
        return resource
    }

    /// The file name without the catalog path shown in diagnostics.
    private func fileName(_ name: String) -> String {
        String(name.split(separator: "/").last ?? Substring(name))
    }

    private func questionResource(_ question: Question) -> QuestionResource {
        QuestionResource(variable: question.variable, label: question.label, type: question.type.rawValue, required: question.required,
                         default: question.isSecret ? nil : question.defaultValue, description: question.description, options: question.options)
    }
}
