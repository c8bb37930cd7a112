/// A host as the scheduler sees it: labels, capacity, and what already runs there.
public struct SchedulingHost: Sendable {
    public var id: String
    public var name: String
    public var labels: [String: String]
    /// Memory that containers may reserve, in bytes; nil for no limit.
    public var memoryCapacity: Int64?
    /// CPU that containers may reserve, in millicores; nil for no limit.
    public var cpuCapacity: Int?
    public var memoryReserved: Int64 = 0
    public var cpuReserved: Int = 0
    /// Containers on the host (placed or planned).
    public private(set) var containerCount = 0
    /// `k=v` → number of containers on the host carrying that label.
    public private(set) var containerLabels: [String: Int] = [:]
    /// Names of the containers on the host.
    public private(set) var containerNames: Set<String> = []
    /// Published ports: `proto/port` → host IPs bound (`0.0.0.0` for all).
    public private(set) var usedPorts: [String: Set<String>] = [:]

    public init(id: String, name: String, labels: [String: String] = [:], memoryCapacity: Int64? = nil, cpuCapacity: Int? = nil) {
        self.id = id
        self.name = name
        self.labels = labels
        self.memoryCapacity = memoryCapacity
        self.cpuCapacity = cpuCapacity
    }

    /// Records a container on the host: its name, labels, published ports and reservations.
    public mutating func add(name: String, labels: [String: String], ports: [HostPort] = [], memory: Int64 = 0, cpu: Int = 0) {
        containerCount += 1
        containerNames.insert(name)
        for (key, value) in labels { containerLabels["\(key)=\(value)", default: 0] += 1 }
        for port in ports { usedPorts[port.key, default: []].insert(port.ip) }
        memoryReserved += memory
        cpuReserved += cpu
    }

    /// True when a published `port` would collide with one already bound on this host.
    public func conflicts(_ port: HostPort) -> Bool {
        guard let bound = usedPorts[port.key] else { return false }
        return port.ip == HostPort.anyAddress || bound.contains(HostPort.anyAddress) || bound.contains(port.ip)
    }

    /// Does `rule` hold on this host (before negation)?
    func matches(_ rule: AffinityRule) -> Bool {
        switch rule.subject {
        case .hostLabel:
            guard let equals = rule.value.firstIndex(of: "=") else { return labels[rule.value] != nil }
            return labels[String(rule.value[..<equals])] == String(rule.value[rule.value.index(after: equals)...])
        case .containerLabel:
            if !rule.value.contains("=") { return containerLabels.keys.contains { $0.hasPrefix(rule.value + "=") } }
            return containerLabels[rule.value, default: 0] > 0
        case .container:
            return containerNames.contains(rule.value)
        }
    }

    /// Does the host satisfy `rule` (negation applied)?
    func satisfies(_ rule: AffinityRule) -> Bool {
        matches(rule) != rule.negated
    }
}

/// A host port a container publishes.
public struct HostPort: Hashable, Sendable {
    public static let anyAddress = "0.0.0.0"

    public var ip: String
    public var port: Int
    public var `protocol`: String

    public init(ip: String = HostPort.anyAddress, port: Int, protocol: String = "tcp") {
        self.ip = ip
        self.port = port
        self.protocol = `protocol`
    }

    var key: String { "\(`protocol`)/\(port)" }
}
