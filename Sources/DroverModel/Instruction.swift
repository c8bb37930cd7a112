/// What the orchestrator asks a host's agent to do to one instance. Idempotent: carrying out the same instruction
/// twice (a retry, a duplicate delivery) has the effect of doing it once, keyed by instance id and version.
package struct Instruction: Codable, Equatable, Sendable {
    /// The container operation; `probe` runs the service's health check against the container and `logs` reads its
    /// last lines — both change nothing; `removeVolumes` removes the stack's named volumes of `volumeNames` from the
    /// host (`drover rm -v`, once the stack's containers are gone); `configure` gives a load balancer's container the
    /// files of `loadBalancer` and applies them.
    package enum Kind: String, Codable, Sendable {
        case create, start, stop, remove, probe, logs, removeVolumes, configure
    }

    package var kind: Kind
    package var instance: InstanceSpec
    /// With `configure`: the balancer's configuration.
    package var loadBalancer: LoadBalancerFiles?

    package init(kind: Kind, instance: InstanceSpec, loadBalancer: LoadBalancerFiles? = nil) {
        self.kind = kind
        self.instance = instance
        self.loadBalancer = loadBalancer
    }

    /// `create/<instance>/v<version>` (`configure/…/<digest>`): the same key means the same instruction.
    package var key: String {
        "\(kind.rawValue)/\(instance.id)/v\(instance.version)" + (loadBalancer.map { "/\($0.digest)" } ?? "")
    }
}

/// One instance as an agent needs it: who it is, which launch config and version it runs, and the names of the
/// containers, volumes and network it refers to (resolved by the orchestrator).
package struct InstanceSpec: Codable, Equatable, Sendable {
    package var id: String
    package var environment: String
    package var host: String
    package var stack: String
    package var service: String
    /// The sidekick's launch-config name; nil for the primary.
    package var sidekick: String?
    package var unitIndex: Int
    package var deploymentUnit: String
    package var version: Int
    /// The launch config to run (needed for `create`).
    package var config: LaunchConfig?
    /// Launch-config name → container name, for the unit's members.
    package var unitMembers: [String: String]
    /// Service name → container names, for links and `volumes_from` of other services.
    package var serviceContainers: [String: [String]]
    /// Stack volume name → Docker volume name.
    package var volumeNames: [String: String]
    package var projectDirectory: String?
    /// Seconds a `stop` waits before killing.
    package var stopTimeout: Int
    /// The service's health check (for `probe`).
    package var healthCheck: HealthCheck?
    /// How many of the last lines `logs` reads.
    package var tail: Int?
    /// With `logs`: only lines from this time on (Docker's `since`, `<seconds>.<nanoseconds>`).
    package var since: String?
    /// The instance is a load balancer's container: the agent gives it a configuration directory of its own.
    package var isLoadBalancer: Bool

    package init(id: String, environment: String, host: String, stack: String, service: String, sidekick: String? = nil,
                unitIndex: Int, deploymentUnit: String, version: Int, config: LaunchConfig? = nil,
                unitMembers: [String: String] = [:], serviceContainers: [String: [String]] = [:],
                volumeNames: [String: String] = [:], projectDirectory: String? = nil, stopTimeout: Int = 10, healthCheck: HealthCheck? = nil,
                tail: Int? = nil, isLoadBalancer: Bool = false) {
        self.id = id
        self.environment = environment
        self.host = host
        self.stack = stack
        self.service = service
        self.sidekick = sidekick
        self.unitIndex = unitIndex
        self.deploymentUnit = deploymentUnit
        self.version = version
        self.config = config
        self.unitMembers = unitMembers
        self.serviceContainers = serviceContainers
        self.volumeNames = volumeNames
        self.projectDirectory = projectDirectory
        self.stopTimeout = stopTimeout
        self.healthCheck = healthCheck
        self.tail = tail
        self.isLoadBalancer = isLoadBalancer
    }
}

/// What an agent reports about one of its containers, read back from the container's labels and state.
package struct InstanceReport: Codable, Equatable, Sendable {
    /// The container's state as the agent saw it.
    package enum State: String, Codable, Sendable, CaseIterable {
        case running, stopped, exited, removed
    }

    package var instanceId: String
    package var dockerId: String?
    package var name: String
    package var version: Int
    package var state: State
    package var exitCode: Int?
    package var stack: String
    package var service: String
    /// The launch-config name: the service name for a primary, the sidekick's name otherwise.
    package var launchConfig: String
    package var unitIndex: Int
    package var deploymentUnit: String
    /// `io.rancher.container.start_once: true`.
    package var startOnce: Bool
    /// After a `probe`: nil when healthy, else why not.
    package var unhealthy: String?
    /// After `logs`: the container's last lines (stdout and stderr, in order).
    package var output: [String]?
    /// The container's address on its environment's network (the one load balancers reach it on), while it has one.
    package var address: String?
    /// Its health, while the agent checks it (a running container whose service has a `health_check`).
    package var health: HealthState?

    package init(instanceId: String, dockerId: String?, name: String, version: Int, state: State, exitCode: Int? = nil,
                stack: String, service: String, launchConfig: String, unitIndex: Int, deploymentUnit: String, startOnce: Bool = false) {
        self.instanceId = instanceId
        self.dockerId = dockerId
        self.name = name
        self.version = version
        self.state = state
        self.exitCode = exitCode
        self.stack = stack
        self.service = service
        self.launchConfig = launchConfig
        self.unitIndex = unitIndex
        self.deploymentUnit = deploymentUnit
        self.startOnce = startOnce
    }
}
