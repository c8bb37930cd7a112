/// One thing an agent must do to one instance, with why.
package struct PlanAction: Equatable, Sendable, CustomStringConvertible {
    /// The four instance operations.
    package enum Kind: String, Sendable {
        /// Create the container from the launch config at `version` and start it.
        case create
        case start
        case stop
        case remove
    }

    package var kind: Kind
    /// The instance id (`io.drover.instance`); agents key idempotence on it and `version`.
    package var instance: String
    package var stack: String
    package var service: String
    /// The launch-config name; the primary's is the service name.
    package var launchConfig: String
    package var unit: Int
    package var deploymentUnit: String
    package var version: Int
    /// The host id whose agent carries the action out.
    package var host: String
    /// Why, in words for the event log: `scale 3 → unit 3 missing`, `died with exit code 137`.
    package var reason: String
    /// For a `start` that brings back a container that died: its exit code (restarts back off when it keeps dying).
    package var exitCode: Int?

    package init(kind: Kind, instance: String, stack: String, service: String, launchConfig: String, unit: Int,
                deploymentUnit: String, version: Int, host: String, reason: String) {
        self.kind = kind
        self.instance = instance
        self.stack = stack
        self.service = service
        self.launchConfig = launchConfig
        self.unit = unit
        self.deploymentUnit = deploymentUnit
        self.version = version
        self.host = host
        self.reason = reason
    }

    /// The action `kind` on an instance that already exists.
    init(_ kind: Kind, _ instance: ActualInstance, reason: String) {
        self.init(kind: kind, instance: instance.id, stack: instance.stack, service: instance.service,
                  launchConfig: instance.launchConfig, unit: instance.unit, deploymentUnit: instance.deploymentUnit,
                  version: instance.version, host: instance.host, reason: reason)
    }

    /// True for the unit's primary container.
    package var isPrimary: Bool { launchConfig == service }

    /// Rancher's container name: `<stack>-<service>-<n>`, or `<stack>-<service>-<sidekick>-<n>`.
    package var containerName: String {
        PlanIdentity.containerName(stack: stack, service: service, launchConfig: launchConfig, unit: unit)
    }

    /// The order actions run in on one host: stops and removes free names and ports, then starts, then creates.
    var phase: Int {
        switch kind {
        case .stop, .remove: return 0
        case .start: return 1
        case .create: return 2
        }
    }

    /// `create s-web-1 v2 on h1 (scale 3 → unit 1 missing)`.
    package var description: String {
        "\(kind.rawValue) \(containerName) v\(version) on \(host) (\(reason))"
    }
}
