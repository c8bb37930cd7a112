import DroverCompose
import DroverHTTP
import DroverModel
import DroverOrchestrator
import DroverStore
import Foundation

/// Stacks: list, create (compose texts or a catalog template version), show, remove, revisions, and the actions
/// upgrade, finishupgrade, rollback (`revision` in the body for any stored revision), cancelupgrade,
/// continueupgrade, exportconfig and plan.
extension APIServer {
    func listStacks(_ request: APIRequest) throws -> HTTPResponse {
        try cached(request) {
            let store = controller.store
            let services = Dictionary(grouping: try store.services(environmentId: request.environment!.id), by: \.stackId)
            let items = try store.stacks(environmentId: request.environment!.id).map { Resources.stack($0, services: services[$0.id] ?? [], base: request.base) }
            return .json(try Resources.collection(items, type: "stack", query: request.query, url: "\(request.base)/stacks"))
        }
    }

    func createStack(_ request: APIRequest) throws -> HTTPResponse {
        let body = try request.decode(StackRequest.self)
        guard let name = body.name, !name.isEmpty else { throw APIError.invalid("name is required") }
        let source = try resolver.source(body, stackName: name, environmentName: request.environment!.name, previous: nil)
        if request.query["action"].flatMap(StackActionName.init(rawValue:)) == .plan || body.dryRun == true {
            return try .resource(try plan(request, name: name, source: source))
        }
        let stack = try controller.createStack(environmentId: request.environment!.id, name: name, source: source, actor: request.actor)
        var resource = Resources.stack(stack, services: try controller.store.services(stackId: stack.id), base: request.base)
        resource.warnings = source.warnings
        return try .resource(resource, status: 201)
    }

    func showStack(_ request: APIRequest) throws -> HTTPResponse {
        let stack = try stack(request)
        var resource = Resources.stack(stack, services: try controller.store.services(stackId: stack.id), base: request.base)
        if let revision = try controller.store.revision(stackId: stack.id, number: stack.currentRevision) {
            resource.dockerCompose = revision.dockerCompose
            resource.rancherCompose = revision.rancherCompose
            resource.environment = revision.answers
        }
        return try .resource(resource)
    }

    /// `DELETE …/stacks/{stack}`; `?removeVolumes=true` removes its named volumes too.
    func removeStack(_ request: APIRequest) throws -> HTTPResponse {
        let stack = try stack(request)
        let volumes = request.query["removeVolumes"] == "true"
        let names = StackOperationRunner.namedVolumes(try controller.store.revision(stackId: stack.id, number: stack.currentRevision)?.definition,
                                                      stack: stack.name)
        try controller.removeStack(stack.id, volumes: volumes, actor: request.actor)
        var resource = Resources.stack(try controller.store.stack(stack.id) ?? stack, services: [], base: request.base)
        resource.volumes = names.values.sorted()
        resource.volumesRemoved = volumes
        return try .resource(resource, status: 202)
    }

    func listRevisions(_ request: APIRequest) throws -> HTTPResponse {
        let stack = try stack(request)
        let items = try controller.store.revisions(stackId: stack.id).map(Resources.revision)
        return .json(try Resources.collection(items, type: "revision", query: request.query, url: "\(request.base)/stacks/\(stack.name)/revisions"))
    }

    func stackAction(_ request: APIRequest) throws -> HTTPResponse {
        let stack = try stack(request)
        var body = try request.decode(StackRequest.self)
        let options = UpgradeOptions(force: body.forceUpgrade ?? false, prune: body.prune ?? false, batchSize: body.batchSize,
                                     intervalMillis: body.intervalMillis, finish: body.finishUpgrade ?? false,
                                     rollbackOnFailure: body.rollbackOnFailure ?? false)
        let action = try request.action(StackActionName.self, of: "stack")
        switch action {
        case .upgrade, .plan:
            // `plan` is `upgrade` with `dryRun`: the same body, read the same way (texts left out are the stack's own).
            let previous = try controller.store.revision(stackId: stack.id, number: stack.currentRevision)
            if body.dockerCompose == nil && body.externalId == nil, let previous {
                body.dockerCompose = previous.dockerCompose
                body.rancherCompose = body.rancherCompose ?? previous.rancherCompose
                body.environment = previous.answers.merging(body.environment ?? [:]) { _, new in new }
            }
            if body.externalId == nil && body.dockerCompose == nil { body.externalId = previous?.externalId }
            let source = try resolver.source(body, stackName: stack.name, environmentName: request.environment!.name, previous: previous)
            if action == .plan || body.dryRun == true {
                return try .resource(try upgradePlan(stack, source: source, options: options))
            }
            let change = try controller.upgradeStack(stack.id, source: source, options: options, actor: request.actor)
            return try stackAnswer(request, stack.id, change: change, warnings: source.warnings)
        case .finishupgrade:
            try controller.finishUpgrade(stack.id, actor: request.actor)
        case .rollback:
            if body.dryRun == true {
                if let number = body.revision {
                    guard let revision = try controller.store.revision(stackId: stack.id, number: number) else {
                        throw APIError.notFound("stack \(stack.name) has no revision \(number)")
                    }
                    return try .resource(try upgradePlan(stack, source: StackSource(revision), options: options))
                }
                return try .resource(try rollbackPlan(stack))
            }
            if let number = body.revision {
                let change = try controller.rollback(stack.id, toRevision: number, options: options, actor: request.actor)
                return try stackAnswer(request, stack.id, change: change)
            }
            try controller.rollback(stack.id, actor: request.actor)
        case .cancelupgrade:
            try controller.cancelUpgrade(stack.id, actor: request.actor)
        case .continueupgrade:
            try controller.continueUpgrade(stack.id, options: options, actor: request.actor)
        case .exportconfig:
            let revision = try controller.store.revision(stackId: stack.id, number: stack.currentRevision)
            // `drover scale` changes a service after its files were written: the export says the scale it runs at.
            var scales: [String: Int] = [:]
            for service in try controller.store.services(stackId: stack.id) {
                if let scale = service.definition.scale, scale != revision?.definition.service(service.name)?.scale { scales[service.name] = scale }
            }
            let rancher = try ScaleRewriter.apply(scales, to: revision?.rancherCompose, compose: revision?.dockerCompose ?? "")
            return try .resource(ComposeConfigResource(dockerComposeConfig: revision?.dockerCompose ?? "", rancherComposeConfig: rancher ?? "",
                                                       environment: revision?.answers ?? [:], externalId: revision?.externalId))
        }
        return try stackAnswer(request, stack.id, change: nil)
    }

    /// The stack as it is now, with what the action changes.
    private func stackAnswer(_ request: APIRequest, _ stackId: String, change: StackChange?, warnings: [String]? = nil) throws -> HTTPResponse {
        guard let stack = try controller.store.stack(stackId) else { throw APIError.notFound("stack \(stackId) is gone") }
        var resource = Resources.stack(stack, services: try controller.store.services(stackId: stackId), base: request.base)
        resource.warnings = warnings
        resource.change = change.map {
            StackChangeResource(upgraded: $0.upgraded, updated: $0.updated, added: $0.added, removed: $0.removed, noChange: $0.isEmpty)
        }
        return try .resource(resource, status: 202)
    }

    /// The stack named in the path, in the request's environment.
    func stack(_ request: APIRequest) throws -> StoredStack {
        let name = request.parameters["stack"] ?? ""
        guard let stack = try controller.store.stack(Controller.stackId(request.environment!.id, name)) else {
            throw APIError.notFound("no stack \"\(name)\" in environment \(request.environment!.name)")
        }
        return stack
    }
}
