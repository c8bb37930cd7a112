import DroverModel
import DroverOrchestrator
import Foundation

/// The server's stand-in for a remote agent: instructions wait in a queue the agent long-polls; `execute` returns
/// when the agent has reported every result (or a deadline passes). `report` answers with what the agent last
/// reported, so a disconnected host's containers are kept, not replaced. Thread-safe.
final class RemoteHostAgent: HostAgent, @unchecked Sendable {
    // Safe: every `var` below is read and written only while `condition` is locked (it also wakes the long polls).
    let hostId: String
    private let condition = NSCondition()
    private var queue: [Instruction] = []
    /// Instructions a poll took and no result answered yet, by key.
    private var delivered: [String: Instruction] = [:]
    /// The agent process's current session; polls of other sessions get nothing.
    private var session: String?
    private var results: [String: Result<InstanceReport, InstructionFailure>] = [:]
    private var reports: [String: InstanceReport] = [:]
    private var closed = false
    /// Seconds an instruction may wait for its result, plus `perInstruction` for each one in the batch.
    private let baseDeadline: Double
    private let perInstruction: Double

    init(hostId: String, reports: [InstanceReport], baseDeadline: Double = 60, perInstruction: Double = 2) {
        self.hostId = hostId
        self.baseDeadline = baseDeadline
        self.perInstruction = perInstruction
        self.reports = Dictionary(reports.map { ($0.instanceId, $0) }, uniquingKeysWith: { _, last in last })
    }

    func execute(_ instructions: [Instruction]) -> [Result<InstanceReport, InstructionFailure>] {
        let deadline = Date().addingTimeInterval(baseDeadline + perInstruction * Double(instructions.count))
        condition.lock()
        defer { condition.unlock() }
        let queued = Set(queue.map(\.key))
        queue += instructions.filter { !queued.contains($0.key) }
        condition.broadcast()
        while !closed && !instructions.allSatisfy({ results[$0.key] != nil }) {
            if !condition.wait(until: deadline) { break }
        }
        let answer = instructions.map { instruction in
            results[instruction.key] ?? .failure(InstructionFailure(
                key: instruction.key, message: closed ? "the agent of host \(hostId) went away before reporting \(instruction.key); it will be retried"
                    : "the agent of host \(hostId) did not report \(instruction.key) in time; it will be retried"))
        }
        for instruction in instructions {
            results[instruction.key] = nil
            delivered[instruction.key] = nil
        }
        queue.removeAll { instruction in instructions.contains { $0.key == instruction.key } }
        return answer
    }

    func report() throws -> [InstanceReport] {
        condition.lock()
        defer { condition.unlock() }
        return reports.values.sorted { $0.instanceId < $1.instanceId }
    }

    /// The agent's long poll: the queued instructions, waiting up to `wait` seconds for some to arrive. A poll of a
    /// session that is no longer current (the agent process was replaced) gets nothing.
    func take(wait: Double, session: String?) -> [Instruction] {
        let deadline = Date().addingTimeInterval(wait)
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty && !closed && session == self.session {
            if !condition.wait(until: deadline) { break }
        }
        guard session == self.session else { return [] }
        let taken = queue
        queue.removeAll()
        for instruction in taken { delivered[instruction.key] = instruction }
        return taken
    }

    /// A heartbeat's session: when it is new, instructions taken by the previous session and never answered are
    /// queued again (they are idempotent), and that session's waiting polls end.
    func begin(session: String?) {
        condition.lock()
        if session != self.session {
            self.session = session
            let queued = Set(queue.map(\.key))
            queue = delivered.values.filter { !queued.contains($0.key) }.sorted { $0.key < $1.key } + queue
            delivered.removeAll()
            condition.broadcast()
        }
        condition.unlock()
    }

    /// The agent's results; each report also updates what the host is known to run.
    func complete(_ outcomes: [(key: String, result: Result<InstanceReport, InstructionFailure>)]) {
        condition.lock()
        for (key, result) in outcomes {
            results[key] = result
            delivered[key] = nil
            if case let .success(report) = result {
                reports[report.instanceId] = report.state == .removed ? nil : report
            }
        }
        condition.broadcast()
        condition.unlock()
    }

    /// The agent's full list of its containers (heartbeats); true when a container that was running is not any more,
    /// or its health changed.
    @discardableResult
    func replaceReports(_ list: [InstanceReport]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        let next = Dictionary(list.map { ($0.instanceId, $0) }, uniquingKeysWith: { _, last in last })
        let stopped = reports.contains { id, report in
            report.state == .running && (next[id]?.state != .running || next[id]?.health != report.health)
        }
        reports = next
        return stopped
    }

    /// Instructions waiting for the agent to pick them up.
    var pendingCount: Int {
        condition.lock()
        defer { condition.unlock() }
        return queue.count
    }

    /// Ends this stand-in (its agent registered again): waiting callers get failures at once.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }
}
