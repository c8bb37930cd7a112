import DroverAgent
import DroverCompose
import DroverDocker
import DroverModel
import DroverOrchestrator
import DroverStore
import Foundation
import TestSupport
import XCTest

/// The controller on a real engine through an in-process agent: deploy outcomes per service, stack upgrades that
/// touch only changed services, finish, rollback (to the previous and to any revision), cancel and continue, scale,
/// removal, and a restarted controller re-adopting what runs.
final class ControllerTests: EngineTestCase {
    private var path = ""
    private var store: StackStore!
    private var controller: Controller!
    private var hostId: String { "\(runId)-h1" }

    override func setUpWithError() throws {
        try super.setUpWithError()
        path = NSTemporaryDirectory() + "drover-controller-\(runId).sqlite"
        store = try StackStore(path: path)
        try store.createEnvironment(id: runId, name: "env-\(runId)", actor: "admin")
        _ = try store.registerHost(environmentId: runId, HostRegistration(name: "h1"), newId: hostId, actor: "test")
        controller = makeController()
    }

    override func tearDownWithError() throws {
        store = nil
        controller = nil
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        try super.tearDownWithError()
    }

    private func makeController(upgradeWaitTimeout: Double = 30) -> Controller {
        let agents = AgentRegistry()
        agents.register(LocalAgent(executor: Executor(client: client, host: hostId)))
        return Controller(store: store, agents: agents, upgradeWaitTimeout: upgradeWaitTimeout)
    }

    private func source(_ compose: String, _ rancher: String? = nil) throws -> StackSource {
        let definition = try StackLoader().load(compose: SourceFile(name: "docker-compose.yml", text: compose),
                                                rancher: rancher.map { SourceFile(name: "rancher-compose.yml", text: $0) }).definition
        return StackSource(dockerCompose: compose, rancherCompose: rancher, definition: definition)
    }

    private func stackState(_ name: String) throws -> String? {
        try store.stack(Controller.stackId(runId, name))?.state.rawValue
    }

    private func waitForStack(_ name: String, _ state: String, timeout: Double = 60) throws {
        try waitUntil("stack \(name) \(state)", timeout: timeout) { try stackState(name) == state }
    }

    /// Running containers of the stack as `name → version label`.
    private func running() throws -> [String: String] {
        Dictionary(uniqueKeysWithValues: try client.listContainers(labels: ["io.drover.environment=\(runId)"]).filter { $0.state == "running" }
            .map { ($0.name, $0.labels[Executor.versionLabel] ?? "") })
    }

    static func app(webCommand: String = "sleep 3600", workerCommand: String = "sleep 3600") -> String {
        """
        version: '2'
        services:
          web:
            image: drover-local/busybox:latest
            command: \(webCommand)
            init: true
          worker:
            image: drover-local/busybox:latest
            command: \(workerCommand)
            init: true
        """
    }

    static let scales = "version: '2'\nservices:\n  web:\n    scale: 2\n    upgrade_strategy:\n      start_first: true\n      batch_size: 1\n      interval_millis: 0\n  worker:\n    scale: 1\n"

    func testOutcomesAreRecordedPerService() throws {
        let compose = """
        web:
          image: drover-local/busybox:latest
          command: sleep 3600
          init: true
        gpu:
          image: drover-local/busybox:latest
          command: sleep 3600
          labels:
            io.rancher.scheduler.affinity:host_label: gpu=true
        broken:
          image: drover-local/nope:1
        """
        try controller.createStack(environmentId: runId, name: "shop", source: try source(compose), actor: "admin")
        try controller.reconcile.converge(environmentId: runId)
        let services = Dictionary(uniqueKeysWithValues: try store.services(stackId: Controller.stackId(runId, "shop")).map { ($0.name, $0) })
        XCTAssertEqual(services["web"]?.state, .active)
        XCTAssertEqual(services["gpu"]?.state, .activating)
        XCTAssertEqual(services["gpu"]?.transitioningMessage,
                       "cannot place unit 1 of 1: no host satisfies io.rancher.scheduler.affinity:host_label=gpu=true: 0 of 1 hosts have label gpu=true")
        XCTAssertEqual(services["broken"]?.state, .error)
        XCTAssertTrue(services["broken"]?.transitioningMessage?.contains("image \"drover-local/nope:1\" not found") == true,
                      services["broken"]?.transitioningMessage ?? "")
        XCTAssertEqual(try stackState("shop"), "error")
        let events = try store.events().map(\.message)
        XCTAssertTrue(events.contains("stack shop created at revision 1"), "\(events)")
        XCTAssertTrue(events.contains { $0.hasPrefix("service gpu is waiting: cannot place unit 1 of 1") }, "\(events)")
        XCTAssertEqual(try client.listContainers(labels: ["io.drover.environment=\(runId)"]).map(\.name), ["shop-web-1"])
        XCTAssertEqual(try store.instances(environmentId: runId).map(\.name), ["shop-web-1"], "instances are recorded")

        let before = try store.events().count
        XCTAssertThrowsError(try controller.createStack(environmentId: runId, name: "shop", source: try source(compose), actor: "admin")) { error in
            XCTAssertEqual("\(error)", "stack \"shop\" already exists; use upgrade (drover up --upgrade) to change it")
        }
        XCTAssertThrowsError(try controller.createStack(environmentId: runId, name: "Bad_Name", source: try source(compose), actor: "admin"))
        XCTAssertEqual(try store.events().count, before, "no trace of the refused stacks")
    }

