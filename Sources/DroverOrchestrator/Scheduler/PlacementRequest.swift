/// One deployment unit to place: the labels of all its launch configs, and what it needs from a host.
public struct PlacementRequest: Sendable {
    public var stack: String
    public var service: String
    /// Name of the unit's primary container (recorded on the chosen host for `container` affinity).
    public var containerName: String
    /// Labels of the unit's containers (identity labels included, so later units see them).
    public var labels: [String: String]
    public var rules: [AffinityRule]
    public var ports: [HostPort]
    public var memory: Int64
    public var cpu: Int

    public init(stack: String, service: String, containerName: String, labels: [String: String], ports: [HostPort] = [],
                memory: Int64 = 0, cpu: Int = 0) {
        self.stack = stack
        self.service = service
        self.containerName = containerName
        self.labels = labels
        self.rules = AffinityRule.rules(from: labels, stack: stack, service: service)
        self.ports = ports
        self.memory = memory
        self.cpu = cpu
    }
}

/// Why a unit could not be placed, worded for the service's status and the event log.
public struct Unschedulable: Error, Equatable, Sendable, CustomStringConvertible {
    public var reason: String

    public var description: String { reason }
}
