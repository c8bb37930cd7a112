import Foundation
import DroverDocker
import DroverModel
import DroverOrchestrator

/// The in-process agent (`drover server --local-agent`, tests): carries out a host's instructions with an
/// `Executor`. Phases run in order (stops and removes, then starts, then creates); within a phase different
/// deployment units run in parallel, the members of one unit in the given order.
public final class LocalAgent: HostAgent {
    public let executor: Executor
    public let parallelism: Int

    public init(executor: Executor, parallelism: Int = 8) {
        self.executor = executor
        self.parallelism = parallelism
    }

    public var hostId: String { executor.host }

    public func execute(_ instructions: [Instruction]) -> [Result<InstanceReport, InstructionFailure>] {
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
        return results.all
    }

    public func report() throws -> [InstanceReport] {
        try executor.adopt()
    }

    private static func phase(_ kind: Instruction.Kind) -> Int {
        switch kind {
        case .stop, .remove: return 0
        case .start: return 1
        case .create: return 2
        case .probe, .logs: return 3
        }
    }
}

/// Results written by several threads into their own slots.
private final class ResultSlots: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<InstanceReport, InstructionFailure>?]

    init(count: Int) {
        slots = Array(repeating: nil, count: count)
    }

    func set(_ index: Int, _ result: Result<InstanceReport, InstructionFailure>) {
        lock.lock()
        slots[index] = result
        lock.unlock()
    }

    var all: [Result<InstanceReport, InstructionFailure>] {
        lock.lock()
        defer { lock.unlock() }
        return slots.map { $0 ?? .failure(InstructionFailure(key: "", message: "not carried out")) }
    }
}
