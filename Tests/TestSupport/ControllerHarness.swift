import DroverCompose
import DroverModel
import DroverOrchestrator
import DroverStore
import Foundation
import XCTest

/// A controller over a temporary store and a `FakeEngine`: environment `env` with hosts `h1`, `h2`, … whose agents
/// act on the fake engine. Controller tests drive it as the API would and assert the engine's instruction log. The
/// store's files are removed when the harness goes away.
package final class ControllerHarness {
    package static let environment = "env"
    /// What balancers naming Rancher's balancer image run here.
    package static let loadBalancerImage = "drover-test/haproxy"
    package let path: String
    package let store: StackStore
    package let engine: FakeEngine
    package let controller: Controller

    /// A harness with `hosts` (id → labels) registered and active.
    package convenience init(hosts: [String: [String: String]] = ["h1": [:]], upgradeWaitTimeout: Double = 2) throws {
        let path = NSTemporaryDirectory() + "drover-harness-\(UUID().uuidString).sqlite"
        let store = try StackStore(path: path)
        try store.createEnvironment(id: Self.environment, name: "Env", actor: "test")
        for (id, labels) in hosts.sorted(by: { $0.key < $1.key }) {
            _ = try store.registerHost(environmentId: Self.environment, HostRegistration(name: id, labels: labels), newId: id, actor: "test")
        }
        self.init(path: path, store: store, engine: FakeEngine(), upgradeWaitTimeout: upgradeWaitTimeout, reporting: nil, unknownHostsGrace: 0)
    }

    /// `reporting`: the hosts whose agents are connected (nil: all).
    private init(path: String, store: StackStore, engine: FakeEngine, upgradeWaitTimeout: Double, reporting: Set<String>?, unknownHostsGrace: Double) {
        self.path = path
        self.store = store
        self.engine = engine
        agents = AgentRegistry()
        controller = Controller(store: store, agents: agents, upgradeWaitTimeout: upgradeWaitTimeout, unknownHostsGrace: unknownHostsGrace,
                                loadBalancerImage: Self.loadBalancerImage)
        for host in (try? store.hosts(environmentId: Self.environment)) ?? [] where reporting?.contains(host.id) ?? true {
            agents.register(engine.agent(host.id))
        }
    }

    /// The agents the controller reaches.
    package let agents: AgentRegistry

    deinit {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    /// What a restarted server finds: a copy of the store as it is now (`VACUUM INTO`, consistent while others write)
    /// and `engine`'s containers, with a new controller whose agents are those of `reporting` (nil: every host) and
    /// which waits `unknownHostsGrace` seconds for the others. Nothing is resumed until the test calls `resume`.
    package func restarted(engine: FakeEngine, reporting: Set<String>? = nil, unknownHostsGrace: Double = 0) throws -> ControllerHarness {
        let copy = NSTemporaryDirectory() + "drover-harness-\(UUID().uuidString).sqlite"
        try store.database.execute("VACUUM INTO ?", [copy])
        return ControllerHarness(path: copy, store: try StackStore(path: copy), engine: engine, upgradeWaitTimeout: controller.operations.upgradeWaitTimeout,
                                 reporting: reporting, unknownHostsGrace: unknownHostsGrace)
    }

    /// The stack id of stack `name`.
    package func stackId(_ name: String) -> String { Controller.stackId(Self.environment, name) }

    /// A stack source from compose texts.
    package func source(_ compose: String, _ rancher: String? = nil, answers: [String: String] = [:]) throws -> StackSource {
        let loader = StackLoader(variables: VariableSource(answers: answers))
        let definition = try loader.load(compose: SourceFile(name: "docker-compose.yml", text: compose),
                                         rancher: rancher.map { SourceFile(name: "rancher-compose.yml", text: $0) }).definition
        return StackSource(dockerCompose: compose, rancherCompose: rancher, answers: answers, definition: definition)
    }

    /// Creates stack `name` and waits until its deploy settled.
    @discardableResult
    package func deploy(_ name: String, _ compose: String, _ rancher: String? = nil, file: StaticString = #filePath, line: UInt = #line) throws -> StoredStack {
        try controller.createStack(environmentId: Self.environment, name: name, source: try source(compose, rancher), actor: "test")
        settle(file: file, line: line)
        return try store.stack(stackId(name))!
    }

    /// Waits until no background work of the controller runs (a test failure after 10 s).
    package func settle(file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertTrue(controller.jobs.waitUntilIdle(timeout: 10), "the controller's background work did not end within 10 s", file: file, line: line)
    }

    /// The state of stack `name`, or nil.
    package func state(_ name: String) throws -> ResourceState? {
        try store.stack(stackId(name))?.state
    }

    /// The states of the stack's services, by name.
    package func serviceStates(_ name: String) throws -> [String: ResourceState] {
        Dictionary(uniqueKeysWithValues: try store.services(stackId: stackId(name)).map { ($0.name, $0.state) })
    }
}
