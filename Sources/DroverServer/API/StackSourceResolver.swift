import DroverCatalog
import DroverCompose
import DroverModel
import DroverOrchestrator
import DroverStore

/// Turns a stack request's body into a `StackSource`: compose texts interpolated with the request's `environment`,
/// or a catalog template version (`externalId: catalog://<catalog>:<template>:<version>`) rendered with answers —
/// on upgrade the previous answers carry over and the request's answers override them. Invalid input is reported
/// with every diagnostic and nothing is written.
struct StackSourceResolver {
    var catalogs: [CatalogRepository]

    /// The source for stack `name`; `previous` is the stack's current revision when upgrading.
    func source(_ request: StackRequest, stackName: String, environmentName: String, previous: StoredRevision?) throws(APIError) -> StackSource {
        var body = request
        body.rancherCompose = body.rancherCompose.flatMap { $0.isEmpty ? nil : $0 }
        body.externalId = body.externalId.flatMap { $0.isEmpty ? nil : $0 }
        if let externalId = body.externalId, CatalogID.isCatalog(externalId) {
            return try catalogSource(body, externalId: externalId, stackName: stackName, environmentName: environmentName, previous: previous)
        }
        guard let compose = body.dockerCompose, !compose.isEmpty else {
            throw APIError.invalid("dockerCompose is required (or externalId: catalog://<catalog>:<template>:<version>)")
        }
        let loader = StackLoader(variables: VariableSource(answers: body.environment ?? [:]))
        do {
            let loaded = try loader.load(compose: SourceFile(name: "docker-compose.yml", text: compose),
                                         rancher: body.rancherCompose.map { SourceFile(name: "rancher-compose.yml", text: $0) })
            return StackSource(dockerCompose: compose, rancherCompose: body.rancherCompose, answers: body.environment ?? [:],
                               externalId: body.externalId, definition: loaded.definition, description: body.description,
                               warnings: loaded.warnings.map(\.description))
        } catch {
            switch error {
            case let .invalid(diagnostics):
                throw APIError.invalid("the compose files are not valid", detail: diagnostics.map(\.description))
            case let .unreadable(path, reason):
                throw APIError.invalid("\(path): cannot read: \(reason)")
            }
        }
    }

    private func catalogSource(_ body: StackRequest, externalId: String, stackName: String, environmentName: String,
                               previous: StoredRevision?) throws(APIError) -> StackSource {
        let (template, version) = try resolve(externalId)
        try checkUpgrade(from: previous?.externalId, to: template, version: version)
        let previousAnswers = CatalogID.isCatalog(previous?.externalId) ? previous!.answers : [:]
        let answers = previous == nil ? body.environment ?? [:]
            : AnswerCarryOver.answers(previous: previousAnswers, target: version, overrides: body.environment ?? [:])
        var previousVersion: String?
        if let id = previous?.externalId, CatalogID.isCatalog(id) { previousVersion = (try? resolve(id))?.1.catalog.version }
        let context = RenderContext(stackName: stackName, environmentName: environmentName, previousVersion: previousVersion)
        do {
            let rendered = try TemplateRenderer().render(version, answers: answers, context: context)
            return StackSource(dockerCompose: rendered.dockerCompose.text, rancherCompose: rendered.rancherCompose?.text, answers: rendered.answers,
                               externalId: template.description, definition: rendered.stack.definition, description: body.description,
                               warnings: rendered.stack.warnings.map(\.description))
        } catch {
            switch error {
            case let .invalidAnswers(diagnostics):
                throw APIError.invalid("the answers are not valid for \(externalId)", detail: diagnostics.map(\.description))
            case let .invalidTemplate(diagnostics):
                throw APIError.invalid("template \(externalId) is not valid", detail: diagnostics.map(\.description))
            default:
                throw APIError.invalid("template \(externalId): \(error.description)")
            }
        }
    }

    /// A catalog stack moves only to a version its template offers as an upgrade of the one it runs (a newer folder
    /// whose `upgrade_from` admits it), or stays on its own; going back is `rollback`.
    private func checkUpgrade(from previousId: String?, to target: CatalogID, version: TemplateVersion) throws(APIError) {
        guard let previousId, let previous = CatalogID(previousId), previous.catalog == target.catalog, previous.template == target.template,
              let (_, current) = try? resolve(previousId), current.revision != version.revision,
              let template = catalogs.first(where: { $0.name == target.catalog })?.template(target.template) else { return }
        let allowed = template.upgradeTargets(from: current)
        guard allowed.contains(where: { $0.revision == version.revision }) else {
            let name = { (version: TemplateVersion) in "\(version.revision)" + (version.catalog.version.map { " (\($0))" } ?? "") }
            throw APIError.invalid("the stack runs \(target.template) version \(name(current)) and cannot upgrade to version \(name(version)): "
                                   + (allowed.isEmpty ? "no version upgrades it" : "it may upgrade to " + allowed.map(name).joined(separator: ", "))
                                   + "; to go back to an earlier version use rollback")
        }
    }

    /// `catalog://<catalog>:<template>:<version>` → (the same id with the version's folder number, version); the
    /// version may be the folder number or the version name.
    func resolve(_ externalId: String) throws(APIError) -> (CatalogID, TemplateVersion) {
        guard let id = CatalogID(externalId) else {
            throw APIError.invalid("externalId \"\(externalId)\" is not catalog://<catalog>:<template>:<version>")
        }
        guard let catalog = catalogs.first(where: { $0.name == id.catalog }) else {
            throw APIError.invalid("externalId \(externalId): no catalog \"\(id.catalog)\" (catalogs: \(catalogs.map(\.name).joined(separator: ", ")))")
        }
        guard let template = catalog.template(id.template) else {
            throw APIError.invalid("externalId \(externalId): catalog \(id.catalog) has no template \"\(id.template)\"")
        }
        guard let version = template.version(id.version) else {
            let known = template.versions.map { "\($0.revision)" + ($0.catalog.version.map { " (\($0))" } ?? "") }.joined(separator: ", ")
            throw APIError.invalid("externalId \(externalId): template \(id.template) has no version \"\(id.version)\" (versions: \(known))")
        }
        return (CatalogID(catalog: id.catalog, template: id.template, version: "\(version.revision)"), version)
    }
}
