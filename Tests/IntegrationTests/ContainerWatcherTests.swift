import DroverAgent
import DroverBasics
import DroverDocker
import DroverModel
import Foundation
import TestSupport
import XCTest

/// The agent hears at once when one of its host's containers dies, from the engine's event stream.
final class ContainerWatcherTests: EngineTestCase {
    func testADeathBehindDroversBackIsHeardAtOnce() throws {
        let host = "\(runId)-h1"
        var config = LaunchConfig(name: "app")
        config.image = Self.busybox
        config.command = ["sleep", "300"]
        config.initProcess = true
        let identity = ContainerIdentity(environment: runId, host: host, stack: runId, service: "app", sidekick: nil, index: 1,
                                         deploymentUnit: "u1", instance: "app-1")
        let id = try run(config, identity: identity, context: SpecContext(network: try makeNetwork("drover-\(runId)")))
        let heard = Locked<[Date]>([])
        let watcher = ContainerWatcher(client: client, host: host, window: 5)
        watcher.start { heard.withLock { $0.append(Date()) } }
        defer { watcher.stop() }
        Thread.sleep(forTimeInterval: 0.3)
        let killed = Date()
        try client.killContainer(id)
        try waitUntil("the death is heard", timeout: 5) { !heard.current.isEmpty }
        XCTAssertLessThan(heard.current[0].timeIntervalSince(killed), 1, "heard within a second")
    }
}
