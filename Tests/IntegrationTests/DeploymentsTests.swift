import DroverAgent
import DroverCompose
import DroverDocker
import DroverModel
import DroverOrchestrator
import DroverStore
import Foundation
import XCTest

/// A stack deployed through the store: one transaction records stack, revision and services; each service's
/// outcome is recorded with an event — active, waiting with the scheduler's reason, or failed with Docker's message.
final class DeploymentsTests: EngineTestCase {
    private var path = ""
    private var store: StackStore!
    private var deployments: Deployments!

    override func setUpWithError() throws {
        try super.setUpWithError()
        path = NSTemporaryDirectory() + "drover-deploy-\(runId).sqlite"
        store = try StackStore(path: path)
        try store.createEnvironment(id: runId, name: "env-\(runId)", actor: "admin")
        deployments = Deployments(store: store, reconciler: localReconciler([SchedulingHost(id: "\(runId)-h1", name: "h1")]), environmentId: runId)
    }

    override func tearDownWithError() throws {
        store = nil
        deployments = nil
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        try super.tearDownWithError()
    }

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
        let definition = try StackLoader().load(compose: SourceFile(name: "docker-compose.yml", text: compose)).definition
        let stackId = try deployments.deploy(name: "shop", definition: definition, dockerCompose: compose, rancherCompose: nil, actor: "admin")
        let services = Dictionary(uniqueKeysWithValues: try store.services(stackId: stackId).map { ($0.name, $0) })
        XCTAssertEqual(services["web"]?.state, "active")
        XCTAssertEqual(services["gpu"]?.state, "activating")
        XCTAssertEqual(services["gpu"]?.transitioningMessage,
                       "cannot place unit 1 of 1: no host satisfies io.rancher.scheduler.affinity:host_label=gpu=true: 0 of 1 hosts have label gpu=true")
        XCTAssertEqual(services["broken"]?.state, "error")
        XCTAssertTrue(services["broken"]?.transitioningMessage?.contains("image \"drover-local/nope:1\" not found") == true,
                      services["broken"]?.transitioningMessage ?? "")
        XCTAssertEqual(try store.revisions(stackId: stackId).map(\.number), [1])
        let events = try store.events().map(\.message)
        XCTAssertTrue(events.contains("stack shop created at revision 1"), "\(events)")
        XCTAssertTrue(events.contains("service web active"), "\(events)")
        XCTAssertTrue(events.contains { $0.hasPrefix("service gpu is waiting: cannot place unit 1 of 1") }, "\(events)")
        XCTAssertEqual(try client.listContainers(labels: ["io.drover.environment=\(runId)"]).map(\.name), ["shop-web-1"])
    }

    func testAStackThatCannotBeRecordedRunsNothing() throws {
        let compose = "web:\n  image: drover-local/busybox:latest\n  command: sleep 3600\n  init: true\n"
        let definition = try StackLoader().load(compose: SourceFile(name: "docker-compose.yml", text: compose)).definition
        try deployments.deploy(name: "shop", definition: definition, dockerCompose: compose, rancherCompose: nil, actor: "admin")
        let before = try store.events().count
        XCTAssertThrowsError(try deployments.deploy(name: "shop", definition: definition, dockerCompose: compose, rancherCompose: nil, actor: "admin"))
        XCTAssertEqual(try store.events().count, before, "no trace of the refused deploy")
        XCTAssertEqual(try store.database.execute("SELECT count(*) AS n FROM revisions").first?.int("n"), 1)
        XCTAssertEqual(try client.listContainers(labels: ["io.drover.environment=\(runId)"]).count, 1)
    }
}
