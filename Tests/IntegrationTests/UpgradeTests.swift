import DroverAgent
import DroverBasics
import DroverCompose
import DroverDocker
import DroverModel
import DroverOrchestrator
import Foundation
import XCTest

/// Rancher's in-service upgrade on a real engine: batches of 2 with start_first, the order of container starts
/// and stops, unchanged sidekicks untouched, finish, and rollback.
final class UpgradeTests: EngineTestCase {
    private var reconciler: Reconciler!

    override func setUpWithError() throws {
        try super.setUpWithError()
        reconciler = localReconciler([SchedulingHost(id: "\(runId)-h1", name: "h1"), SchedulingHost(id: "\(runId)-h2", name: "h2")])
    }

    private func service(_ text: String, webVersion: Int) throws -> DesiredService {
        let compose = """
        web:
          image: drover-local/busybox:latest
          command: ["sh", "-c", "echo \(text) > /tmp/v; exec sleep 3600"]
          init: true
          volumes_from: [data]
          labels:
            io.rancher.sidekicks: data
        data:
          image: drover-local/busybox:latest
          command: sleep 3600
          init: true
          volumes: [/data]
        """
        let definition = try StackLoader().load(compose: SourceFile(name: "docker-compose.yml", text: compose),
                                                rancher: SourceFile(name: "rancher-compose.yml", text: "web:\n  scale: 4\n")).definition
        return DesiredService(stack: runId, definition: definition.service("web")!, versions: ["web": webVersion, "data": 1])
    }

    private func containers() throws -> [String: ContainerSummary] {
        var result: [String: ContainerSummary] = [:]
        for summary in try client.listContainers(labels: ["io.rancher.stack_service.name=\(runId)/web"]) { result[summary.name] = summary }
        return result
    }

    func testStartFirstBatchesFinishAndRollback() throws {
        let v1 = try service("one", webVersion: 1)
        XCTAssertEqual(try reconciler.reconcile([v1]).failures, [])
        let dataBefore = try containers().filter { $0.key.contains("-data-") }.mapValues(\.id)
        XCTAssertEqual(dataBefore.count, 4)
        let since = Date().timeIntervalSince1970
        let v2 = try service("two", webVersion: 2)
        var progress: [String] = []
        let upgrader = Upgrader(reconciler: reconciler)
        try upgrader.upgrade(from: v1, to: v2, strategy: UpgradeStrategy(startFirst: true, batchSize: 2, intervalMillis: 0)) {
            progress.append($0)
        }
        XCTAssertEqual(progress, [
            "start new web v2 in units 1, 2", "batch 1 of 2: units 1, 2 running", "stopping old web in units 1, 2",
            "start new web v2 in units 3, 4", "batch 2 of 2: units 3, 4 running", "stopping old web in units 3, 4",
        ])
        upgrader.background.wait()
        let after = try containers()
        for unit in 1...4 {
            XCTAssertEqual(after["\(runId)-web-\(unit)"]?.state, "running", "new v2 container has the plain name")
            XCTAssertEqual(after["\(runId)-web-\(unit)-v1"]?.state, "exited", "old container is stopped, not removed")
            XCTAssertEqual(after["\(runId)-web-\(unit)"]?.labels["io.drover.version"], "2")
        }
        XCTAssertEqual(after.filter { $0.key.contains("-data-") }.mapValues(\.id), dataBefore, "the unchanged sidekick is untouched")
        XCTAssertTrue(try reconciler.plan([v2]).isEmpty, "the reconciler leaves an upgraded service alone")

        var order: [String] = []
        try client.events(labels: ["io.rancher.stack_service.name=\(runId)/web"], since: since, until: Date().timeIntervalSince1970 + 30) { event in
            if case let .string(action)? = event["Action"], ["start", "die"].contains(action),
               case let .string(name)? = event["Actor"]?["Attributes"]?["name"], !name.contains("-data-") {
                order.append("\(action) \(name)")
            }
            return order.count < 8
        }
        let position = { (entry: String) in order.firstIndex(of: entry) ?? -1 }
        for unit in 1...4 {
            XCTAssertLessThan(position("start \(runId)-web-\(unit)"), position("die \(runId)-web-\(unit)-v1"), "start first: \(order)")
        }
        XCTAssertLessThan(position("die \(runId)-web-2-v1"), position("start \(runId)-web-3"), "batch 2 starts after batch 1 is done: \(order)")

        try Upgrader(reconciler: reconciler).finish(v2)
        XCTAssertEqual(try containers().keys.filter { $0.hasSuffix("-v1") }, [])
        XCTAssertEqual(try containers().count, 8)

        let v3 = try service("three", webVersion: 3)
        try Upgrader(reconciler: reconciler).upgrade(from: v2, to: v3, strategy: UpgradeStrategy(startFirst: false, batchSize: 4, intervalMillis: 0))
        XCTAssertEqual(try containers()["\(runId)-web-1"]?.labels["io.drover.version"], "3")
        try Upgrader(reconciler: reconciler).rollback(to: v2)
        let rolledBack = try containers()
        XCTAssertEqual(rolledBack.count, 8)
        for unit in 1...4 {
            XCTAssertEqual(rolledBack["\(runId)-web-\(unit)"]?.labels["io.drover.version"], "2", "v2 is back under its plain name")
            XCTAssertEqual(rolledBack["\(runId)-web-\(unit)"]?.state, "running")
        }
        XCTAssertEqual(try shell(rolledBack["\(runId)-web-1"]!.id, "cat /tmp/v").1, "two")
    }

    func testCancelMidUpgradeThenContinue() throws {
        let v1 = try service("one", webVersion: 1)
        XCTAssertEqual(try reconciler.reconcile([v1]).failures, [])
        let v2 = try service("two", webVersion: 2)
        let cancellation = Cancellation()
        let strategy = UpgradeStrategy(startFirst: false, batchSize: 1, intervalMillis: 0)
        let outcome = try Upgrader(reconciler: reconciler).upgrade(from: v1, to: v2, strategy: strategy, cancellation: cancellation) { line in
            if line.hasPrefix("batch 1 of 4") { cancellation.cancel() }
        }
        XCTAssertEqual(outcome, .canceled(remainingUnits: [2, 3, 4]))
        var versions = try containers().filter { $0.value.state == "running" && !$0.key.contains("-data-") }.map { $0.value.labels["io.drover.version"] ?? "" }
        XCTAssertEqual(versions.sorted(), ["1", "1", "1", "2"], "one unit upgraded, three still on v1")
        var resumed: [String] = []
        XCTAssertEqual(try Upgrader(reconciler: reconciler).upgrade(from: v1, to: v2, strategy: strategy) { resumed.append($0) }, .upgraded)
        XCTAssertEqual(resumed.filter { $0.hasPrefix("batch") }, ["batch 1 of 3: units 2 running", "batch 2 of 3: units 3 running", "batch 3 of 3: units 4 running"],
                       "continue upgrades only what is left")
        versions = try containers().filter { $0.value.state == "running" && !$0.key.contains("-data-") }.map { $0.value.labels["io.drover.version"] ?? "" }
        XCTAssertEqual(versions, ["2", "2", "2", "2"])
    }

    func testStartFirstWithRetainIpIsRefused() throws {
        var v2 = try service("two", webVersion: 2)
        v2.definition.retainIp = true
        XCTAssertThrowsError(try Upgrader(reconciler: reconciler).upgrade(from: try service("one", webVersion: 1), to: v2,
                                                                         strategy: UpgradeStrategy(startFirst: true))) { error in
            XCTAssertEqual("\(error)", "service web: start_first cannot be combined with retain_ip")
        }
    }
}
