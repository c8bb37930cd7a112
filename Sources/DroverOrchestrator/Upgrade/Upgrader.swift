import DroverBasics
import DroverModel
import Foundation

/// Why an upgrade step could not complete.
package struct UpgradeError: Error, Equatable, Sendable, CustomStringConvertible {
    package var message: String

    package var description: String { message }
}

/// How an upgrade call ended.
package enum UpgradeOutcome: Equatable, Sendable {
    /// Every unit runs the new version (Rancher: `upgraded`).
    case upgraded
    /// Stopped between batches on request (Rancher: `canceled-upgrade`); `continue` resumes, `rollback` undoes.
    case canceled(remainingUnits: [Int])
}

/// Carries out Rancher's in-service upgrade, finish and rollback through the hosts' agents (reference section 6):
/// new containers next to the old ones in batches, old ones stopped but kept until `finish` removes them or
/// `rollback` restarts them and removes the new ones. Runs in the server, never in a client.
package final class Upgrader: Sendable {
    package let reconciler: Reconciler
    /// Seconds to wait for a batch's new containers to run.
    package let waitTimeout: Double
    /// The other services of the stack, so new containers resolve their links and `volumes_from`.
    package let stackServices: [DesiredService]
    /// The stack's volumes, so new containers mount the same named volumes as the old ones.
    package let volumes: [String: VolumeDefinition]
    /// The stops a start-first upgrade left running in the background (one group per stack, shared by its
    /// upgraders): every other operation waits for them first, so a rollback never starts a container that is still
    /// being stopped.
    package let background: DispatchGroup
    /// Runs background work (the server's tracked jobs, so tests and shutdown can wait for it).
    let spawn: @Sendable (@escaping @Sendable () -> Void) -> Void

    package init(reconciler: Reconciler, waitTimeout: Double = 60, stackServices: [DesiredService] = [],
                volumes: [String: VolumeDefinition] = [:], background: DispatchGroup = DispatchGroup(),
                spawn: @escaping @Sendable (@escaping @Sendable () -> Void) -> Void = { Thread.detachNewThread($0) }) {
        self.reconciler = reconciler
        self.background = background
        self.spawn = spawn
        self.waitTimeout = waitTimeout
        self.stackServices = stackServices
        self.volumes = volumes
    }

    /// Upgrades `service` from `old` to `new` versions with `strategy`; `progress` hears each step
    /// (`batch 1 of 2: units 1, 2 running`). Units whose new version already runs are skipped, so calling it again
    /// after a cancel is Rancher's `continueupgrade`. `cancellation` stops it between batches.
    @discardableResult
    package func upgrade(from old: DesiredService, to new: DesiredService, strategy: UpgradeStrategy,
                        cancellation: Cancellation = Cancellation(),
                        progress: (String) -> Void = { _ in }) throws -> UpgradeOutcome {
        var checked = new.definition
        checked.upgradeStrategy = strategy
        if let refusal = UpgradePlan.validate(checked) { throw UpgradeError(message: refusal) }
        let changed = new.members.map(\.name).filter { old.version(of: $0) != new.version(of: $0) }
        let all = try instances(of: new)
        let done = Set(all.filter { $0.state == .running && changed.contains($0.launchConfig) && $0.version == new.version(of: $0.launchConfig) }
            .map(\.unit))
        let current = all.filter { changed.contains($0.launchConfig) && $0.version == old.version(of: $0.launchConfig) }
        // Units already on the new version whose old container still runs: a server stopped while their stop ran in
        // the background (or a continued upgrade) — they are stopped now.
        try send(current.filter { done.contains($0.unit) && $0.state == .running }.map { instruction(.stop, $0, new) })
        let units = Dictionary(current.filter { !done.contains($0.unit) }.map { ($0.unit, $0) }, uniquingKeysWith: { first, _ in first })
        let steps = UpgradePlan.steps(units: Array(units.keys), changed: changed, strategy: strategy)
        let batches = max(1, steps.filter { if case .waitHealthy = $0 { return true } else { return false } }.count)
        var batch = 0
        var finished: Set<Int> = []
        for step in steps {
            if cancellation.isCancelled, !finished.isEmpty, case let .startNew(unitNumbers, _) = step, !finished.contains(unitNumbers[0]) {
                return canceled(units.keys.filter { !finished.contains($0) }.sorted(), after: batch, of: batches, progress)
            }
            if cancellation.isCancelled, !finished.isEmpty, !strategy.startFirst, case let .stopOld(unitNumbers, _) = step,
               !finished.contains(unitNumbers[0]) {
                return canceled(units.keys.filter { !finished.contains($0) }.sorted(), after: batch, of: batches, progress)
            }
            let line: String
            switch step {
            case let .startNew(unitNumbers, configs):
                line = "start new \(configs.joined(separator: ", ")) v\(configs.map { new.version(of: $0) }.max() ?? 0) in units \(list(unitNumbers))"
                try send(unitNumbers.flatMap { unit in configs.map { create(new, config: $0, unit: unit, from: units[unit]!) } })
            case let .stopOld(unitNumbers, configs):
                let stops = current.filter { unitNumbers.contains($0.unit) }.map { instruction(.stop, $0, new) }
                if strategy.startFirst {
                    // The new containers serve already: the old ones take their grace period in the background
                    // while the next batch starts (a process that ignores SIGTERM costs its 10 s once, not per batch).
                    line = "stopping old \(configs.joined(separator: ", ")) in units \(list(unitNumbers))"
                    background.enter()
                    spawn { [self] in
                        defer { background.leave() }
                        _ = try? send(stops)
                    }
                } else {
                    line = "stop old \(configs.joined(separator: ", ")) in units \(list(unitNumbers))"
                    try send(stops)
                }
            case let .waitHealthy(unitNumbers):
                batch += 1
                try waitRunning(new, units: unitNumbers, configs: changed)
                let checked = try waitHealthy(new, units: unitNumbers)
                line = "batch \(batch) of \(batches): units \(list(unitNumbers)) running" + (checked ? " and healthy" : "")
            case let .pause(milliseconds):
                line = "pause \(milliseconds) ms"
                let end = Date().addingTimeInterval(Double(milliseconds) / 1000)
                while Date() < end && !cancellation.isCancelled { Thread.sleep(forTimeInterval: min(0.05, max(0, end.timeIntervalSinceNow))) }
            }
            progress(line)
            let batchDone: [Int]
            switch step {
            case let .stopOld(unitNumbers, _) where strategy.startFirst: batchDone = unitNumbers
            case let .waitHealthy(unitNumbers) where !strategy.startFirst: batchDone = unitNumbers
            default: batchDone = []
            }
            finished.formUnion(batchDone)
            let remaining = units.keys.filter { !finished.contains($0) }.sorted()
            if !batchDone.isEmpty && !remaining.isEmpty && cancellation.isCancelled {
                return canceled(remaining, after: batch, of: batches, progress)
            }
        }
        return .upgraded
    }

    /// Ends an upgrade between batches on request.
    private func canceled(_ remaining: [Int], after batch: Int, of batches: Int, _ progress: (String) -> Void) -> UpgradeOutcome {
        progress("canceled after batch \(batch) of \(batches)")
        return .canceled(remainingUnits: remaining)
    }

    /// Removes the stopped old-version containers of `new`'s service (those of a disconnected host are left to the
    /// reconcile passes once it is back).
    package func finish(_ new: DesiredService) throws {
        background.wait()
        try send(try instances(of: new).filter { $0.version != new.version(of: $0.launchConfig) && reconciler.takesInstructions($0.host) }
            .map { instruction(.remove, $0, new) })
    }

    /// Rancher's rolling restart: the service's containers are stopped and started again `batchSize` units at a
    /// time, with `intervalMillis` between batches, each batch waited for before the next.
    package func restart(_ service: DesiredService, batchSize: Int, intervalMillis: Int, progress: (String) -> Void = { _ in }) throws {
        background.wait()
        let current = try instances(of: service).filter { $0.version == service.version(of: $0.launchConfig) }
        let units = Set(current.map(\.unit)).sorted()
        let size = max(1, batchSize)
        let batches = stride(from: 0, to: units.count, by: size).map { Array(units[$0..<min($0 + size, units.count)]) }
        for (index, batch) in batches.enumerated() {
            let members = current.filter { batch.contains($0.unit) }.sorted { (service.rank(of: $0.launchConfig) ?? 0) < (service.rank(of: $1.launchConfig) ?? 0) }
            try send(members.reversed().map { instruction(.stop, $0, service) })
            try send(members.map { instruction(.start, $0, service) })
            try waitRunning(service, units: batch, configs: service.members.map(\.name))
            let checked = try waitHealthy(service, units: batch)
            progress("restart batch \(index + 1) of \(batches.count): units \(list(batch)) running" + (checked ? " and healthy" : ""))
            if index < batches.count - 1 && intervalMillis > 0 { Thread.sleep(forTimeInterval: Double(intervalMillis) / 1000) }
        }
    }

    /// Stops every container of the service (Rancher's deactivate); they are kept, and started again on activate.
    package func stopAll(_ service: DesiredService) throws {
        background.wait()
        try send(try instances(of: service).filter { $0.state == .running }.map { instruction(.stop, $0, service) })
    }

    /// Starts the service's stopped containers of the versions it runs (Rancher's activate).
    package func startAll(_ service: DesiredService) throws {
        background.wait()
        try send(try instances(of: service).filter { $0.state != .running && $0.version == service.version(of: $0.launchConfig) }
            .sorted { (service.rank(of: $0.launchConfig) ?? 0) < (service.rank(of: $1.launchConfig) ?? 0) }
            .map { instruction(.start, $0, service) })
    }

    /// Restarts the old-version containers, then removes the new ones: the service runs `old` again, and serves
    /// throughout (a load balancer has the old containers before it lets go of the new). Every old container gets a
    /// `start` (a no-op for a running one); removing a new container gives the old one its plain name back.
    /// Containers of a disconnected host are left to the reconcile passes once it is back.
    package func rollback(to old: DesiredService) throws {
        background.wait()
        let all = try instances(of: old).filter { reconciler.takesInstructions($0.host) }
        try send(all.filter { $0.version == old.version(of: $0.launchConfig) }.map { instruction(.start, $0, old) })
        try send(all.filter { $0.version != old.version(of: $0.launchConfig) }.map { instruction(.remove, $0, old) })
    }

    private func instances(of service: DesiredService) throws -> [ActualInstance] {
        try reconciler.actual().filter { $0.stack == service.stack && $0.service == service.name }
    }

    private func create(_ service: DesiredService, config: String, unit: Int, from old: ActualInstance) -> (String, Instruction) {
        let version = service.version(of: config)
        let action = PlanAction(kind: .create, instance: PlanIdentity.instance(stack: service.stack, service: service.name, launchConfig: config,
                                                                               unit: unit, version: version),
                                stack: service.stack, service: service.name, launchConfig: config, unit: unit,
                                deploymentUnit: old.deploymentUnit, version: version, host: old.host, reason: "upgrade")
        return (old.host, Instruction(kind: .create, instance: InstructionBuilder.spec(action, service, context(service), environment: reconciler.environment, volumes: volumes,
                                                              loadBalancerImage: reconciler.loadBalancerImage)))
    }

    private func instruction(_ kind: Instruction.Kind, _ instance: ActualInstance, _ service: DesiredService) -> (String, Instruction) {
        let action = PlanAction(kind: kind == .stop ? .stop : kind == .start ? .start : .remove, instance: instance.id, stack: instance.stack,
                                service: instance.service, launchConfig: instance.launchConfig, unit: instance.unit,
                                deploymentUnit: instance.deploymentUnit, version: instance.version, host: instance.host, reason: "upgrade")
        return (instance.host, Instruction(kind: kind, instance: InstructionBuilder.spec(action, service, context(service), environment: reconciler.environment, volumes: volumes,
                                                              loadBalancerImage: reconciler.loadBalancerImage)))
    }

    /// Sends instructions host by host; any failure stops the upgrade where it is (finish or rollback decide next).
    private func send(_ instructions: [(String, Instruction)]) throws {
        _ = try execute(instructions)
    }

    /// Carries instructions out host by host and returns the agents' reports; the first failure ends it.
    private func execute(_ instructions: [(String, Instruction)]) throws -> [InstanceReport] {
        var reports: [InstanceReport] = []
        let byHost = Dictionary(grouping: instructions, by: \.0)
        for host in byHost.keys.sorted() {
            guard let agent = reconciler.agents[host] else { throw UpgradeError(message: "host \(host) has no agent") }
            guard reconciler.takesInstructions(host) else {
                throw UpgradeError(message: "host \(host) is disconnected: the step stopped there instead of waiting for it")
            }
            for result in agent.execute(byHost[host]!.map(\.1)) {
                switch result {
                case let .success(report): reports.append(report)
                case let .failure(failure): throw UpgradeError(message: failure.message)
                }
            }
        }
        return reports
    }

    private func waitRunning(_ service: DesiredService, units: [Int], configs: [String]) throws {
        let deadline = Date().addingTimeInterval(waitTimeout)
        while true {
            let running = try instances(of: service).filter { $0.state == .running && $0.version == service.version(of: $0.launchConfig) }
            let ready = units.allSatisfy { unit in configs.allSatisfy { config in running.contains { $0.unit == unit && $0.launchConfig == config } } }
            if ready { return }
            if Date() > deadline {
                throw UpgradeError(message: "units \(list(units)) of \(service.key) did not run the new version within \(Int(waitTimeout)) s; the upgrade stopped there (rollback or continue)")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    /// Health-gated batches: when the service has a `health_check`, waits until the primary container of each unit
    /// passed it `healthy_threshold` times in a row (probed every `interval`, at most every second). A unit fails the
    /// step, with its last reason, as the health check says: `unhealthy_threshold` failures in a row once its
    /// `initializing_timeout` (default: `interval` × `unhealthy_threshold`) has passed — not after a fixed wait.
    /// Returns whether a check ran.
    private func waitHealthy(_ service: DesiredService, units: [Int]) throws -> Bool {
        guard let check = service.definition.healthCheck else { return false }
        let started = Date()
        let deadline = started.addingTimeInterval(waitTimeout)
        let initializing = Double(check.initializingTimeout ?? check.interval * max(1, check.unhealthyThreshold)) / 1000
        var streak: [Int: Int] = [:]
        var failures: [Int: Int] = [:]
        var reason = "not checked yet"
        while true {
            let primaries = try instances(of: service).filter {
                units.contains($0.unit) && $0.launchConfig == service.name && $0.version == service.version(of: service.name)
            }
            for report in try execute(primaries.map { instruction(.probe, $0, service) }) {
                if let unhealthy = report.unhealthy {
                    streak[report.unitIndex] = 0
                    failures[report.unitIndex, default: 0] += 1
                    reason = "\(report.name): \(unhealthy)"
                } else {
                    streak[report.unitIndex, default: 0] += 1
                    failures[report.unitIndex] = 0
                }
            }
            if units.allSatisfy({ streak[$0, default: 0] >= max(1, check.healthyThreshold) }) { return true }
            if let failed = units.first(where: { failures[$0, default: 0] >= max(1, check.unhealthyThreshold) }),
               Date().timeIntervalSince(started) >= initializing {
                throw UpgradeError(message: "unit \(failed) of \(service.key) failed its health check \(failures[failed]!) times in a row "
                                   + "(last: \(reason)); the upgrade stopped there (rollback or continue)")
            }
            if Date() > deadline {
                throw UpgradeError(message: "units \(list(units)) of \(service.key) did not pass their health check within \(Int(waitTimeout)) s "
                                   + "(last: \(reason)); the upgrade stopped there (rollback or continue)")
            }
            Thread.sleep(forTimeInterval: Double(min(max(check.interval, 100), 1000)) / 1000)
        }
    }

    /// `service` with the stack's other services, for resolving names.
    private func context(_ service: DesiredService) -> [DesiredService] {
        [service] + stackServices.filter { $0.key != service.key }
    }

    private func list(_ units: [Int]) -> String {
        units.sorted().map(String.init).joined(separator: ", ")
    }
}
