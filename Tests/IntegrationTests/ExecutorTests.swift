import DroverAgent
import DroverBasics
import DroverDocker
import DroverModel
import Foundation
import XCTest

/// The agent's executor on a real engine: idempotent instructions and re-adoption by labels.
final class ExecutorTests: EngineTestCase {
    private func instance(_ service: String, index: Int = 1, host: String, stack: String? = nil) -> InstanceSpec {
        var config = LaunchConfig(name: service)
        config.image = Self.busybox
        config.command = ["sleep", "300"]
        config.initProcess = true
        config.labels = ["io.drover.test": runId]
        return InstanceSpec(id: "\(stack ?? runId)-\(service)-\(index)", environment: runId, host: host, stack: stack ?? runId, service: service,
                            unitIndex: index, deploymentUnit: "\(service)-\(index)", version: 1, config: config, stopTimeout: 2)
    }

    func testDuplicatedInstructionsNeverMakeASecondContainer() throws {
        let executor = Executor(client: client, host: "h1")
        let create = Instruction(kind: .create, instance: instance("web", host: "h1"))
        let first = try executor.execute(create)
        let again = try executor.execute(create)
        XCTAssertEqual(first.dockerId, again.dockerId)
        XCTAssertEqual(try client.listContainers(labels: ["io.drover.instance=\(runId)-web-1"]).count, 1)
        let parallel = (0..<4).map { _ in create }
        let ids = IdCollector()
        ParallelWork.run(count: parallel.count, parallelism: 4) { index in
            ids.add((try? executor.execute(parallel[index]).dockerId) ?? "failed")
        }
        XCTAssertEqual(Set(ids.all), [first.dockerId!], "concurrent duplicates adopt the one container")
        XCTAssertEqual(try executor.execute(Instruction(kind: .stop, instance: create.instance)).state, .stopped)
        XCTAssertEqual(try executor.execute(Instruction(kind: .stop, instance: create.instance)).state, .stopped)
        XCTAssertEqual(try client.inspectContainer(first.dockerId!)?.state.running, false)
        XCTAssertEqual(try executor.execute(Instruction(kind: .start, instance: create.instance)).state, .running)
        XCTAssertEqual(try executor.execute(Instruction(kind: .remove, instance: create.instance)).state, .removed)
        XCTAssertEqual(try executor.execute(Instruction(kind: .remove, instance: create.instance)).state, .removed)
        XCTAssertNil(try client.inspectContainer(first.dockerId!))
    }

    /// `drover logs -f` asks for the lines after the last one it printed: every line comes exactly once, in order, with
    /// or without a TTY, however many lines a second the container writes.
    func testFollowingLogsLosesAndRepeatsNoLine() throws {
        for tty in [false, true] {
            var spec = instance(tty ? "tty" : "plain", host: "h1")
            spec.config?.command = ["sh", "-c", "i=0; while true; do i=$((i+1)); echo a $i; echo b $i; echo c $i; sleep 0.1; done"]
            spec.config?.tty = tty
            let executor = Executor(client: client, host: "h1")
            _ = try executor.execute(Instruction(kind: .create, instance: spec))
            var seen: [String] = []
            var since: LogTimestamp?
            let deadline = Date().addingTimeInterval(2)
            while Date() < deadline {
                var logs = spec
                logs.tail = 100
                logs.since = since?.description
                let lines = (try executor.execute(Instruction(kind: .logs, instance: logs)).output ?? []).map(LogTimestamp.split)
                for line in lines where since.map({ last in line.time.map { $0 > last } ?? true }) ?? true {
                    seen.append(line.text)
                }
                since = lines.last?.time ?? since
                Thread.sleep(forTimeInterval: 0.25)
            }
            XCTAssertGreaterThan(seen.count, 15, "tty \(tty): \(seen)")
            let expected = (1...(seen.count / 3 + 1)).flatMap { ["a \($0)", "b \($0)", "c \($0)"] }
            XCTAssertEqual(seen, Array(expected.prefix(seen.count)), "tty \(tty): every line once, in order")
        }
    }

    func testAdoptionSeesOnlyItsOwnHost() throws {
        let h1 = Executor(client: client, host: "\(runId)-h1")
        let h2 = Executor(client: client, host: "\(runId)-h2")
        _ = try h1.execute(Instruction(kind: .create, instance: instance("web", index: 1, host: h1.host)))
        _ = try h2.execute(Instruction(kind: .create, instance: instance("web", index: 2, host: h2.host)))
        XCTAssertEqual(try h1.adopt().map(\.instanceId), ["\(runId)-web-1"])
        XCTAssertEqual(try h2.adopt().map(\.instanceId), ["\(runId)-web-2"])
        XCTAssertEqual(try h1.adopt().first?.state, .running)
        let readopted = try XCTUnwrap(try Executor(client: client, host: h1.host).adopt().first, "a restarted agent re-adopts")
        XCTAssertEqual([readopted.stack, readopted.service, readopted.launchConfig, readopted.deploymentUnit], [runId, "web", "web", "web-1"])
        XCTAssertEqual([readopted.version, readopted.unitIndex], [1, 1])
    }

