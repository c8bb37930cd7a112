import DroverAgent
import DroverCompose
import DroverDocker
import DroverModel
import DroverOrchestrator
import DroverStore
import Foundation
import TestSupport
import XCTest

/// Health checks on a real engine: the agent's monitor finds a container unhealthy, the server hears it at once and
/// the service's `recreate` strategy replaces it; the health is in the store, the events and the service's health.
final class HealthTests: EngineTestCase {
    private var path = ""
    private var store: StackStore!
    private var controller: Controller!
    private var agent: LocalAgent!
    private var hostId: String { "\(runId)-h1" }

    override func setUpWithError() throws {
        try super.setUpWithError()
        path = NSTemporaryDirectory() + "drover-health-\(runId).sqlite"
        store = try StackStore(path: path)
        try store.createEnvironment(id: runId, name: "env-\(runId)", actor: "admin")
        _ = try store.registerHost(environmentId: runId, HostRegistration(name: "h1"), newId: hostId, actor: "test")
        let agents = AgentRegistry()
        agent = LocalAgent(executor: Executor(client: client, host: hostId))
        agents.register(agent)
        controller = Controller(store: store, agents: agents, upgradeWaitTimeout: 30)
        agent.startMonitoring { [controller, runId] in controller?.reconcile.schedule(runId) }
    }

    override func tearDownWithError() throws {
        agent?.stopMonitoring()
        XCTAssertTrue(controller?.jobs.waitUntilIdle(timeout: 30) ?? true)
        store = nil
        controller = nil
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        try super.tearDownWithError()
    }

    private func health() throws -> [String: HealthState] {
        Dictionary(uniqueKeysWithValues: try store.instances(environmentId: runId).compactMap { instance in instance.health.map { (instance.name, $0) } })
    }

    func testAnUnhealthyContainerIsReplacedAtOnce() throws {
        let compose = """
            version: '2'
            services:
              web:
                image: \(Self.busybox)
                command: ["sh", "-c", "mkdir -p /www && echo ok > /www/health && exec httpd -f -p 8080 -h /www"]
                init: true
            """
        let rancher = """
            version: '2'
            services:
              web:
                scale: 2
                health_check:
                  port: 8080
                  request_line: GET /health HTTP/1.0
                  interval: 200
                  response_timeout: 500
                  healthy_threshold: 1
                  unhealthy_threshold: 2
                  strategy: recreate
            """
        let definition = try StackLoader().load(compose: SourceFile(name: "docker-compose.yml", text: compose),
                                                rancher: SourceFile(name: "rancher-compose.yml", text: rancher)).definition
        _ = try controller.createStack(environmentId: runId, name: "app", source: StackSource(dockerCompose: compose, rancherCompose: rancher,
                                                                                                  definition: definition), actor: "test")
        try waitUntil("both containers healthy", timeout: 30) {
            try controller.reconcile.converge(environmentId: runId)
            return try health() == ["app-web-1": .healthy, "app-web-2": .healthy]
        }
        let first = try XCTUnwrap(try store.instances(environmentId: runId).first { $0.name == "app-web-1" })
        let result = try client.exec(try XCTUnwrap(first.dockerId), command: ["rm", "/www/health"])
        XCTAssertEqual(result.exitCode, 0)
        try waitUntil("app-web-1 replaced by a healthy container", timeout: 20) {
            let now = try store.instances(environmentId: runId).first { $0.name == "app-web-1" }
            return now.map { $0.id != first.id && $0.health == .healthy } ?? false
        }
        let events = try store.events().map(\.message)
        XCTAssertTrue(events.contains("container app-web-1 removed on host h1 (unhealthy: GET /health answered 404)"),
                      "the replacement says why: \(events.suffix(10))")
    }
}
