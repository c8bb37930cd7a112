/// Who a container is: environment, host, stack, service, launch config and deployment unit. Drover names and
/// labels every container from it, with Rancher's label names, so agents re-adopt containers by their labels.
public struct ContainerIdentity: Equatable, Sendable {
    public static let stackLabel = "io.rancher.stack.name"
    public static let stackServiceLabel = "io.rancher.stack_service.name"
    public static let launchConfigLabel = "io.rancher.service.launch.config"
    public static let deploymentUnitLabel = "io.rancher.service.deployment.unit"
    public static let containerNameLabel = "io.rancher.container.name"
    public static let instanceLabel = "io.drover.instance"
    public static let environmentLabel = "io.drover.environment"
    public static let hostLabel = "io.drover.host"
    /// Rancher's value of the launch-config label on primary containers.
    public static let primaryLaunchConfig = "io.rancher.service.primary.launch.config"

    public var environment: String
    public var host: String
    public var stack: String
    public var service: String
    /// The sidekick's launch-config name; nil for the primary.
    public var sidekick: String?
    /// The unit's number within the service (1-based), as in `<stack>-<service>-<n>`.
    public var index: Int
    /// Id shared by every container of one deployment unit.
    public var deploymentUnit: String
    /// The instance id the orchestrator gave this container.
    public var instance: String

    public init(environment: String, host: String, stack: String, service: String, sidekick: String? = nil, index: Int,
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
    public var containerName: String {
        [stack, service, sidekick].compactMap { $0 }.joined(separator: "-") + "-\(index)"
    }

    /// The identity labels of the container.
    public var labels: [String: String] {
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

    /// The network-wide aliases: `service` and `service.stack`, or `sidekick.service` and `sidekick.service.stack`.
    public var networkAliases: [String] {
        if let sidekick { return ["\(sidekick).\(service)", "\(sidekick).\(service).\(stack)"] }
        return [service, "\(service).\(stack)"]
    }

    /// The per-environment Docker network every container of the environment joins.
    public static func networkName(environment: String) -> String {
        "drover-\(environment)"
    }
}
