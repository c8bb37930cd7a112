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

    /// The body fields of stack create and upgrade requests.
    struct Body {
        var dockerCompose: String?
        var rancherCompose: String?
        var environment: [String: String]
        var externalId: String?
        var description: String?

        init(_ json: JSONValue) throws(APIError) {
            guard json.object != nil else { throw APIError.invalid("the request body must be a JSON object") }
            dockerCompose = json["dockerCompose"]?.string
            rancherCompose = json["rancherCompose"]?.string.flatMap { $0.isEmpty ? nil : $0 }
            externalId = json["externalId"]?.string.flatMap { $0.isEmpty ? nil : $0 }
            description = json["description"]?.string
            var environment: [String: String] = [:]
            for (key, value) in (json["environment"] ?? json["answers"])?.object ?? [:] {
                guard let text = value.scalarText else {
                    throw APIError.invalid("environment.\(key): expected a string, number or boolean")
                }
                environment[key] = text
            }
            self.environment = environment
        }
    }

    /// The source for stack `name`; `previous` is the stack's current revision when upgrading.
    func source(_ body: Body, stackName: String, environmentName: String, previous: StoredRevision?) throws(APIError) -> StackSource {
        if let externalId = body.externalId, externalId.hasPrefix("catalog://") {
            return try catalogSource(body, externalId: externalId, stackName: stackName, environmentName: environmentName, previous: previous)
        }
        guard let compose = body.dockerCompose, !compose.isEmpty else {
            throw APIError.invalid("dockerCompose is required (or externalId: catalog://<catalog>:<template>:<version>)")
        }
        let loader = StackLoader(variables: VariableSource(answers: body.environment))
        do {
            let loaded = try loader.load(compose: SourceFile(name: "docker-compose.yml", text: compose),
                                         rancher: body.rancherCompose.map { SourceFile(name: "rancher-compose.yml", text: $0) })
            return StackSource(dockerCompose: compose, rancherCompose: body.rancherCompose, answers: body.environment,
                               externalId: body.externalId, definition: loaded.definition, description: body.description)
        } catch {
            switch error {
            case let .invalid(diagnostics):
                throw APIError.invalid("the compose files are not valid", detail: diagnostics.map(\.description))
            case let .unreadable(path, reason):
                throw APIError.invalid("\(path): cannot read: \(reason)")
            }
        }
    }

    private func catalogSource(_ body: Body, externalId: String, stackName: String, environmentName: String,
                               previous: StoredRevision?) throws(APIError) -> StackSource {
        let (template, version) = try resolve(externalId)
        let previousAnswers = previous?.externalId?.hasPrefix("catalog://") == true ? previous!.answers : [:]
        let answers = previous == nil ? body.environment
            : AnswerCarryOver.answers(previous: previousAnswers, target: version, overrides: body.environment)
        var previousVersion: String?
        if let id = previous?.externalId, id.hasPrefix("catalog://") { previousVersion = (try? resolve(id))?.1.catalog.version }
        let context = RenderContext(stackName: stackName, environmentName: environmentName, previousVersion: previousVersion)
        do {
            let rendered = try TemplateRenderer().render(version, answers: answers, context: context)
            return StackSource(dockerCompose: rendered.dockerCompose.text, rancherCompose: rendered.rancherCompose?.text, answers: rendered.answers,
                               externalId: "catalog://\(template)", definition: rendered.stack.definition, description: body.description)
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

    /// `catalog://<catalog>:<template>:<version>` → (`<catalog>:<template>:<folder number>`, version); the version
    /// may be the folder number or the version name.
    func resolve(_ externalId: String) throws(APIError) -> (String, TemplateVersion) {
        let parts = externalId.dropFirst("catalog://".count).split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3 else {
            throw APIError.invalid("externalId \"\(externalId)\" is not catalog://<catalog>:<template>:<version>")
        }
        guard let catalog = catalogs.first(where: { $0.name == parts[0] }) else {
            throw APIError.invalid("externalId \(externalId): no catalog \"\(parts[0])\" (catalogs: \(catalogs.map(\.name).joined(separator: ", ")))")
        }
        guard let template = catalog.template(parts[1]) else {
            throw APIError.invalid("externalId \(externalId): catalog \(parts[0]) has no template \"\(parts[1])\"")
        }
        guard let version = template.version(parts[2]) else {
            let known = template.versions.map { "\($0.revision)" + ($0.catalog.version.map { " (\($0))" } ?? "") }.joined(separator: ", ")
            throw APIError.invalid("externalId \(externalId): template \(parts[1]) has no version \"\(parts[2])\" (versions: \(known))")
        }
        return ("\(parts[0]):\(parts[1]):\(version.revision)", version)
    }
}
