import DroverLoadBalancer
import DroverModel

extension PlanPreviews {
    /// For each load balancer of the environment whose configuration `plan` would change, a diff from its
    /// configuration as it is now to the one it gets once the plan is carried out, by `stack/service`. `replacing`
    /// gives the services of the stacks the change defines anew (a created or upgraded stack). Containers the plan
    /// creates have no address yet: their name stands in its place (`<app-web-4>`).
    func balancerChanges(environmentId: String, plan: Plan, replacing stacks: [String: [ServiceDefinition]] = [:]) throws -> [String: String] {
        let before = try store.services(environmentId: environmentId).map(LoadBalancerInputs.Service.init)
        var after = before.filter { stacks[$0.stack] == nil }
        for (stack, definitions) in stacks.sorted(by: { $0.key < $1.key }) {
            after += definitions.map { LoadBalancerInputs.Service(id: "\(environmentId)/\(stack)/\($0.name)", stack: stack, name: $0.name, definition: $0) }
        }
        let balancers = after.filter(\.isBalancer)
        guard !balancers.isEmpty else { return [:] }
        let containers = try store.instances(environmentId: environmentId).map(LoadBalancerInputs.Container.init)
        let projected = Self.project(containers, plan, environmentId: environmentId)
        let names = LoadBalancerInputs.certificateNames(before.filter(\.isBalancer) + balancers)
        let certificates = try reconcile.balancers.certificates(names, environmentId: environmentId)
        func render(_ balancer: LoadBalancerInputs.Service, _ services: [LoadBalancerInputs.Service], _ containers: [LoadBalancerInputs.Container]) -> String {
            let input = LoadBalancerInputs.input(for: balancer, services: services, containers: containers, certificates: certificates)
            do {
                return try HAProxyRenderer.render(input)
            } catch {
                return "# not applied: lb_config: \(error)\n"
            }
        }
        var changes: [String: String] = [:]
        for balancer in balancers {
            let now = before.first { $0.id == balancer.id && $0.isBalancer }.map { render($0, before, containers) } ?? ""
            let diff = ConfigDiff.unified(from: now, to: render(balancer, after, projected))
            if !diff.isEmpty { changes["\(balancer.stack)/\(balancer.name)"] = diff }
        }
        return changes
    }

    /// The containers once `plan` is carried out.
    static func project(_ containers: [LoadBalancerInputs.Container], _ plan: Plan, environmentId: String) -> [LoadBalancerInputs.Container] {
        var result = containers
        for action in plan.allActions {
            let index = result.firstIndex { $0.id == action.instance }
            switch action.kind {
            case .create:
                result.append(LoadBalancerInputs.Container(id: action.instance, serviceId: "\(environmentId)/\(action.stack)/\(action.service)",
                                                           name: action.containerName, launchConfig: action.launchConfig, running: true,
                                                           address: "<\(action.containerName)>"))
            case .start: if let index { result[index].running = true }
            case .stop: if let index { result[index].running = false }
            case .remove: if let index { result.remove(at: index) }
            }
        }
        return result
    }
}
