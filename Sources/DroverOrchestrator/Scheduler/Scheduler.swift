/// Places deployment units on hosts as Rancher's scheduler did, and says precisely why when it cannot.
///
/// Hard affinity rules must all hold (`_ne`: must not), soft rules are preferences dropped one at a time (last
/// first) when no host satisfies them all, published ports must not collide per host IP, memory and CPU
/// reservations must fit, and among the hosts that qualify the one with the fewest containers wins (ties: the
/// host added first). Pure: it only updates its own picture of the hosts as it places units.
public struct Scheduler: Sendable {
    public private(set) var hosts: [SchedulingHost]
    /// Container count → indices of the hosts with that many containers, ascending.
    private var buckets: [[Int]] = []

    public init(hosts: [SchedulingHost]) {
        self.hosts = hosts
        for index in hosts.indices { insert(index, count: hosts[index].containerCount) }
    }

    /// Chooses a host for `request` and records the unit there; returns the host's index in `hosts`.
    public mutating func place(_ request: PlacementRequest) throws(Unschedulable) -> Int {
        let hard = request.rules.filter { !$0.soft }
        var soft = request.rules.filter(\.soft)
        while true {
            if let index = firstFit(request, hard: hard, soft: soft) {
                record(request, on: index)
                return index
            }
            if soft.isEmpty { break }
            soft.removeLast()
        }
        throw Unschedulable(reason: explain(request, hard: hard))
    }

    /// The hosts a global service runs one unit on: those satisfying its hard `host_label` rules (Rancher applied
    /// only those to global services).
    public func globalHosts(_ request: PlacementRequest) -> [Int] {
        let rules = request.rules.filter { !$0.soft && $0.subject == .hostLabel }
        return hosts.indices.filter { index in rules.allSatisfy(hosts[index].satisfies) }
    }

    /// Records `request` on host `index` without choosing (global services, re-adopted containers).
    public mutating func record(_ request: PlacementRequest, on index: Int) {
        remove(index, count: hosts[index].containerCount)
        hosts[index].add(name: request.containerName, labels: request.labels, ports: request.ports, memory: request.memory, cpu: request.cpu)
        insert(index, count: hosts[index].containerCount)
    }

    private func firstFit(_ request: PlacementRequest, hard: [AffinityRule], soft: [AffinityRule]) -> Int? {
        for bucket in buckets {
            for index in bucket where fits(request, on: hosts[index], hard: hard, soft: soft) {
                return index
            }
        }
        return nil
    }

    private func fits(_ request: PlacementRequest, on host: SchedulingHost, hard: [AffinityRule], soft: [AffinityRule]) -> Bool {
        hard.allSatisfy(host.satisfies) && hasRoom(request, on: host) && soft.allSatisfy(host.satisfies)
    }

    private func hasRoom(_ request: PlacementRequest, on host: SchedulingHost) -> Bool {
        if let capacity = host.memoryCapacity, request.memory > 0, host.memoryReserved + request.memory > capacity { return false }
        if let capacity = host.cpuCapacity, request.cpu > 0, host.cpuReserved + request.cpu > capacity { return false }
        return !request.ports.contains(where: host.conflicts)
    }

    /// Why no host fits: the first hard rule no host satisfies, else the resource that runs out, else the combination.
    private func explain(_ request: PlacementRequest, hard: [AffinityRule]) -> String {
        let total = hosts.count
        guard total > 0 else { return "no hosts are available in the environment" }
        for rule in hard {
            let satisfying = hosts.filter { $0.satisfies(rule) }.count
            if satisfying == 0 { return "no host satisfies \(rule): \(describeMatch(rule, matching: total - satisfying, of: total))" }
        }
        let candidates = hosts.filter { host in hard.allSatisfy(host.satisfies) }
        guard !candidates.isEmpty else {
            return "no host satisfies all of \(hard.map(\.description).joined(separator: ", ")) together (each holds on some of the \(total) hosts)"
        }
        for port in request.ports where candidates.allSatisfy({ $0.conflicts(port) }) {
            return "host port \(port.port)/\(port.protocol) is already in use on all \(candidates.count) eligible hosts"
        }
        if request.memory > 0, candidates.allSatisfy({ host in host.memoryCapacity.map { host.memoryReserved + request.memory > $0 } ?? false }) {
            let free = candidates.map { ($0.memoryCapacity ?? 0) - $0.memoryReserved }.max() ?? 0
            return "not enough memory: the unit reserves \(request.memory) bytes, the most free on an eligible host is \(free)"
        }
        if request.cpu > 0, candidates.allSatisfy({ host in host.cpuCapacity.map { host.cpuReserved + request.cpu > $0 } ?? false }) {
            let free = candidates.map { ($0.cpuCapacity ?? 0) - $0.cpuReserved }.max() ?? 0
            return "not enough CPU: the unit reserves \(request.cpu) millicores, the most free on an eligible host is \(free)"
        }
        return "no eligible host has room for the unit's ports, memory and CPU together (\(candidates.count) of \(total) hosts satisfy its rules)"
    }

    /// `0 of 3 hosts have label db=true`, `all 3 hosts run a container with label …`.
    private func describeMatch(_ rule: AffinityRule, matching: Int, of total: Int) -> String {
        let what: String
        switch rule.subject {
        case .hostLabel: what = "have label \(rule.value)"
        case .containerLabel: what = "run a container with label \(rule.value)"
        case .container: what = "run a container named \(rule.value)"
        }
        return rule.negated ? "all \(total) hosts \(what)" : "0 of \(total) hosts \(what)"
    }

    private mutating func insert(_ index: Int, count: Int) {
        while buckets.count <= count { buckets.append([]) }
        let position = lowerBound(buckets[count], index)
        buckets[count].insert(index, at: position)
    }

    private mutating func remove(_ index: Int, count: Int) {
        let position = lowerBound(buckets[count], index)
        if position < buckets[count].count, buckets[count][position] == index { buckets[count].remove(at: position) }
    }

    private func lowerBound(_ items: [Int], _ value: Int) -> Int {
        var low = 0, high = items.count
        while low < high {
            let middle = (low + high) / 2
            if items[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
