import Foundation
import DroverDocker
import DroverBasics
import DroverModel

/// The in-process agent (`drover server --local-agent`, tests): carries out a host's instructions with an
/// `Executor`. Phases run in order (stops and removes, then starts, then creates); within a phase different
/// deployment units run in parallel, the members of one unit in the given order.
package final class LocalAgent: HostAgent {
    package let executor: Executor
    package let parallelism: Int
    /// The host's health checks; their results go into every report once `startMonitoring` runs them.
    package let health: HealthMonitor
    /// The engine's events about the host's containers.
    private let events: ContainerWatcher

    package init(executor: Executor, parallelism: Int = 8) {
        self.executor = executor
        self.parallelism = parallelism
        health = HealthMonitor(client: executor.client, host: executor.host)
        events = ContainerWatcher(client: executor.client, host: executor.host)
    }

    /// Follows the engine's events and runs the health checks until `stopMonitoring`, calling `changed` when a
    /// container stops running or its health changes: what the server acts on at once.
    package func startMonitoring(_ changed: @escaping @Sendable () -> Void) {
        events.start(changed)
        health.start(changed)
    }

    /// Ends what `startMonitoring` started.
    package func stopMonitoring() {
        events.stop()
        health.stop()
    }

    package var hostId: String { executor.host }

    package func execute(_ instructions: [Instruction]) -> [Result<InstanceReport, InstructionFailure>] {
        let results = ResultSlots(count: instructions.count)
        var start = 0
        while start < instructions.count {
            let phase = Self.phase(instructions[start].kind)
            var end = start
            while end < instructions.count && Self.phase(instructions[end].kind) == phase { end += 1 }
            var units: [String: [Int]] = [:]
            var order: [String] = []
            for index in start..<end {
                let unit = instructions[index].instance.deploymentUnit
                if units[unit] == nil { order.append(unit) }
                units[unit, default: []].append(index)
            }
            let groups = order.map { units[$0]! }
            ParallelWork.run(count: groups.count, parallelism: parallelism) { [executor] group in
                for index in groups[group] {
                    do {
                        results.set(index, .success(try executor.execute(instructions[index])))
                    } catch {
                        results.set(index, .failure(InstructionFailure(key: instructions[index].key, message: "\(error)")))
                    }
                }
            }
            start = end
        }
        let removed = instructions.filter { $0.kind == .remove }.map(\.instance)
        if !removed.isEmpty {
            do {
                try executor.removeUnusedNetworks(of: removed)
            } catch {
                // Docker refused to remove a network: the removals report its message, and the next pass repeats them
                // (removing a container that is gone succeeds), trying the network again.
                for index in instructions.indices where instructions[index].kind == .remove {
                    results.set(index, .failure(InstructionFailure(key: instructions[index].key, message: "\(error)")))
                }
            }
        }
        return results.all
    }

    package func report() throws -> [InstanceReport] {
        try executor.adopt().map { report in
            var report = report
            if let id = report.dockerId, let (state, failing) = health.health(of: id) {
                report.health = state
                report.unhealthy = state == .unhealthy ? failing : nil
            }
            return report
        }
    }

    private static func phase(_ kind: Instruction.Kind) -> Int {
        switch kind {
        case .stop, .remove: return 0
        case .start: return 1
        case .create: return 2
        case .probe, .logs, .removeVolumes, .configure: return 3
        }
    }
}

/// Results written by several threads into their own slots.
private final class ResultSlots: Sendable {
    private let slots: Locked<[Result<InstanceReport, InstructionFailure>?]>

    init(count: Int) {
        slots = Locked(Array(repeating: nil, count: count))
    }

    func set(_ index: Int, _ result: Result<InstanceReport, InstructionFailure>) {
        slots.withLock { $0[index] = result }
    }

    var all: [Result<InstanceReport, InstructionFailure>] {
        slots.current.map { $0 ?? .failure(InstructionFailure(key: "", message: "not carried out")) }
    }
}