    func testStackUpgradeTouchesOnlyChangedServicesThenFinishesAndRollsBack() throws {
        let name = "app"
        let id = Controller.stackId(runId, name)
        try controller.createStack(environmentId: runId, name: name, source: try source(Self.app(), Self.scales), actor: "admin")
        try controller.reconcile.converge(environmentId: runId)
        XCTAssertEqual(try running(), ["app-web-1": "1", "app-web-2": "1", "app-worker-1": "1"])
        let workerId = try XCTUnwrap(try client.listContainers(labels: ["io.drover.environment=\(runId)"]).first { $0.name == "app-worker-1" }?.id)

        let change = try controller.upgradeStack(id, source: try source(Self.app(webCommand: "sleep 3601"), Self.scales), options: UpgradeOptions(), actor: "admin")
        XCTAssertEqual(change.upgraded, ["web": ["web": 2]])
        XCTAssertEqual(change.updated, [])
        try waitForStack(name, "upgraded")
        XCTAssertEqual(try running(), ["app-web-1": "2", "app-web-2": "2", "app-worker-1": "1"])
        XCTAssertEqual(try client.listContainers(labels: ["io.drover.environment=\(runId)"]).count, 5, "old web containers kept, stopped")
        XCTAssertEqual(try client.listContainers(labels: ["io.drover.environment=\(runId)"]).first { $0.name == "app-worker-1" }?.id, workerId,
                       "the unchanged worker is not touched")
        let batches = try store.events().map(\.message).filter { $0.contains("batch") }
        XCTAssertEqual(batches, ["service web: batch 1 of 2: units 1 running", "service web: batch 2 of 2: units 2 running"])

        try controller.finishUpgrade(id, actor: "admin")
        try waitForStack(name, "active")
        XCTAssertEqual(try client.listContainers(labels: ["io.drover.environment=\(runId)"]).count, 3, "finish removed the old containers")

        XCTAssertTrue(try controller.upgradeStack(id, source: try source(Self.app(webCommand: "sleep 3601"), Self.scales), options: UpgradeOptions(),
                                                  actor: "admin").isEmpty, "an unchanged up --upgrade does nothing")
        try controller.upgradeStack(id, source: try source(Self.app(webCommand: "sleep 3602", workerCommand: "sleep 3602"), Self.scales),
                                    options: UpgradeOptions(), actor: "admin")
        try waitForStack(name, "upgraded")
        XCTAssertEqual(try running(), ["app-web-1": "3", "app-web-2": "3", "app-worker-1": "2"])
        XCTAssertThrowsError(try controller.upgradeStack(id, source: try source(Self.app()), options: UpgradeOptions(), actor: "admin")) { error in
            XCTAssertEqual("\(error)", "cannot upgrade stack app: it is upgraded (valid actions now: deactivate, finishupgrade, rollback, remove)")
        }
        try controller.rollback(id, actor: "admin")
        try waitForStack(name, "active")
        XCTAssertEqual(try running(), ["app-web-1": "2", "app-web-2": "2", "app-worker-1": "1"])
        XCTAssertEqual(try store.stack(id)?.currentRevision, 2)
        XCTAssertEqual(try client.listContainers(labels: ["io.drover.environment=\(runId)"]).count, 3, "rollback removed the new containers")

        try controller.rollback(id, toRevision: 1, options: UpgradeOptions(), actor: "admin")
        try waitUntil("back at revision 1's commands") {
            try stackState(name) == "active" && (try store.stack(id)?.currentRevision) == 4
                && (try client.listContainers(labels: ["io.drover.environment=\(runId)"]).count) == 3
        }
        let commands = try client.listContainers(labels: ["io.drover.environment=\(runId)"]).map { try client.inspectContainerJSON($0.id)["Config"]?["Cmd"] }
        XCTAssertEqual(commands, Array(repeating: JSONValue.array([.string("sleep"), .string("3600")]), count: 3))
        XCTAssertEqual(try store.revisions(stackId: id).map(\.number), [1, 2, 3, 4])
    }

