import DroverModel

/// Desired services vs the instances agents report → a plan of actions per host. Pure and deterministic: the
/// same inputs give the same plan, and planning again after the plan was carried out gives an empty one.
///
/// Rules, for each service that runs containers (kind service or loadBalancer):
/// - A scaled service has units 1…scale; a global one has one unit per host that satisfies its hard `host_label`
///   rules. A unit is one instance of every launch config (sidekicks and primary), all on one host.
/// - Existing units the service keeps are recorded in the scheduler first, so new units are placed next to them.
/// - A missing unit is placed by the scheduler and all its members are created on the chosen host; a unit that
///   cannot be placed gets nothing, and its service gets the scheduler's reason in `Plan.unschedulable`.
/// - An existing unit is brought to shape member by member (see `reconcile(unit:of:members:into:)`): missing
///   members are created on the unit's host, stopped and dead ones started again in place, ones in error (never
///   ran) removed and replaced on their host, unhealthy ones replaced as the health check's strategy says.
/// - start_once (Rancher's "run once"): once such a container has run, it is never restarted or replaced, whether
///   it exited with 0 or not; only one in error (it never ran) is replaced.
/// - Units above the scale are stopped and removed, highest unit first; global units on a known host that is no
///   longer eligible, or on a host that already runs another unit, are removed.
/// - Containers Drover made for a service or launch config nobody wants are stopped and removed ("not claimed").
///   Containers Drover did not make are never touched.
/// - Instances running another version than the service wants are left alone: upgrades and rollbacks own them.
///   They still count as their unit's member (nothing is created in their place) and their unit is recorded for
///   placement, with the wanted launch configs' labels and ports standing in for theirs.
/// - Units on hosts the scheduler does not know are kept as they are but not recorded. Units of scaled services on
///   `lost` hosts are placed again elsewhere (new ids); once such a host is back, each unit keeps one copy.
///
/// Pass a scheduler that knows the hosts but none of `actual`: the planner records what it keeps and places.
package enum Planner {
    /// `lost`: hosts whose agent went silent (disconnected): the units of scaled services there are placed again on
    /// other hosts, with new instance ids; when such a host comes back, the duplicates are retired (see
    /// `reconcile(unit:…)`: the original, which kept running there, stays).
    package static func plan(desired: [DesiredService], actual: [ActualInstance], scheduler: inout Scheduler,
                             lost: Set<String> = []) -> Plan {
        var builder = PlanBuilder()
        var services: [DesiredService] = []
        var byKey: [String: DesiredService] = [:]
        for service in desired.filter(\.runsContainers).sorted(by: placementOrder) where byKey[service.key] == nil {
            services.append(service)
            byKey[service.key] = service
        }
        var owned: [String: [ActualInstance]] = [:]
        for instance in actual.sorted(by: ActualInstance.planOrder) where instance.createdByDrover {
            if let service = byKey[instance.serviceKey], service.rank(of: instance.launchConfig) != nil {
                owned[instance.serviceKey, default: []].append(instance)
            } else {
                builder.retire(instance, reason: "not claimed by any service")
            }
        }
        let hostIndex = Dictionary(scheduler.hosts.enumerated().map { ($1.id, $0) }) { first, _ in first }
        var existing: [String: (indices: Set<Int>, hosts: Set<String>)] = [:]
        var stranded: [String: [Int: [ActualInstance]]] = [:]
        for service in services {
            var units = Dictionary(grouping: owned[service.key] ?? [], by: \.unit)
            if !service.definition.global && !lost.isEmpty {
                for (unit, members) in units {
                    let live = members.filter { !lost.contains($0.host) }
                    if live.isEmpty { stranded[service.key, default: [:]][unit] = members }
                    units[unit] = live.isEmpty ? nil : live
                }
            }
            let kept = service.definition.global
                ? keepGlobal(service, units, eligible: Set(eligibleHosts(service, scheduler).map { scheduler.hosts[$0].id }),
                             known: Set(hostIndex.keys), into: &builder)
                : keepScaled(service, units, into: &builder)
            for unit in kept {
                let home = anchor(of: units[unit]!, service)
                if let index = hostIndex[home.host] {
                    scheduler.record(UnitPlacement.request(service, unit: unit, deploymentUnit: home.deploymentUnit), on: index)
                }
                reconcile(unit: unit, of: service, members: units[unit]!, replacingUnhealthy: replacesUnhealthy(service, owned[service.key] ?? []),
                          into: &builder)
            }
            existing[service.key] = (Set(units.keys), Set(kept.map { anchor(of: units[$0]!, service).host }))
        }
        for service in services {
            let (indices, hosts) = existing[service.key]!
            if service.definition.global {
                placeGlobal(service, taken: indices, covered: hosts, scheduler: &scheduler, into: &builder)
            } else {
                placeScaled(service, taken: indices, stranded: stranded[service.key] ?? [:], scheduler: &scheduler, into: &builder)
            }
        }
        return builder.plan()
    }

    /// Whether the service's health-check strategy replaces its unhealthy containers now: `recreate` always,
    /// `recreateOnQuorum` while at least `quorum` of its containers are healthy, `none` never.
    static func replacesUnhealthy(_ service: DesiredService, _ instances: [ActualInstance]) -> Bool {
        guard let check = service.definition.healthCheck else { return false }
        switch check.strategy {
        case .none: return false
        case .recreate: return true
        case .recreateOnQuorum:
            let healthy = instances.filter { $0.launchConfig == service.name && $0.state == .running && $0.health == .healthy }.count
            return healthy >= (check.quorum ?? 1)
        }
    }

    /// Global services first (their units go on fixed hosts), then by `stack/service`.
    private static func placementOrder(_ lhs: DesiredService, _ rhs: DesiredService) -> Bool {
        (lhs.definition.global ? 0 : 1, lhs.key) < (rhs.definition.global ? 0 : 1, rhs.key)
    }

    /// Retires a scaled service's units above its scale, highest first; returns the units it keeps, ascending.
    private static func keepScaled(_ service: DesiredService, _ units: [Int: [ActualInstance]],
                                   into builder: inout PlanBuilder) -> [Int] {
        let scale = service.definition.scale ?? 1
        for unit in units.keys.sorted(by: >) where unit > scale {
            retire(units[unit]!, of: service, reason: "scaled down: unit \(unit) > scale \(scale)", into: &builder)
        }
        return units.keys.filter { $0 <= scale }.sorted()
    }

    /// Retires a global service's units on known hosts that are not eligible, and extra units on one host (the
    /// lowest unit stays); returns the units it keeps, ascending.
    private static func keepGlobal(_ service: DesiredService, _ units: [Int: [ActualInstance]], eligible: Set<String>,
                                   known: Set<String>, into builder: inout PlanBuilder) -> [Int] {
        var covered: Set<String> = []
        var kept: [Int] = []
        for unit in units.keys.sorted() {
            let host = anchor(of: units[unit]!, service).host
            if known.contains(host) && !eligible.contains(host) {
                retire(units[unit]!, of: service, reason: "host \(host) is not eligible for the global service", into: &builder)
            } else if !covered.insert(host).inserted {
                retire(units[unit]!, of: service, reason: "host \(host) already runs a unit of the global service", into: &builder)
            } else {
                kept.append(unit)
            }
        }
        return kept
    }

    /// Places the missing units 1…scale with the scheduler; units it cannot place are reported, not created. A unit
    /// `stranded` on a lost host is placed like a missing one, its members with new ids (replacements of the old).
    private static func placeScaled(_ service: DesiredService, taken: Set<Int>, stranded: [Int: [ActualInstance]],
                                    scheduler: inout Scheduler, into builder: inout PlanBuilder) {
        let scale = service.definition.scale ?? 1
        var failed: [Int] = []
        var reason = ""
        for unit in stride(from: 1, through: scale, by: 1) where !taken.contains(unit) {
            let deploymentUnit = PlanIdentity.deploymentUnit(stack: service.stack, service: service.name, unit: unit)
            do {
                let index = try scheduler.place(UnitPlacement.request(service, unit: unit, deploymentUnit: deploymentUnit))
                if let old = stranded[unit] {
                    builder.createUnit(service, unit: unit, host: scheduler.hosts[index].id, replacing: old,
                                       reason: "host \(old[0].host) is lost: unit \(unit) placed again")
                } else {
                    builder.createUnit(service, unit: unit, host: scheduler.hosts[index].id, reason: "scale \(scale) → unit \(unit) missing")
                }
            } catch {
                if failed.isEmpty { reason = error.reason }
                failed.append(unit)
            }
        }
        if !failed.isEmpty {
            let units = failed.map(String.init).joined(separator: ", ")
            builder.unschedulable[service.key] = "cannot place unit\(failed.count == 1 ? "" : "s") \(units) of \(scale): \(reason)"
        }
    }

    /// Creates a unit on every eligible host that has none, numbered with the lowest unit numbers not in use.
    /// With no eligible host at all, reports why (the scheduler's explanation of the failing host rules).
    private static func placeGlobal(_ service: DesiredService, taken: Set<Int>, covered: Set<String>,
                                    scheduler: inout Scheduler, into builder: inout PlanBuilder) {
        let eligible = eligibleHosts(service, scheduler)
        if eligible.isEmpty {
            var trial = scheduler
            do {
                _ = try trial.place(UnitPlacement.request(service, unit: 1, deploymentUnit: ""))
            } catch {
                builder.unschedulable[service.key] = "no host can run the global service: \(error.reason)"
            }
        }
        var unit = 1
        for index in eligible where !covered.contains(scheduler.hosts[index].id) {
            while taken.contains(unit) { unit += 1 }
            let deploymentUnit = PlanIdentity.deploymentUnit(stack: service.stack, service: service.name, unit: unit)
            scheduler.record(UnitPlacement.request(service, unit: unit, deploymentUnit: deploymentUnit), on: index)
            builder.createUnit(service, unit: unit, host: scheduler.hosts[index].id,
                               reason: "global: host \(scheduler.hosts[index].name) has no unit")
            unit += 1
        }
    }

    /// Indices of the hosts a global service runs on (its hard `host_label` rules hold there).
    private static func eligibleHosts(_ service: DesiredService, _ scheduler: Scheduler) -> [Int] {
        scheduler.globalHosts(UnitPlacement.request(service, unit: 1, deploymentUnit: ""))
    }

    /// Stops and removes a unit's members that run the wanted version, primary first (reverse creation order).
    private static func retire(_ members: [ActualInstance], of service: DesiredService, reason: String,
                               into builder: inout PlanBuilder) {
        let current = members.filter { $0.version == service.version(of: $0.launchConfig) }
        let order = current.sorted {
            (-(service.rank(of: $0.launchConfig) ?? 0), $0.id) < (-(service.rank(of: $1.launchConfig) ?? 0), $1.id)
        }
        for instance in order { builder.retire(instance, reason: reason) }
    }

    /// The instance that stands for a unit's host and deployment unit id: its primary, else its first member.
    static func anchor(of members: [ActualInstance], _ service: DesiredService) -> ActualInstance {
        members.first { $0.launchConfig == service.name } ?? members[0]
    }
}
