import DroverDocker
import DroverModel
import DroverOrchestrator
import DroverStore

/// `?action=plan` / `dryRun`: the exact diff a change would make, per host, with `docker run` lines, applied nowhere.
extension APIServer {
    func plan(_ request: APIRequest, name: String, source: StackSource) throws -> JSONValue {
        try planResource(controller.previews.create(environmentId: request.environment!.id, name: name, source: source), stack: name)
    }

    func upgradePlan(_ stack: StoredStack, source: StackSource, options: UpgradeOptions) throws -> JSONValue {
        try planResource(controller.previews.upgrade(stack.id, source: source, options: options), stack: stack.name)
    }

    func scalePlan(_ service: StoredService, to scale: Int) throws -> JSONValue {
        try planResource(controller.previews.scale(service.id, to: scale), stack: service.stackName)
    }

    func rollbackPlan(_ stack: StoredStack) throws -> JSONValue {
        try planResource(controller.previews.rollback(stack.id), stack: stack.name)
    }

    private func planResource(_ preview: PlanPreviews.Preview, stack: String) throws -> JSONValue {
        var hosts: [String: JSONValue] = [:]
        let names = Dictionary(uniqueKeysWithValues: try controller.store.hosts(environmentId: nil).map { ($0.id, $0.name) })
        for host in preview.plan.hosts {
            let instructions = preview.instructions[host] ?? []
            hosts[names[host] ?? host] = .array(zip(preview.plan.actions[host] ?? [], instructions).map { action, instruction in
                ["action": .string(action.kind.rawValue), "container": .string(action.containerName), "version": .int(action.version),
                 "reason": .string(action.reason), "dockerRun": DockerRunRenderer.render(instance: instruction.instance).map { .string($0) } ?? .null]
            })
        }
        var resource: [String: JSONValue] = ["type": "plan", "stack": .string(stack), "hosts": .object(hosts),
                                             "unschedulable": .object(preview.plan.unschedulable.mapValues { .string($0) })]
        if let change = preview.change {
            resource["change"] = ["upgraded": .array(change.upgraded.keys.sorted().map { .string($0) }), "updated": .array(change.updated.map { .string($0) }),
                                  "added": .array(change.added.map { .string($0) }), "removed": .array(change.removed.map { .string($0) })]
        }
        return .object(resource)
    }
}
