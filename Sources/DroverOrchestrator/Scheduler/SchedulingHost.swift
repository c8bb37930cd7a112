/// A host as the scheduler sees it: labels, capacity, reservations, published ports and container count.
/// What runs on it (container labels and names) is indexed by the `Scheduler`, which owns the hosts.
package struct SchedulingHost: Sendable {
    package var id: String
    package var name: String
    package var labels: [String: String]
    /// Memory that containers may reserve, in bytes; nil for no limit.
    package var memoryCapacity: Int64?
    /// CPU that containers may reserve, in millicores; nil for no limit.
    package var cpuCapacity: Int?
    package internal(set) var memoryReserved: Int64 = 0
    package internal(set) var cpuReserved: Int = 0
    /// Containers on the host (placed or planned).
    package internal(set) var containerCount = 0
    /// Published ports: `proto/port` → host IPs bound (`0.0.0.0` for all).
    package internal(set) var usedPorts: [String: Set<String>] = [:]

    package init(id: String, name: String, labels: [String: String] = [:], memoryCapacity: Int64? = nil, cpuCapacity: Int? = nil) {
        self.id = id
        self.name = name
        self.labels = labels
        self.memoryCapacity = memoryCapacity
        self.cpuCapacity = cpuCapacity
    }

    /// True when a published `port` would collide with one already bound on this host.
    package func conflicts(_ port: HostPort) -> Bool {
        guard let bound = usedPorts[port.key] else { return false }
        return port.ip == HostPort.anyAddress || bound.contains(HostPort.anyAddress) || bound.contains(port.ip)
    }

    /// True when the host has label `k=v` (or any value of key `k` when `value` has no `=`).
    func hasLabel(_ value: String) -> Bool {
        guard let equals = value.firstIndex(of: "=") else { return labels[value] != nil }
        return labels[String(value[..<equals])] == String(value[value.index(after: equals)...])
    }

    /// True when `request`'s ports, memory and CPU fit next to what the host already has.
    func hasRoom(for request: PlacementRequest) -> Bool {
        if let capacity = memoryCapacity, request.memory > 0, memoryReserved + request.memory > capacity { return false }
        if let capacity = cpuCapacity, request.cpu > 0, cpuReserved + request.cpu > capacity { return false }
        return !request.ports.contains(where: conflicts)
    }
}

/// A host port a container publishes.
package struct HostPort: Hashable, Sendable {
    package static let anyAddress = "0.0.0.0"

    package var ip: String
    package var port: Int
    package var `protocol`: String

    package init(ip: String = HostPort.anyAddress, port: Int, protocol: String = "tcp") {
        self.ip = ip
        self.port = port
        self.protocol = `protocol`
    }

    var key: String { "\(`protocol`)/\(port)" }
}
