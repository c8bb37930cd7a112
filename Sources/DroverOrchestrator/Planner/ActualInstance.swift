import DroverModel

/// A container an agent reports, identified by its labels: which unit of which service it belongs to, where it
/// runs, which launch-config version it runs, and its state.
package struct ActualInstance: Equatable, Sendable {
    /// What the container is doing.
    package enum State: Equatable, Sendable {
        case running
        /// Stopped on purpose (by Drover, an upgrade or a user).
        case stopped
        /// Ended on its own with this exit code.
        case exited(code: Int)
        /// Docker could not create or start it: it never ran.
        case error
    }

    /// The `io.drover.instance` label.
    package var id: String
    package var stack: String
    package var service: String
    /// The launch-config name; the primary's is the service name.
    package var launchConfig: String
    /// The unit's number within the service, the `n` of `<stack>-<service>-<n>`.
    package var unit: Int
    package var deploymentUnit: String
    /// The host id the container runs on.
    package var host: String
    package var version: Int
    package var state: State
    /// `io.rancher.container.start_once: true`: the container runs once and is never restarted or replaced.
    package var startOnce: Bool
    /// Whether Drover made the container; the planner never touches containers it did not make.
    package var createdByDrover: Bool
    /// Its health, when its agent checks it.
    package var health: HealthState?
    /// Why its health checks fail, while it is unhealthy.
    package var failing: String?

    package init(id: String, stack: String, service: String, launchConfig: String, unit: Int, deploymentUnit: String,
                host: String, version: Int, state: State, startOnce: Bool = false, createdByDrover: Bool = true,
                health: HealthState? = nil) {
        self.health = health
        self.id = id
        self.stack = stack
        self.service = service
        self.launchConfig = launchConfig
        self.unit = unit
        self.deploymentUnit = deploymentUnit
        self.host = host
        self.version = version
        self.state = state
        self.startOnce = startOnce
        self.createdByDrover = createdByDrover
    }

    /// `stack/service`.
    package var serviceKey: String { "\(stack)/\(service)" }

    /// Deterministic planning order: stack, service, unit, launch config, id.
    static func planOrder(_ lhs: ActualInstance, _ rhs: ActualInstance) -> Bool {
        (lhs.stack, lhs.service, lhs.unit, lhs.launchConfig, lhs.id) < (rhs.stack, rhs.service, rhs.unit, rhs.launchConfig, rhs.id)
    }

    /// Which of several instances of one unit member to keep: running, then stopped, then dead; ties by id.
    static func keepOrder(_ lhs: ActualInstance, _ rhs: ActualInstance) -> Bool {
        (lhs.state.keepRank, lhs.id) < (rhs.state.keepRank, rhs.id)
    }
}

extension ActualInstance.State {
    /// Lower is better to keep.
    var keepRank: Int {
        switch self {
        case .running: return 0
        case .stopped: return 1
        case .exited: return 2
        case .error: return 3
        }
    }
}