    func testCancelContinueScaleRemoveAndRestart() throws {
        let name = "app"
        let id = Controller.stackId(runId, name)
        let slow = Self.scales.replacingOccurrences(of: "interval_millis: 0", with: "interval_millis: 1500")
        try controller.createStack(environmentId: runId, name: name, source: try source(Self.app(), slow), actor: "admin")
        try controller.reconcile.converge(environmentId: runId)
        try controller.upgradeStack(id, source: try source(Self.app(webCommand: "sleep 3601"), slow), options: UpgradeOptions(), actor: "admin")
        try waitUntil("first batch done") { try store.events().contains { $0.message.contains("batch 1 of 2") } }
        try controller.cancelUpgrade(id, actor: "admin")
        try waitForStack(name, "canceled-upgrade")
        XCTAssertEqual(try running().filter { $0.key.hasPrefix("app-web") }, ["app-web-1": "2", "app-web-2": "1"])
        try controller.continueUpgrade(id, actor: "admin")
        try waitForStack(name, "upgraded")
        XCTAssertEqual(try running().filter { $0.key.hasPrefix("app-web") }, ["app-web-1": "2", "app-web-2": "2"])
        try controller.finishUpgrade(id, actor: "admin")
        try waitForStack(name, "active")

        try controller.scale("\(id)/web", to: 3, actor: "admin")
        try controller.reconcile.converge(environmentId: runId)
        XCTAssertEqual(try running().keys.sorted(), ["app-web-1", "app-web-2", "app-web-3", "app-worker-1"])

        let ids = try client.listContainers(labels: ["io.drover.environment=\(runId)"]).map(\.id).sorted()
        controller = makeController()
        try controller.reconcile.converge(environmentId: runId)
        XCTAssertEqual(try client.listContainers(labels: ["io.drover.environment=\(runId)"]).map(\.id).sorted(), ids,
                       "a restarted controller re-adopts every container")

        try controller.removeStack(id, actor: "admin")
        try waitUntil("stack removed") { try store.stack(id) == nil }
        XCTAssertEqual(try client.listContainers(labels: ["io.drover.environment=\(runId)"]).count, 0)
        XCTAssertTrue(try store.events().contains { $0.message == "stack app removed" })
    }

    static func checked(_ command: String) -> String {
        """
        version: '2'
        services:
          web:
            image: drover-local/busybox:latest
            command: \(command)
            init: true
        """
    }

    static let checkedRancher = """
    version: '2'
    services:
      web:
        scale: 2
        health_check:
          port: 8080
          request_line: GET / HTTP/1.0
          interval: 200
          response_timeout: 500
          healthy_threshold: 2
          unhealthy_threshold: 10
        upgrade_strategy:
          start_first: true
          batch_size: 1
          interval_millis: 0
    """

    func testBatchesWaitForHealthChecksAndAFailedBatchRollsBackByItself() throws {
        controller = makeController(upgradeWaitTimeout: 4)
        let name = "app"
        let id = Controller.stackId(runId, name)
        let serve = { (text: String) in "sh -c 'echo \(text) > /tmp/index.html && exec httpd -f -p 8080 -h /tmp'" }
        try controller.createStack(environmentId: runId, name: name, source: try source(Self.checked(serve("one")), Self.checkedRancher), actor: "admin")
        try controller.reconcile.converge(environmentId: runId)
        try controller.upgradeStack(id, source: try source(Self.checked(serve("two")), Self.checkedRancher), options: UpgradeOptions(), actor: "admin")
        try waitForStack(name, "upgraded")
        let events = try store.events().map(\.message)
        XCTAssertTrue(events.contains("service web: batch 2 of 2: units 2 running and healthy"), "\(events)")
        try controller.finishUpgrade(id, actor: "admin")
        try waitForStack(name, "active")

        try controller.upgradeStack(id, source: try source(Self.checked("sleep 3600"), Self.checkedRancher), options: UpgradeOptions(rollbackOnFailure: true),
                                    actor: "admin")
        try waitUntil("the failed upgrade rolled back", timeout: 30) {
            try stackState(name) == "active" && (try store.stack(id)?.currentRevision) == 2
        }
        let messages = try store.events().map(\.message)
        XCTAssertTrue(messages.contains { $0.hasPrefix("stack app: rolling back by itself because service web: unit 1 of app/web failed its health check") },
                      "\(messages.suffix(12))")
        XCTAssertEqual(try running(), ["app-web-1": "2", "app-web-2": "2"], "the healthy version runs again")
        XCTAssertEqual(try client.listContainers(labels: ["io.drover.environment=\(runId)"]).count, 2)
    }
}
