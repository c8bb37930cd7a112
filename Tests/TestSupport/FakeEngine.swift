import DroverBasics
import DroverModel
import DroverOrchestrator
import Foundation

/// The Docker engines of a few hosts, in memory: containers keyed by instance and version, changed by the
/// instructions `FakeHostAgent`s carry out exactly as the real executor would (idempotent creates, starts of missing
/// containers create them, stops and removes of missing ones succeed). Every instruction is logged as one line
/// (`h1: create app-web-1 v2`), so controller tests assert the exact sequence. Thread-safe.
package final class FakeEngine: Sendable {
    /// What the engine holds and what it was asked.
    private struct State {
        /// Host → "instance id#version" → the container as reported.
        var containers: [String: [String: InstanceReport]] = [:]
        var log: [String] = []
        /// Container name → why its creation fails.
        var failingCreates: [String: String] = [:]
        /// Container name → why its health check fails.
        var unhealthy: [String: String] = [:]
        /// Container name → how many times it was probed.
        var probes: [String: Int] = [:]
        /// Load-balancer container name → the configuration it was last given.
        var configurations: [String: LoadBalancerFiles] = [:]
        /// Container name → the instance of the last `create` for it.
        var specs: [String: InstanceSpec] = [:]
        /// Containers created so far: the last byte of the next one's address.
        var created = 0
        /// After this many more instructions the engine freezes: later ones wait until `release`.
        var freezeAfter: Int?
        var frozen = 0
    }

    private let state = Locked(State())
    private let thaw = DispatchSemaphore(value: 0)

    package init() {}

    /// The agent of `host` on this engine.
    package func agent(_ host: String) -> FakeHostAgent {
        FakeHostAgent(hostId: host, engine: self)
    }

    /// The configuration the load-balancer container `name` was last given.
    package func configuration(of name: String) -> LoadBalancerFiles? {
        state.withLock { $0.configurations[name] }
    }

    /// Container name → the instance its last `create` carried (launch config, load-balancer flag).
    package var createdSpecs: [String: InstanceSpec] {
        state.withLock { $0.specs }
    }

    /// Every instruction carried out so far, one line each, in order.
    package var log: [String] { state.withLock { $0.log } }

    /// Forgets the log (what a test asserts next starts here).
    package func clearLog() {
        state.withLock { $0.log.removeAll() }
    }

    /// Containers of every host as `host: name vN state`, sorted.
    package var containers: [String] {
        state.withLock { state in
            state.containers.flatMap { host, containers in
                containers.values.map { "\(host): \($0.name) v\($0.version) \($0.state.rawValue)" }
            }.sorted()
        }
    }

    /// Makes creating the container `name` fail with `message` (nil: succeed again).
    package func failCreates(of name: String, _ message: String?) {
        state.withLock { $0.failingCreates[name] = message }
    }

    /// Makes the health check of container `name` fail with `reason` (nil: pass again).
    package func setUnhealthy(_ name: String, _ reason: String?) {
        state.withLock { $0.unhealthy[name] = reason }
    }

    /// How many times the health check of container `name` ran.
    package func probes(of name: String) -> Int {
        state.withLock { $0.probes[name] ?? 0 }
    }

    /// A container exits behind Drover's back (as `docker kill` would).
    package func kill(_ name: String) {
        state.withLock { state in
            for (host, containers) in state.containers {
                for (key, report) in containers where report.name == name && report.state == .running {
                    var dead = report
                    dead.state = .exited
                    dead.exitCode = 137
                    state.containers[host]![key] = dead
                }
            }
        }
    }

    // MARK: - Crashes

    /// After `count` more instructions, the engine stops answering: later instructions wait (as if the server that
    /// sent them had died mid-way) until `release`.
    package func freeze(after count: Int) {
        state.withLock { $0.freezeAfter = count }
    }

    /// Waits until an instruction is held by `freeze`, then returns a new engine holding a copy of every container:
    /// the state a restarted server finds. Nil when nothing froze within `timeout` seconds.
    package func copyWhenFrozen(timeout: Double = 5) -> FakeEngine? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if state.withLock({ $0.frozen > 0 }) { return copy() }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return nil
    }

    /// A new engine holding a copy of every container (and an empty log).
    package func copy() -> FakeEngine {
        let containers = state.withLock { $0.containers }
        let copy = FakeEngine()
        copy.state.withLock { $0.containers = containers }
        return copy
    }

    /// Lets held instructions go on (they fail: the engine they were meant for is gone).
    package func release() {
        let held = state.withLock { state in
            defer { state.frozen = 0; state.freezeAfter = nil }
            return state.frozen
        }
        for _ in 0..<held { thaw.signal() }
    }

    // MARK: - Carrying out instructions

    /// Carries out one instruction on `host`, as `Executor.execute` does.
    func execute(_ instruction: Instruction, on host: String) -> Result<InstanceReport, InstructionFailure> {
        let instance = instruction.instance
        let name = PlanIdentity.containerName(stack: instance.stack, service: instance.service,
                                              launchConfig: instance.sidekick ?? instance.service, unit: instance.unitIndex)
        let frozen = state.withLock { state -> Bool in
            guard let remaining = state.freezeAfter else { return false }
            if remaining > 0 {
                state.freezeAfter = remaining - 1
                return false
            }
            state.frozen += 1
            return true
        }
        if frozen {
            thaw.wait()
            return .failure(InstructionFailure(key: instruction.key, message: "the engine went away"))
        }
        return state.withLock { state in
            if [.create, .start, .stop, .remove, .configure].contains(instruction.kind) {
                state.log.append("\(host): \(instruction.kind.rawValue) \(name) v\(instance.version)")
            }
            if instruction.kind == .removeVolumes {
                state.log.append("\(host): remove volumes \(instance.volumeNames.values.sorted().joined(separator: ", "))")
            }
            let key = "\(instance.id)#\(instance.version)"
            var report = InstanceReport(instanceId: instance.id, dockerId: "docker-\(key)", name: name, version: instance.version, state: .running,
                                        stack: instance.stack, service: instance.service, launchConfig: instance.sidekick ?? instance.service,
                                        unitIndex: instance.unitIndex, deploymentUnit: instance.deploymentUnit,
                                        startOnce: instance.config?.labels["io.rancher.container.start_once"]?.lowercased() == "true")
            let existing = state.containers[host]?[key]
            switch instruction.kind {
            case .create, .start:
                if existing == nil, let message = state.failingCreates[name] {
                    return .failure(InstructionFailure(key: instruction.key, message: message))
                }
                if instruction.kind == .create { state.specs[name] = instance }
                if existing == nil {
                    state.created += 1
                    report.address = "10.42.\(state.created / 250).\(state.created % 250 + 1)"
                }
                report = existing.map { var started = $0; started.state = .running; started.exitCode = nil; return started } ?? report
                state.containers[host, default: [:]][key] = report
            case .stop:
                guard var stopped = existing else { report.state = .removed; return .success(report) }
                stopped.state = .stopped
                state.containers[host]![key] = stopped
                report = stopped
            case .remove:
                state.containers[host]?[key] = nil
                report.state = .removed
                report.dockerId = nil
            case .probe:
                guard let running = existing else { report.state = .removed; return .success(report) }
                state.probes[name, default: 0] += 1
                report = running
                report.unhealthy = running.state != .running ? "the container is \(running.state.rawValue)" : state.unhealthy[name]
            case .removeVolumes:
                report.state = .removed
            case .logs:
                guard let found = existing else { report.state = .removed; return .success(report) }
                report = found
                report.output = []
            case .configure:
                guard let running = existing, running.state == .running else {
                    return .failure(InstructionFailure(key: instruction.key, message: "load balancer \(name): its container is not running"))
                }
                state.configurations[name] = instruction.loadBalancer
                report = running
            }
            return .success(report)
        }
    }

    /// Every container of `host`, as its agent would report them.
    func report(_ host: String) -> [InstanceReport] {
        state.withLock { state in (state.containers[host] ?? [:]).values.sorted { $0.instanceId < $1.instanceId } }
    }
}

/// A host's agent on a `FakeEngine`: the orchestrator's view of a host, without Docker.
package struct FakeHostAgent: HostAgent {
    package let hostId: String
    let engine: FakeEngine

    package func execute(_ instructions: [Instruction]) -> [Result<InstanceReport, InstructionFailure>] {
        instructions.map { engine.execute($0, on: hostId) }
    }

    package func report() throws -> [InstanceReport] {
        engine.report(hostId)
    }
}
