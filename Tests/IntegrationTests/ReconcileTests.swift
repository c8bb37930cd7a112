import DroverAgent
import DroverCompose
import DroverDocker
import DroverModel
import DroverOrchestrator
import Foundation
import TestSupport
import XCTest

/// Deploy, converge, scale and repair a 5-service stack with a sidekick on a real engine, through the planner,
/// the scheduler and two in-process agents (two host ids on one engine, with different labels).
final class ReconcileTests: EngineTestCase {
    static let compose = """
    version: '2'
    services:
      web:
        image: drover-local/busybox:latest
        command: ["sh", "-c", "mkdir -p /www && echo web > /www/index.html && exec httpd -f -p 8080 -h /www"]
        volumes_from: [web-data]
        labels:
          io.rancher.sidekicks: web-data
          io.rancher.scheduler.affinity:container_label_soft_ne: io.rancher.stack_service.name=$${stack_name}/$${service_name}
      web-data:
        image: drover-local/busybox:latest
        command: sleep 3600
        init: true
        volumes: [/data]
      api:
        image: drover-local/busybox:latest
        command: sleep 3600
        init: true
        links: [db]
      db:
        image: drover-local/busybox:latest
        command: sleep 3600
        init: true
        labels:
          io.rancher.scheduler.affinity:host_label: zone=b
      worker:
        image: drover-local/busybox:latest
        command: sleep 3600
        init: true
      cache:
        image: drover-local/busybox:latest
        command: sleep 3600
        init: true
    """
    static let rancher = "version: '2'\nservices:\n  web:\n    scale: 2\n  api:\n    scale: 2\n"

    private var reconciler: Reconciler!
    private var definition: StackDefinition!

    override func setUpWithError() throws {
        try super.setUpWithError()
        definition = try StackLoader().load(compose: SourceFile(name: "docker-compose.yml", text: Self.compose),
                                            rancher: SourceFile(name: "rancher-compose.yml", text: Self.rancher)).definition
        let hosts = [SchedulingHost(id: "\(runId)-h1", name: "h1", labels: ["zone": "a"]),
                     SchedulingHost(id: "\(runId)-h2", name: "h2", labels: ["zone": "b"])]
        reconciler = localReconciler(hosts)
    }

    private func desired(scale overrides: [String: Int] = [:]) -> [DesiredService] {
        definition.services.map { service in
            var copy = service
            if let scale = overrides[service.name] { copy.scale = scale }
            return DesiredService.initial(stack: runId, definition: copy)
        }
    }

    private func running() throws -> [ActualInstance] {
        try reconciler.actual().filter { $0.state == .running }
    }

    func testDeployConvergeScaleAndRepair() throws {
        let first = try reconciler.reconcile(desired())
        XCTAssertEqual(first.failures, [])
        XCTAssertEqual(first.plan.unschedulable, [:])
        var actual = try running()
        XCTAssertEqual(actual.count, 9, "web 2 units × 2 members, api 2, db, worker, cache")
        XCTAssertEqual(Set(actual.filter { $0.service == "db" }.map(\.host)), ["\(runId)-h2"], "host_label zone=b")
        let webHosts = actual.filter { $0.launchConfig == "web" }.map(\.host)
        XCTAssertEqual(Set(webHosts).count, 2, "soft anti-affinity spreads web's units")
        for unit in [1, 2] {
            XCTAssertEqual(Set(actual.filter { $0.service == "web" && $0.unit == unit }.map(\.host)).count, 1, "a unit stays on one host")
        }
        XCTAssertTrue(try reconciler.plan(desired()).isEmpty, "a converged stack plans nothing")

        let up = try reconciler.reconcile(desired(scale: ["api": 4]))
        XCTAssertEqual(up.plan.allActions.filter { $0.kind == .create }.map(\.unit).sorted(), [3, 4])
        let down = try reconciler.reconcile(desired(scale: ["api": 1]))
        XCTAssertEqual(down.plan.allActions.filter { $0.kind == .remove }.map(\.unit).sorted(), [2, 3, 4])
        actual = try running()
        XCTAssertEqual(actual.filter { $0.service == "api" }.map(\.unit), [1])

        let worker = try XCTUnwrap(try client.listContainers(labels: ["io.rancher.stack_service.name=\(runId)/worker"]).first)
        try client.killContainer(worker.id)
        try waitUntil("the killed worker is seen as exited") { try reconciler.actual().contains { $0.service == "worker" && $0.state != .running } }
        let repair = try reconciler.reconcile(desired(scale: ["api": 1]))
        XCTAssertEqual(repair.failures, [])
        XCTAssertEqual(repair.plan.allActions.map(\.kind), [.start], "started again in place")
        XCTAssertTrue(repair.plan.allActions[0].reason.contains("exit code 137"), repair.plan.allActions[0].reason)
        XCTAssertEqual(try running().filter { $0.service == "worker" }.count, 1)
        XCTAssertEqual(try client.listContainers(labels: ["io.rancher.stack_service.name=\(runId)/worker"]).first?.id, worker.id,
                       "the same container")
        XCTAssertTrue(try reconciler.plan(desired(scale: ["api": 1])).isEmpty)
    }

    func testUnschedulableServiceSaysWhyAndTheRestDeploys() throws {
        var services = desired()
        var gpu = services.first { $0.name == "cache" }!
        gpu.definition.name = "gpu"
        gpu.definition.launchConfig.name = "gpu"
        gpu.definition.launchConfig.labels["io.rancher.scheduler.affinity:host_label"] = "gpu=true"
        gpu.versions = ["gpu": 1]
        services.append(gpu)
        let outcome = try reconciler.reconcile(services)
        XCTAssertEqual(outcome.plan.unschedulable["\(runId)/gpu"],
                       "cannot place unit 1 of 1: no host satisfies io.rancher.scheduler.affinity:host_label=gpu=true: 0 of 2 hosts have label gpu=true")
        XCTAssertEqual(try running().count, 9)
    }
}
