/// One deployment unit to place: the labels of all its launch configs, and what it needs from a host.
package struct PlacementRequest: Sendable {
    package var stack: String
    package var service: String
    /// Name of the unit's primary container (recorded on the chosen host for `container` affinity).
    package var containerName: String
    /// Labels of the unit's containers (identity labels included, so later units see them).
    package var labels: [String: String]
    package var rules: [AffinityRule]
    package var ports: [HostPort]
    package var memory: Int64
    package var cpu: Int

    package init(stack: String, service: String, containerName: String, labels: [String: String], ports: [HostPort] = [],
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
package struct Unschedulable: Error, Equatable, Sendable, CustomStringConvertible {
    package var reason: String

    package var description: String { reason }
}