    /// As in Rancher: a bare service name answers only inside its stack, `service.stack` from anywhere in the
    /// environment. Each stack's containers share a network of their own, created with its first container and
    /// removed with its last; a repeated `create` leaves the container attached once.
    func testABareServiceNameAnswersOnlyInsideItsStack() throws {
        let executor = Executor(client: client, host: "h1")
        let (a, b) = ("\(runId)a", "\(runId)b")
        let webA = try executor.execute(Instruction(kind: .create, instance: instance("web", host: "h1", stack: a)))
        let webB = try executor.execute(Instruction(kind: .create, instance: instance("web", host: "h1", stack: b)))
        let asker = Instruction(kind: .create, instance: instance("asker", host: "h1", stack: a))
        let askerId = try XCTUnwrap(try executor.execute(asker).dockerId)
        XCTAssertEqual(try executor.execute(asker).dockerId, askerId)
        func address(_ report: InstanceReport, on network: String) throws -> String {
            let networks = try client.inspectContainerJSON(try XCTUnwrap(report.dockerId))["NetworkSettings"]?["Networks"]
            return try XCTUnwrap(networks?[network]?["IPAddress"]?.string, "\(report.name) is not on \(network)")
        }
        func resolve(_ name: String) throws -> [String] {
            let (status, lines) = try client.exec(askerId, command: ["nslookup", name])
            let text = lines.map(\.text).joined(separator: "\n")
            XCTAssertEqual(status, 0, "nslookup \(name):\n\(text)")
            // busybox prints the server (127.0.0.11) first, then the answers.
            return text.split(separator: "\n").compactMap { line -> String? in
                guard line.hasPrefix("Address"), let last = line.split(whereSeparator: \.isWhitespace).last, !last.hasPrefix("127.0.0.11") else { return nil }
                return String(last)
            }
        }
        let stackA = ContainerIdentity.stackNetworkName(environment: runId, stack: a)
        let environment = ContainerIdentity.networkName(environment: runId)
        XCTAssertEqual(try resolve("web"), [try address(webA, on: stackA)], "its own stack's web only")
        XCTAssertEqual(try resolve("web.\(b)"), [try address(webB, on: environment)], "the other stack's web by its full name")
        XCTAssertEqual(try client.inspectNetwork(stackA)?.containers?.count, 2, "asker attached once")
        let agent = LocalAgent(executor: executor)
        _ = agent.execute([Instruction(kind: .remove, instance: instance("web", host: "h1", stack: a))])
        XCTAssertNotNil(try client.inspectNetwork(stackA), "the asker still uses it")
        let network = try XCTUnwrap(try client.inspectNetwork(stackA)?.id)
        var replacement = asker.instance
        replacement.id += "/r1"
        _ = agent.execute([Instruction(kind: .remove, instance: asker.instance), Instruction(kind: .create, instance: replacement)])
        XCTAssertEqual(try client.inspectNetwork(stackA)?.id, network, "a container replaced in one batch keeps its stack's network")
        _ = agent.execute([Instruction(kind: .remove, instance: replacement)])
        XCTAssertNil(try client.inspectNetwork(stackA), "gone with the stack's last container")
        _ = agent.execute([Instruction(kind: .remove, instance: instance("web", host: "h1", stack: b))])
        XCTAssertNil(try client.inspectNetwork(ContainerIdentity.stackNetworkName(environment: runId, stack: b)))
    }

    func testFailuresSayWhatWhereAndWhy() throws {
        var broken = instance("bad", host: "h1")
        broken.config?.image = "drover-local/missing:9"
        XCTAssertThrowsError(try Executor(client: client, host: "h1").execute(Instruction(kind: .create, instance: broken))) { error in
            let text = "\(error)"
            XCTAssertTrue(text.hasPrefix("create container \(runId)-bad-1 on host h1: ensure image: image \"drover-local/missing:9\" not found and pull failed"), text)
        }
    }
}

/// Collects strings from several threads.
final class IdCollector: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var all: [String] = []

    func add(_ id: String) {
        lock.lock()
        all.append(id)
        lock.unlock()
    }
}
