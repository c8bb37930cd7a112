import DroverDocker
import DroverModel
import DroverOrchestrator
import DroverStore

/// `?action=plan` / `dryRun`: the exact diff a change would make, per host, with `docker run` lines, applied nowhere.
extension APIServer {
    func plan(_ request: APIRequest, name: String, source: StackSource) throws -> PlanResource {
        try planResource(controller.previews.create(environmentId: request.environment!.id, name: name, source: source), stack: name)
    }

    func upgradePlan(_ stack: StoredStack, source: StackSource, options: UpgradeOptions) throws -> PlanResource {
        try planResource(controller.previews.upgrade(stack.id, source: source, options: options), stack: stack.name)
    }

    func scalePlan(_ service: StoredService, to scale: Int) throws -> PlanResource {
        try planResource(controller.previews.scale(service.id, to: scale), stack: service.stackName)
    }

    func rollbackPlan(_ stack: StoredStack) throws -> PlanResource {
        try planResource(controller.previews.rollback(stack.id), stack: stack.name)
    }

    private func planResource(_ preview: PlanPreviews.Preview, stack: String) throws -> PlanResource {
        var hosts: [String: [PlanResource.Step]] = [:]
        let names = Dictionary(uniqueKeysWithValues: try controller.store.hosts(environmentId: nil).map { ($0.id, $0.name) })
        for host in preview.plan.hosts {
            let instructions = preview.instructions[host] ?? []
            hosts[names[host] ?? host] = zip(preview.plan.actions[host] ?? [], instructions).map { action, instruction in
                PlanResource.Step(action: action.kind.rawValue, container: action.containerName, version: action.version, reason: action.reason,
                                  dockerRun: DockerRunRenderer.render(instance: instruction.instance))
            }
        }
        let change = preview.change.map {
            PlanResource.Change(upgraded: $0.upgraded.keys.sorted(), updated: $0.updated, added: $0.added, removed: $0.removed)
        }
        return PlanResource(stack: stack, hosts: hosts, unschedulable: preview.plan.unschedulable, change: change,
                            loadBalancers: preview.loadBalancers.isEmpty ? nil : preview.loadBalancers)
    }
}
