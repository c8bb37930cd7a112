import DroverModel

/// Turns a plan's actions into the instructions agents carry out: each with the launch config to run and the
/// names it refers to (its unit's members, other services' containers, stack volumes), resolved here so the agent
/// needs no knowledge of the stack. Pure.
package enum InstructionBuilder {
    /// Instructions per host, in the plan's order. `loadBalancerImage` replaces Rancher's own balancer images.
    package static func instructions(for plan: Plan, desired: [DesiredService], environment: String,
                                    volumes: [String: [String: VolumeDefinition]] = [:],
                                    loadBalancerImage: String? = nil) -> [String: [Instruction]] {
        let services = Dictionary(desired.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        var result: [String: [Instruction]] = [:]
        for host in plan.hosts {
            result[host] = (plan.actions[host] ?? []).map { action in
                Instruction(kind: kind(action.kind), instance: spec(action, services["\(action.stack)/\(action.service)"], desired,
                                                                    environment: environment, volumes: volumes[action.stack] ?? [:],
                                                                    loadBalancerImage: loadBalancerImage))
            }
        }
        return result
    }

    static func kind(_ kind: PlanAction.Kind) -> Instruction.Kind {
        switch kind {
        case .create: return .create
        case .start: return .start
        case .stop: return .stop
        case .remove: return .remove
        }
    }

    static func spec(_ action: PlanAction, _ service: DesiredService?, _ desired: [DesiredService], environment: String,
                     volumes: [String: VolumeDefinition], loadBalancerImage: String? = nil) -> InstanceSpec {
        let configs = service.map { [$0.definition.launchConfig] + $0.definition.sidekicks } ?? []
        let isLoadBalancer = service?.definition.kind == .loadBalancer && action.launchConfig == action.service
        let config = configs.first { $0.name == action.launchConfig }.map { config in
            isLoadBalancer ? runnable(balancer: config, image: loadBalancerImage) : config
        }
        var members: [String: String] = [:]
        for member in configs {
            members[member.name] = PlanIdentity.containerName(stack: action.stack, service: action.service, launchConfig: member.name, unit: action.unit)
        }
        var others: [String: [String]] = [:]
        for other in desired where other.stack == action.stack && other.runsContainers {
            let units = other.definition.scale ?? 1
            others[other.name] = (0..<max(units, 1)).map {
                PlanIdentity.containerName(stack: other.stack, service: other.name, launchConfig: other.name, unit: $0 + 1)
            }
        }
        var volumeNames: [String: String] = [:]
        for (name, volume) in volumes {
            volumeNames[name] = volume.external ? (volume.externalName ?? name) : "\(action.stack)_\(name)"
        }
        return InstanceSpec(id: action.instance, environment: environment, host: action.host, stack: action.stack,
                            service: action.service, sidekick: action.launchConfig == action.service ? nil : action.launchConfig,
                            unitIndex: action.unit, deploymentUnit: action.deploymentUnit, version: action.version,
                            config: action.kind == .create ? config : nil, unitMembers: members, serviceContainers: others,
                            volumeNames: volumeNames, stopTimeout: Int((config?.stopGracePeriod ?? 10).rounded(.up)),
                            healthCheck: action.launchConfig == action.service ? service?.definition.healthCheck : nil,
                            isLoadBalancer: isLoadBalancer)
    }

    /// Rancher's balancer images (`rancher/lb-service-haproxy`, v1's `rancher/load-balancer-service`) exist only for
    /// Rancher's agent: a balancer naming one runs `image` (the server's `--lb-image`), as root since it binds the
    /// rules' ports (the public haproxy image runs as an unprivileged user). Any other image is used as given.
    static func runnable(balancer config: LaunchConfig, image: String?) -> LaunchConfig {
        guard let image, let named = config.image,
              named.hasPrefix("rancher/lb-service-haproxy") || named.hasPrefix("rancher/load-balancer-service") else { return config }
        var config = config
        config.image = image
        config.user = config.user ?? "root"
        return config
    }
}

extension ActualInstance {
    /// The planner's view of an agent's report; nil for a container that is gone.
    package init?(_ report: InstanceReport, host: String) {
        let state: State
        switch report.state {
        case .running: state = .running
        case .stopped: state = .stopped
        case .exited: state = .exited(code: report.exitCode ?? 0)
        case .removed: return nil
        }
        self.init(id: report.instanceId, stack: report.stack, service: report.service, launchConfig: report.launchConfig,
                  unit: report.unitIndex, deploymentUnit: report.deploymentUnit, host: host, version: report.version,
                  state: state, startOnce: report.startOnce, health: report.health)
        failing = report.unhealthy
    }
}
