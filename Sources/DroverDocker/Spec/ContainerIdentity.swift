/// Who a container is: environment, host, stack, service, launch config and deployment unit. Drover names and
/// labels every container from it, with Rancher's label names, so agents re-adopt containers by their labels.
package struct ContainerIdentity: Equatable, Sendable {
    package static let stackLabel = "io.rancher.stack.name"
    package static let stackServiceLabel = "io.rancher.stack_service.name"
    package static let launchConfigLabel = "io.rancher.service.launch.config"
    package static let deploymentUnitLabel = "io.rancher.service.deployment.unit"
    package static let containerNameLabel = "io.rancher.container.name"
    package static let instanceLabel = "io.drover.instance"
    package static let environmentLabel = "io.drover.environment"
    package static let hostLabel = "io.drover.host"
    /// Rancher's value of the launch-config label on primary containers.
    package static let primaryLaunchConfig = "io.rancher.service.primary.launch.config"

    package var environment: String
    package var host: String
    package var stack: String
    package var service: String
    /// The sidekick's launch-config name; nil for the primary.
    package var sidekick: String?
    /// The unit's number within the service (1-based), as in `<stack>-<service>-<n>`.
    package var index: Int
    /// Id shared by every container of one deployment unit.
    package var deploymentUnit: String
    /// The instance id the orchestrator gave this container.
    package var instance: String

    package init(environment: String, host: String, stack: String, service: String, sidekick: String? = nil, index: Int,
                deploymentUnit: String, instance: String) {
        self.environment = environment
        self.host = host
        self.stack = stack
        self.service = service
        self.sidekick = sidekick
        self.index = index
        self.deploymentUnit = deploymentUnit
        self.instance = instance
    }

    /// `<stack>-<service>-<n>`, or `<stack>-<service>-<sidekick>-<n>`.
    package var containerName: String {
        [stack, service, sidekick].compactMap { $0 }.joined(separator: "-") + "-\(index)"
    }

    /// The identity labels of the container.
    package var labels: [String: String] {
        [
            Self.stackLabel: stack,
            Self.stackServiceLabel: "\(stack)/\(service)",
            Self.launchConfigLabel: sidekick ?? Self.primaryLaunchConfig,
            Self.deploymentUnitLabel: deploymentUnit,
            Self.containerNameLabel: containerName,
            Self.instanceLabel: instance,
            Self.environmentLabel: environment,
            Self.hostLabel: host,
        ]
    }

    /// The aliases on the environment network, where every stack's containers meet: qualified by the stack
    /// (`service.stack`, or `sidekick.service.stack`), as Rancher's DNS answered across stacks.
    package var networkAliases: [String] {
        [stackAliases[0] + ".\(stack)"]
    }

    /// The aliases on the stack's own network: the bare `service` (or `sidekick.service`), which therefore answers
    /// only within the stack, as Rancher's did.
    package var stackAliases: [String] {
        [sidekick.map { "\($0).\(service)" } ?? service]
    }

    /// The per-environment Docker network every container of the environment joins.
    package static func networkName(environment: String) -> String {
        "drover-\(environment)"
    }

    /// The per-stack Docker network the stack's containers join beside the environment network.
    package static func stackNetworkName(environment: String, stack: String) -> String {
        "drover-\(environment)-\(stack)"
    }
}
