/// Places deployment units on hosts as Rancher's scheduler did, and says precisely why when it cannot.
///
/// Hard affinity rules must all hold (`_ne`: must not), soft rules are preferences dropped one at a time (last
/// first) when no host satisfies them all, published ports must not collide per host IP, memory and CPU
/// reservations must fit, and among the hosts that qualify the one with the fewest containers wins (ties: the
/// host added first). Pure: it only updates its own picture of the hosts as it places units.
///
/// For speed, container labels and names are interned to integers, and hosts are kept ordered by container count
/// per set of hard host-label rules, with per-label host counts, so a rule that cannot hold is known without a scan.
package struct Scheduler: Sendable {
    package private(set) var hosts: [SchedulingHost]
    /// Interned container marks: `l:k=v` (a label), `k:k` (a label key), `n:name` (a container name).
    private var marks: [String: Int] = [:]
    /// Per host: mark → number of its containers carrying it.
    private var hostMarks: [[Int: Int]]
    /// Hosts ordered by container count, per signature of hard host-label rules ("" = every host).
    private var orders: [String: HostOrder] = [:]
    /// Host label value → whether each host has it (host labels never change while scheduling).
    private var hostLabelMatches: [String: [Bool]] = [:]
    /// "signature|rule" → whether the rule can hold on some host of that order (static, so cached).
    private var hostRuleFeasible: [String: Bool] = [:]

    /// A rule compiled against the interned marks.
    private enum Check {
        case hostLabel([Bool], negated: Bool, key: String)
        case mark(Int?, negated: Bool)
    }

    package init(hosts: [SchedulingHost]) {
        self.hosts = hosts
        hostMarks = Array(repeating: [:], count: hosts.count)
        orders[""] = HostOrder(members: Array(repeating: true, count: hosts.count), counts: hosts.map(\.containerCount))
    }

    /// Chooses a host for `request` and records the unit there; returns the host's index in `hosts`.
    package mutating func place(_ request: PlacementRequest) throws(Unschedulable) -> Int {
        let hardHostRules = request.rules.filter { !$0.soft && $0.subject == .hostLabel }
        let signature = hardHostRules.map(\.description).sorted().joined(separator: "\n")
        prepareOrder(signature, hardHostRules)
        var hard: [Check] = []
        for rule in request.rules where !rule.soft && rule.subject != .hostLabel { hard.append(compile(rule)) }
        var soft: [Check] = []
        for rule in request.rules where rule.soft { soft.append(compile(rule)) }
        if orders[signature]!.size > 0 && allFeasible(hard, signature) {
            while true {
                if allFeasible(soft, signature), let index = firstFit(request, signature, checks: hard + soft) {
                    record(request, on: index)
                    return index
                }
                if soft.isEmpty { break }
                soft.removeLast()
            }
        }
        throw Unschedulable(reason: explain(request, hard: request.rules.filter { !$0.soft }))
    }

    /// The hosts a global service runs one unit on: those satisfying its hard `host_label` rules (Rancher applied
    /// only those to global services).
    package func globalHosts(_ request: PlacementRequest) -> [Int] {
        let rules = request.rules.filter { !$0.soft && $0.subject == .hostLabel }
        return hosts.indices.filter { index in rules.allSatisfy { satisfies($0, index) } }
    }

    /// Records `request` on host `index` without choosing (global services, re-adopted containers).
    package mutating func record(_ request: PlacementRequest, on index: Int) {
        let oldCount = hosts[index].containerCount
        hosts[index].containerCount += 1
        hosts[index].memoryReserved += request.memory
        hosts[index].cpuReserved += request.cpu
        for port in request.ports { hosts[index].usedPorts[port.key, default: []].insert(port.ip) }
        var newMarks: [Int] = []
        let names = request.labels.flatMap { ["l:\($0.key)=\($0.value)", "k:\($0.key)"] } + ["n:\(request.containerName)"]
        for name in Set(names) {
            let mark = intern(name)
            if hostMarks[index][mark] == nil { newMarks.append(mark) }
            hostMarks[index][mark, default: 0] += 1
        }
        for key in Array(orders.keys) { orders[key]!.hostGained(index, oldCount: oldCount, newMarks: newMarks) }
    }

    /// The emptiest host of the order that has room and passes every check. It reads the order in place: holding a
    /// copy while `record` changes it would copy all its buckets.
    private func firstFit(_ request: PlacementRequest, _ signature: String, checks: [Check]) -> Int? {
        for bucket in orders[signature]!.buckets {
            for index in bucket where hosts[index].hasRoom(for: request) && checks.allSatisfy({ holds($0, index) }) {
                return index
            }
        }
        return nil
    }

    private func holds(_ check: Check, _ index: Int) -> Bool {
        switch check {
        case let .hostLabel(matches, negated, _): return matches[index] != negated
        case let .mark(mark, negated): return (mark.map { hostMarks[index][$0] != nil } ?? false) != negated
        }
    }

    private mutating func allFeasible(_ checks: [Check], _ signature: String) -> Bool {
        for check in checks where !feasible(check, signature) { return false }
        return true
    }

    /// Whether some host of `order` can satisfy `check` at all (cheap: counts, or a cached static answer).
    private mutating func feasible(_ check: Check, _ signature: String) -> Bool {
        switch check {
        case let .mark(mark, negated):
            let count = mark.map { orders[signature]!.hostsWith[$0] ?? 0 } ?? 0
            return negated ? count < orders[signature]!.size : count > 0
        case let .hostLabel(matches, negated, key):
            let cacheKey = "\(signature)|\(negated)|\(key)"
            if let known = hostRuleFeasible[cacheKey] { return known }
            let members = orders[signature]!.members
            let result = members.indices.contains { members[$0] && matches[$0] != negated }
            hostRuleFeasible[cacheKey] = result
            return result
        }
    }

    private mutating func compile(_ rule: AffinityRule) -> Check {
        switch rule.subject {
        case .hostLabel: return .hostLabel(hostLabelMatches(rule.value), negated: rule.negated, key: rule.value)
        case .containerLabel: return .mark(marks[Self.markName(labelRule: rule.value)], negated: rule.negated)
        case .container: return .mark(marks["n:\(rule.value)"], negated: rule.negated)
        }
    }

    private mutating func hostLabelMatches(_ value: String) -> [Bool] {
        if let known = hostLabelMatches[value] { return known }
        let matches = hosts.map { $0.hasLabel(value) }
        hostLabelMatches[value] = matches
        return matches
    }

    /// Builds, on first use, the order for a set of hard host-label rules from the current counts.
    private mutating func prepareOrder(_ signature: String, _ rules: [AffinityRule]) {
        if orders[signature] != nil { return }
        let members = hosts.indices.map { index in rules.allSatisfy { satisfies($0, index) } }
        var order = HostOrder(members: members, counts: hosts.map(\.containerCount))
        for index in hosts.indices where members[index] {
            order.countMarks(hostMarks[index].keys)
        }
        orders[signature] = order
    }

    /// The mark a container-label rule looks for: `k=v` a label, a bare `k` any value of that key.
    private static func markName(labelRule value: String) -> String {
        value.firstIndex(of: "=") == nil ? "k:\(value)" : "l:\(value)"
    }

    private mutating func intern(_ name: String) -> Int {
        if let mark = marks[name] { return mark }
        let mark = marks.count
        marks[name] = mark
        return mark
    }

    /// Does host `index` satisfy `rule` (negation applied)? String-based; for explanations and rare paths.
    private func satisfies(_ rule: AffinityRule, _ index: Int) -> Bool {
        let matched: Bool
        switch rule.subject {
        case .hostLabel: matched = hosts[index].hasLabel(rule.value)
        case .containerLabel:
            matched = marks[Self.markName(labelRule: rule.value)].map { hostMarks[index][$0] != nil } ?? false
        case .container: matched = marks["n:\(rule.value)"].map { hostMarks[index][$0] != nil } ?? false
        }
        return matched != rule.negated
    }

    /// Why no host fits: the first hard rule no host satisfies, else the resource that runs out, else the combination.
    private func explain(_ request: PlacementRequest, hard: [AffinityRule]) -> String {
        let total = hosts.count
        guard total > 0 else { return "no hosts are available in the environment" }
        for rule in hard {
            let satisfying = hosts.indices.filter { satisfies(rule, $0) }.count
            if satisfying == 0 { return "no host satisfies \(rule): \(describeMatch(rule, of: total))" }
        }
        let candidates = hosts.indices.filter { index in hard.allSatisfy { satisfies($0, index) } }.map { hosts[$0] }
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
    private func describeMatch(_ rule: AffinityRule, of total: Int) -> String {
        let what: String
        switch rule.subject {
        case .hostLabel: what = "have label \(rule.value)"
        case .containerLabel: what = "run a container with label \(rule.value)"
        case .container: what = "run a container named \(rule.value)"
        }
        return rule.negated ? "all \(total) hosts \(what)" : "0 of \(total) hosts \(what)"
    }
}
