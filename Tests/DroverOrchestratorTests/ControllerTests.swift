import DroverModel
import DroverOrchestrator
import DroverStore
import TestSupport
import XCTest

/// The controller as data: commands recorded and carried out on a fake engine, asserted as the exact sequence of
/// instructions hosts received — deploys, start-first and stop-first batches, finish, rollback (to the previous and to
/// any revision), cancel and continue, health-gated batches, automatic rollback, and a restarted server resuming
/// every unfinished operation where it stopped.
final class ControllerTests: XCTestCase {
    static func app(web: String = "sleep 1", worker: String = "sleep 1") -> String {
        """
        version: '2'
        services:
          web:
            image: busybox
            command: \(web)
          worker:
            image: busybox
            command: \(worker)
        """
    }

    static func scales(startFirst: Bool = true, batchSize: Int = 1, interval: Int = 0, webScale: Int = 2) -> String {
        """
        version: '2'
        services:
          web:
            scale: \(webScale)
            upgrade_strategy:
              start_first: \(startFirst)
              batch_size: \(batchSize)
              interval_millis: \(interval)
          worker:
            scale: 1
        """
    }

    /// `scales()` with a health check on web, probed every 100 ms (a batch fails after `unhealthyThreshold` failures).
    static func checked(unhealthyThreshold: Int) -> String {
        scales().replacingOccurrences(of: "  worker:", with: """
                health_check:
                  port: 80
                  interval: 100
                  healthy_threshold: 2
                  unhealthy_threshold: \(unhealthyThreshold)
              worker:
            """)
    }

    private func upgrade(_ harness: ControllerHarness, web: String, worker: String = "sleep 1", _ rancher: String = scales(),
                         options: UpgradeOptions = UpgradeOptions()) throws {
        try harness.controller.upgradeStack(harness.stackId("app"), source: try harness.source(Self.app(web: web, worker: worker), rancher),
                                            options: options, actor: "test")
    }

    // MARK: - Deploys

    func testDeployCreatesEveryUnitOnceAndAPassOverAConvergedStackDoesNothing() throws {
        let harness = try ControllerHarness()
        try harness.deploy("app", Self.app(), Self.scales())
        XCTAssertEqual(harness.engine.log.sorted(), ["h1: create app-web-1 v1", "h1: create app-web-2 v1", "h1: create app-worker-1 v1"])
        XCTAssertEqual(try harness.state("app"), .active)
        XCTAssertEqual(try harness.serviceStates("app"), ["web": .active, "worker": .active])
        harness.engine.clearLog()
        try harness.controller.reconcile.converge(environmentId: ControllerHarness.environment)
        XCTAssertEqual(harness.engine.log, [], "a converged stack needs no instruction")
    }

    func testEachContainerAPassActsOnIsLoggedOnceAndARepeatedFailureOnce() throws {
        let harness = try ControllerHarness()
        try harness.deploy("app", Self.app(), Self.scales())
        let before = try harness.store.events().count
        try harness.controller.scale(harness.stackId("app") + "/web", to: 1, actor: "test")
        harness.settle()
        let scaledDown = try harness.store.events().dropFirst(before).map(\.message).filter { $0.hasPrefix("container app-web-2") }
        XCTAssertEqual(scaledDown.count, 1, "stopped and removed in one pass: one event \(scaledDown)")
        XCTAssertTrue(scaledDown.first?.hasPrefix("container app-web-2 removed") == true, "\(scaledDown)")

        harness.engine.failCreates(of: "app-web-2", "Bind for 0.0.0.0:8080 failed: port is already allocated (endpoint 3f2a9c41be07d8aa)")
        try harness.controller.scale(harness.stackId("app") + "/web", to: 2, actor: "test")
        harness.settle()
        harness.engine.failCreates(of: "app-web-2", "Bind for 0.0.0.0:8080 failed: port is already allocated (endpoint 91c0de2277aa4b1e)")
        try harness.controller.reconcile.converge(environmentId: ControllerHarness.environment)
        let failures = try harness.store.events().map(\.message).filter { $0.contains("failed: Bind for") }
        XCTAssertEqual(failures.count, 1, "the same failure with another endpoint id is not news: \(failures)")
        XCTAssertTrue(failures.first?.hasPrefix("service app/web failed:") == true, "the event names the stack: \(failures)")
    }

    func testAContainerKilledBehindDroversBackStartsAgainAndOneThatKeepsDyingBacksOff() throws {
        let harness = try ControllerHarness()
        try harness.deploy("app", Self.app(), Self.scales())
        harness.engine.clearLog()
        harness.engine.kill("app-web-2")
        try harness.controller.reconcile.converge(environmentId: ControllerHarness.environment)
        XCTAssertEqual(harness.engine.log, ["h1: start app-web-2 v1"], "started again in place")
        harness.engine.clearLog()
        harness.engine.kill("app-web-2")
        try harness.controller.reconcile.converge(environmentId: ControllerHarness.environment)
        XCTAssertEqual(harness.engine.log, [], "died again at once: the restart waits")
        let web = try XCTUnwrap(try harness.store.service(harness.stackId("app") + "/web"))
        XCTAssertEqual(web.state, .activating)
        XCTAssertEqual(web.transitioningMessage,
                       "app-web-2 keeps exiting soon after it starts (exit code 137); it is started again after a back-off growing up to 30 s")
        try waitUntil("the back-off ends and a pass starts it", timeout: 5) { harness.engine.log == ["h1: start app-web-2 v1"] }
        harness.settle()
        try harness.controller.reconcile.converge(environmentId: ControllerHarness.environment)
        XCTAssertEqual(try harness.store.service(harness.stackId("app") + "/web")?.state, .active, "running again: the next pass settles it")
    }

    func testAStackThatCannotBePlacedSaysWhyAndNamesDifferOnlyInCaseAreRefused() throws {
        let harness = try ControllerHarness()
        let gpu = Self.app().replacingOccurrences(of: "    command: sleep 1\n  worker:", with: """
                command: sleep 1
                labels:
                  io.rancher.scheduler.affinity:host_label: gpu=true
              worker:
            """)
        try harness.deploy("app", gpu, Self.scales())
        let stack = try XCTUnwrap(try harness.store.stack(harness.stackId("app")))
        XCTAssertEqual(stack.state, .activating)
        XCTAssertEqual(stack.transitioningMessage?.hasPrefix("service web: cannot place units 1, 2 of 2: no host satisfies"), true,
                       stack.transitioningMessage ?? "no message")
        XCTAssertThrowsError(try harness.controller.createStack(environmentId: ControllerHarness.environment, name: "APP",
                                                               source: try harness.source(Self.app()), actor: "test")) { error in
            XCTAssertEqual("\(error)", "stack \"APP\" would have the DNS name of stack \"app\" (names ignore case); choose another name")
        }
    }

    func testScalingAStoppedServiceKeepsItStopped() throws {
        let harness = try ControllerHarness()
        try harness.deploy("app", Self.app(), Self.scales())
        try harness.controller.deactivate(harness.stackId("app") + "/web", actor: "test")
        harness.settle()
        harness.engine.clearLog()
        try harness.controller.scale(harness.stackId("app") + "/web", to: 3, actor: "test")
        harness.settle()
        XCTAssertEqual(try harness.serviceStates("app")["web"], .inactive)
        XCTAssertEqual(harness.engine.log, [], "no container is started or created while the service is stopped")
        try harness.controller.activate(harness.stackId("app") + "/web", actor: "test")
        harness.settle()
        XCTAssertEqual(harness.engine.log.sorted(), ["h1: create app-web-3 v1", "h1: start app-web-1 v1", "h1: start app-web-2 v1"])
    }

    // MARK: - Upgrades

    /// A start-first upgrade of web's `units`: exactly a create of each new container and a stop of each old one, the
    /// create first (the stops run in the background while the next batch starts); the unchanged worker untouched.
    private func assertEachNewRunsBeforeItsOldStops(_ log: [String], units: [Int], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(log.sorted(), units.flatMap { ["h1: create app-web-\($0) v2", "h1: stop app-web-\($0) v1"] }.sorted(), file: file, line: line)
        for unit in units {
            let created = log.firstIndex(of: "h1: create app-web-\(unit) v2") ?? .max
            let stopped = log.firstIndex(of: "h1: stop app-web-\(unit) v1") ?? .min
            XCTAssertLessThan(created, stopped, "unit \(unit): \(log)", file: file, line: line)
        }
    }

    func testStartFirstBatchesThenFinish() throws {
        let harness = try ControllerHarness()
        try harness.deploy("app", Self.app(), Self.scales(startFirst: true))
        harness.engine.clearLog()
        try upgrade(harness, web: "sleep 2")
        harness.settle()
        assertEachNewRunsBeforeItsOldStops(harness.engine.log, units: [1, 2])
        XCTAssertEqual(try harness.state("app"), .upgraded)
        XCTAssertEqual(try harness.serviceStates("app"), ["web": .upgraded, "worker": .active])

        harness.engine.clearLog()
        try harness.controller.finishUpgrade(harness.stackId("app"), actor: "test")
        harness.settle()
        XCTAssertEqual(harness.engine.log.sorted(), ["h1: remove app-web-1 v1", "h1: remove app-web-2 v1"])
        XCTAssertEqual(try harness.state("app"), .active)
        XCTAssertEqual(harness.engine.containers, ["h1: app-web-1 v2 running", "h1: app-web-2 v2 running", "h1: app-worker-1 v1 running"])
    }

    func testStopFirstBatchesOfTwo() throws {
        let harness = try ControllerHarness()
        try harness.deploy("app", Self.app(), Self.scales(startFirst: false, batchSize: 2, webScale: 3))
        harness.engine.clearLog()
        try upgrade(harness, web: "sleep 2", Self.scales(startFirst: false, batchSize: 2, webScale: 3))
        harness.settle()
        XCTAssertEqual(harness.engine.log, [
            "h1: stop app-web-1 v1", "h1: stop app-web-2 v1", "h1: create app-web-1 v2", "h1: create app-web-2 v2",
            "h1: stop app-web-3 v1", "h1: create app-web-3 v2",
        ], "old containers stop before their batch's new ones start")
        let batches = try harness.store.events().map(\.message).filter { $0.contains("batch") }
        XCTAssertEqual(batches, ["service web: batch 1 of 2: units 1, 2 running", "service web: batch 2 of 2: units 3 running"])
    }

    func testRollbackRestartsTheOldContainersAndRemovesTheNewOnes() throws {
        let harness = try ControllerHarness()
        try harness.deploy("app", Self.app(), Self.scales())
        try upgrade(harness, web: "sleep 2", worker: "sleep 2")
        harness.settle()
        harness.engine.clearLog()
        try harness.controller.rollback(harness.stackId("app"), actor: "test")
        harness.settle()
        XCTAssertEqual(harness.engine.log, [
            "h1: start app-web-1 v1", "h1: start app-web-2 v1", "h1: remove app-web-1 v2", "h1: remove app-web-2 v2",
            "h1: start app-worker-1 v1", "h1: remove app-worker-1 v2",
        ])
        XCTAssertEqual(try harness.state("app"), .active)
        XCTAssertEqual(try harness.store.stack(harness.stackId("app"))?.currentRevision, 1)
        XCTAssertEqual(harness.engine.containers, ["h1: app-web-1 v1 running", "h1: app-web-2 v1 running", "h1: app-worker-1 v1 running"])
    }

    func testCancelBetweenBatchesThenContinue() throws {
        let harness = try ControllerHarness()
        try harness.deploy("app", Self.app(), Self.scales(interval: 60_000))
        harness.engine.clearLog()
        try upgrade(harness, web: "sleep 2", Self.scales(interval: 60_000))
        waitUntil("the first batch is done") { harness.engine.log.count == 2 }
        try harness.controller.cancelUpgrade(harness.stackId("app"), actor: "test")
        harness.settle()
        XCTAssertEqual(try harness.state("app"), .canceledUpgrade)
        XCTAssertEqual(harness.engine.log, ["h1: create app-web-1 v2", "h1: stop app-web-1 v1"], "the pause ended at the cancel")

        harness.engine.clearLog()
        try harness.controller.continueUpgrade(harness.stackId("app"), options: UpgradeOptions(intervalMillis: 0), actor: "test")
        harness.settle()
        XCTAssertEqual(harness.engine.log, ["h1: create app-web-2 v2", "h1: stop app-web-2 v1"], "only the units left are upgraded")
        XCTAssertEqual(try harness.state("app"), .upgraded)
    }

    func testHealthGatedBatchesWaitForTheirProbes() throws {
        let harness = try ControllerHarness(upgradeWaitTimeout: 10)
        let checked = Self.checked(unhealthyThreshold: 30)
        try harness.deploy("app", Self.app(), checked)
        harness.engine.clearLog()
        harness.engine.setUnhealthy("app-web-1", "GET / answered 503")
        try upgrade(harness, web: "sleep 2", checked)
        waitUntil("the new container of unit 1 failed three probes") { harness.engine.probes(of: "app-web-1") >= 3 }
        XCTAssertEqual(harness.engine.log, ["h1: create app-web-1 v2"], "the old container keeps serving while the new one is unhealthy")
        harness.engine.setUnhealthy("app-web-1", nil)
        harness.settle()
        assertEachNewRunsBeforeItsOldStops(harness.engine.log, units: [1, 2])
        let batches = try harness.store.events().map(\.message).filter { $0.contains("batch") }
        XCTAssertEqual(batches, ["service web: batch 1 of 2: units 1 running and healthy", "service web: batch 2 of 2: units 2 running and healthy"])
    }

    func testAnUnhealthyBatchFailsAsItsHealthCheckSaysNotAfterAFixedWait() throws {
        let harness = try ControllerHarness(upgradeWaitTimeout: 60)
        let checked = Self.checked(unhealthyThreshold: 3)
        try harness.deploy("app", Self.app(), checked)
        harness.engine.setUnhealthy("app-web-1", "GET / answered 503")
        let started = Date()
        try upgrade(harness, web: "sleep 2", checked)
        harness.settle()
        XCTAssertLessThan(Date().timeIntervalSince(started), 5, "3 failures 100 ms apart end the batch, not the 60 s wait")
        XCTAssertEqual(try harness.state("app"), .canceledUpgrade)
        let messages = try harness.store.events().map(\.message)
        XCTAssertTrue(messages.contains { $0.contains("unit 1 of app/web failed its health check") && $0.contains("times in a row (last: app-web-1: GET / answered 503)") },
                      "\(messages.suffix(5))")
    }

    func testUpgradingAServiceThatNeverRanAppliesAtOnce() throws {
        let harness = try ControllerHarness()
        harness.engine.failCreates(of: "app-web-1", "image busybox:typo not found")
        harness.engine.failCreates(of: "app-web-2", "image busybox:typo not found")
        try harness.deploy("app", Self.app(), Self.scales())
        XCTAssertEqual(try harness.serviceStates("app")["web"], .error)
        harness.engine.failCreates(of: "app-web-1", nil)
        harness.engine.failCreates(of: "app-web-2", nil)
        harness.engine.clearLog()
        try upgrade(harness, web: "sleep 2")
        harness.settle()
        XCTAssertEqual(harness.engine.log.sorted(), ["h1: create app-web-1 v2", "h1: create app-web-2 v2"])
        XCTAssertEqual(try harness.state("app"), .active, "nothing to finish: no old container was kept")
        XCTAssertEqual(try harness.serviceStates("app"), ["web": .active, "worker": .active])
    }

    func testAStackIsRemovedWithItsNamedVolumesOnlyWhenAsked() throws {
        let withVolume = "version: '2'\nservices:\n  web:\n    image: busybox\n    volumes: [data:/data]\nvolumes:\n  data: {}\n  shared:\n    external: true\n"
        let harness = try ControllerHarness()
        try harness.deploy("kept", withVolume)
        try harness.controller.removeStack(harness.stackId("kept"), actor: "test")
        harness.settle()
        XCTAssertFalse(harness.engine.log.contains { $0.contains("remove volumes") })
        XCTAssertTrue(try harness.store.events().contains { $0.message == "stack kept removed; named volumes kept: kept_data" })

        try harness.deploy("gone", withVolume)
        harness.engine.clearLog()
        try harness.controller.removeStack(harness.stackId("gone"), volumes: true, actor: "test")
        harness.settle()
        XCTAssertEqual(harness.engine.log.last, "h1: remove volumes gone_data", "the stack's own volume, not the external one")
        XCTAssertTrue(try harness.store.events().contains { $0.message == "stack gone removed with its volumes gone_data" })
    }

    func testOneServiceIsRemovedWithItsContainers() throws {
        let harness = try ControllerHarness()
        try harness.deploy("app", Self.app(), Self.scales())
        try harness.controller.removeService(harness.stackId("app") + "/worker", actor: "test")
        harness.settle()
        XCTAssertEqual(try harness.serviceStates("app"), ["web": .active])
        XCTAssertEqual(harness.engine.containers, ["h1: app-web-1 v1 running", "h1: app-web-2 v1 running"])
    }

    func testAFailedBatchRollsBackByItself() throws {
        let harness = try ControllerHarness()
        try harness.deploy("app", Self.app(), Self.scales())
        harness.engine.clearLog()
        harness.engine.failCreates(of: "app-web-2", "image busybox:2 not found")
        try upgrade(harness, web: "sleep 2", options: UpgradeOptions(rollbackOnFailure: true))
        harness.settle()
        let log = harness.engine.log
        XCTAssertEqual(log.first, "h1: create app-web-1 v2")
        XCTAssertEqual(Set(log.prefix(3)), ["h1: create app-web-1 v2", "h1: stop app-web-1 v1", "h1: create app-web-2 v2"],
                       "unit 1's old container stops in the background while unit 2's new one fails: \(log)")
        XCTAssertEqual(Array(log.dropFirst(3)), ["h1: start app-web-1 v1", "h1: start app-web-2 v1", "h1: remove app-web-1 v2"],
                       "the rollback waits for that stop")
        XCTAssertEqual(try harness.state("app"), .active)
        XCTAssertEqual(try harness.store.stack(harness.stackId("app"))?.currentRevision, 1)
        let messages = try harness.store.events().map(\.message)
        XCTAssertTrue(messages.contains("stack app: rolling back by itself because service web: image busybox:2 not found"), "\(messages)")
    }

    // MARK: - Revisions

    func testRollbackToAnyRevisionRestoresPrunedServicesAndRemovesAddedOnes() throws {
        let harness = try ControllerHarness()
        try harness.deploy("app", Self.app(), Self.scales())
        let id = harness.stackId("app")
        let next = """
        version: '2'
        services:
          web:
            image: busybox
            command: sleep 2
          cache:
            image: busybox
            command: sleep 1
        """
        try harness.controller.upgradeStack(id, source: try harness.source(next, Self.scales().replacingOccurrences(of: "worker", with: "cache")),
                                            options: UpgradeOptions(prune: true, finish: true), actor: "test")
        harness.settle()
        XCTAssertEqual(harness.engine.containers, ["h1: app-cache-1 v1 running", "h1: app-web-1 v2 running", "h1: app-web-2 v2 running"],
                       "pruned worker removed, cache added, web upgraded and finished")
        harness.engine.clearLog()
        try harness.controller.rollback(id, toRevision: 1, options: UpgradeOptions(prune: true), actor: "test")
        harness.settle()
        XCTAssertEqual(harness.engine.containers, ["h1: app-web-1 v3 running", "h1: app-web-2 v3 running", "h1: app-worker-1 v1 running"],
                       "revision 1's services run again; web at a new version number, never a reused one")
        XCTAssertEqual(try harness.store.revisions(stackId: id).map(\.number), [1, 2, 3])
        XCTAssertEqual(try harness.store.stack(id)?.currentRevision, 3)
        XCTAssertEqual(try harness.store.revision(stackId: id, number: 3)?.dockerCompose, Self.app())
    }

    func testRollingBackAnUnfinishedUpgradeBringsBackThePrunedServiceAndRemovesTheAddedOne() throws {
        let harness = try ControllerHarness()
        try harness.deploy("app", Self.app(), Self.scales())
        let id = harness.stackId("app")
        let next = Self.app(web: "sleep 2").replacingOccurrences(of: "worker", with: "cache")
        try harness.controller.upgradeStack(id, source: try harness.source(next, Self.scales().replacingOccurrences(of: "worker", with: "cache")),
                                            options: UpgradeOptions(prune: true), actor: "test")
        harness.settle()
        XCTAssertEqual(try harness.state("app"), .upgraded)
        XCTAssertEqual(try harness.serviceStates("app"), ["cache": .active, "web": .upgraded])
        try harness.controller.rollback(id, actor: "test")
        harness.settle()
        XCTAssertEqual(try harness.serviceStates("app"), ["web": .active, "worker": .active])
        XCTAssertEqual(harness.engine.containers, ["h1: app-web-1 v1 running", "h1: app-web-2 v1 running", "h1: app-worker-1 v1 running"])
    }

    func testCatalogRollbackRestoresVersionAndAnswers() throws {
        let harness = try ControllerHarness()
        let id = harness.stackId("app")
        var first = try harness.source(Self.app(), Self.scales(), answers: ["greeting": "hello"])
        first.externalId = "catalog://library:hello:0"
        try harness.controller.createStack(environmentId: ControllerHarness.environment, name: "app", source: first, actor: "test")
        harness.settle()
        var second = try harness.source(Self.app(web: "sleep 2"), Self.scales(), answers: ["greeting": "hi"])
        second.externalId = "catalog://library:hello:1"
        try harness.controller.upgradeStack(id, source: second, options: UpgradeOptions(), actor: "test")
        harness.settle()
        XCTAssertEqual(try harness.store.stack(id)?.externalId, "catalog://library:hello:1")
        try harness.controller.rollback(id, actor: "test")
        harness.settle()
        let stack = try XCTUnwrap(try harness.store.stack(id))
        XCTAssertEqual(stack.externalId, "catalog://library:hello:0")
        XCTAssertEqual(try harness.store.revision(stackId: id, number: stack.currentRevision)?.answers, ["greeting": "hello"])
    }

    // MARK: - Hosts that are not there

    func testARestartedServerWaitsForHostsWhoseAgentsHaveNotReportedYet() throws {
        let harness = try ControllerHarness(hosts: ["h1": [:], "h2": [:]])
        try harness.deploy("app", Self.app(), Self.scales())
        let hosts = Set(harness.engine.containers.map { $0.prefix(2) })
        XCTAssertEqual(hosts, ["h1", "h2"], "the units are spread: \(harness.engine.containers)")

        let restarted = try harness.restarted(engine: harness.engine.copy(), reporting: ["h1"], unknownHostsGrace: 60)
        try restarted.controller.reconcile.converge(environmentId: ControllerHarness.environment)
        XCTAssertEqual(restarted.engine.log, [], "nothing is placed on h1 for the units h2 runs while h2 may still report")
        restarted.agents.register(restarted.engine.agent("h2"))
        try restarted.controller.reconcile.converge(environmentId: ControllerHarness.environment)
        XCTAssertEqual(restarted.engine.log, [], "once h2 reported, everything is where it should be")

        let late = try harness.restarted(engine: harness.engine.copy(), reporting: ["h1"], unknownHostsGrace: 0)
        try late.controller.reconcile.converge(environmentId: ControllerHarness.environment)
        XCTAssertFalse(late.engine.log.isEmpty, "after the grace a host that never reported is lost: its units are placed again")
        XCTAssertTrue(late.engine.log.allSatisfy { $0.hasPrefix("h1: create") }, "\(late.engine.log)")
    }

    func testADisconnectedHostHoldsUpNothingElse() throws {
        let harness = try ControllerHarness(hosts: ["h1": [:], "h2": [:]])
        try harness.deploy("app", Self.app(), Self.scales())
        try harness.store.database.execute("UPDATE hosts SET state = 'disconnected' WHERE id = 'h2'")
        harness.engine.clearLog()
        try upgrade(harness, web: "sleep 2", options: UpgradeOptions(rollbackOnFailure: true))
        harness.settle()
        XCTAssertEqual(try harness.state("app"), .active, "the unit on h2 failed at once and the stack rolled back by itself")
        XCTAssertEqual(try harness.store.stack(harness.stackId("app"))?.currentRevision, 1)
        XCTAssertTrue(try harness.store.events().contains { $0.message.contains("host h2 is disconnected") })
        XCTAssertTrue(harness.engine.log.allSatisfy { $0.hasPrefix("h1:") }, "nothing was sent to h2: \(harness.engine.log)")

        harness.engine.clearLog()
        try harness.controller.removeStack(harness.stackId("app"), actor: "test")
        harness.settle()
        XCTAssertNil(try harness.store.stack(harness.stackId("app")), "the stack is removed without waiting for h2")
        XCTAssertFalse(harness.engine.log.isEmpty)
        XCTAssertTrue(harness.engine.log.allSatisfy { $0.hasPrefix("h1: ") }, "\(harness.engine.log)")
    }

    // MARK: - A restarted server resumes

    /// Runs `start` on a harness whose engine freezes after `after` instructions, then resumes on what a restarted
    /// server finds (the store and the containers at the freeze); returns the resumed harness once it settled.
    private func resumeAfterCrash(_ harness: ControllerHarness, after: Int, _ start: () throws -> Void) throws -> ControllerHarness {
        harness.engine.freeze(after: after)
        try start()
        let engine = try XCTUnwrap(harness.engine.copyWhenFrozen(), "the engine never froze")
        let restarted = try harness.restarted(engine: engine)
        harness.engine.release()
        harness.settle()
        try restarted.controller.resume()
        restarted.settle()
        return restarted
    }

    func testAnInterruptedUpgradeIsResumed() throws {
        let harness = try ControllerHarness()
        try harness.deploy("app", Self.app(), Self.scales())
        harness.engine.clearLog()
        let restarted = try resumeAfterCrash(harness, after: 2) { try upgrade(harness, web: "sleep 2") }
        let all = harness.engine.log + restarted.engine.log
        let steps = ["h1: create app-web-1 v2", "h1: stop app-web-1 v1", "h1: create app-web-2 v2", "h1: stop app-web-2 v1"]
        XCTAssertEqual(Set(all), Set(steps), "what the crash interrupted is done after it: \(all)")
        for line in steps where line.contains("create") { XCTAssertEqual(all.filter { $0 == line }.count, 1, "\(line) once: \(all)") }
        XCTAssertEqual(try restarted.state("app"), .upgraded)
        XCTAssertEqual(restarted.engine.containers, ["h1: app-web-1 v1 stopped", "h1: app-web-1 v2 running", "h1: app-web-2 v1 stopped",
                                                     "h1: app-web-2 v2 running", "h1: app-worker-1 v1 running"])
    }

    func testAnInterruptedFinishIsResumed() throws {
        let harness = try ControllerHarness()
        try harness.deploy("app", Self.app(), Self.scales())
        try upgrade(harness, web: "sleep 2")
        harness.settle()
        let restarted = try resumeAfterCrash(harness, after: 1) { try harness.controller.finishUpgrade(harness.stackId("app"), actor: "test") }
        XCTAssertEqual(restarted.engine.log, ["h1: remove app-web-2 v1"])
        XCTAssertEqual(try restarted.state("app"), .active)
    }

    func testAnInterruptedRollbackIsResumed() throws {
        let harness = try ControllerHarness()
        try harness.deploy("app", Self.app(), Self.scales())
        try upgrade(harness, web: "sleep 2")
        harness.settle()
        let restarted = try resumeAfterCrash(harness, after: 1) { try harness.controller.rollback(harness.stackId("app"), actor: "test") }
        XCTAssertEqual(restarted.engine.log, ["h1: start app-web-1 v1", "h1: start app-web-2 v1", "h1: remove app-web-1 v2", "h1: remove app-web-2 v2"],
                       "the old containers run again before the new ones go")
        XCTAssertEqual(try restarted.state("app"), .active)
        XCTAssertEqual(restarted.engine.containers, ["h1: app-web-1 v1 running", "h1: app-web-2 v1 running", "h1: app-worker-1 v1 running"])
    }

    func testAnInterruptedRemovalIsResumed() throws {
        let harness = try ControllerHarness()
        try harness.deploy("app", Self.app(), Self.scales())
        let restarted = try resumeAfterCrash(harness, after: 1) { try harness.controller.removeStack(harness.stackId("app"), actor: "test") }
        XCTAssertEqual(restarted.engine.containers, [])
        XCTAssertNil(try restarted.store.stack(restarted.stackId("app")))
    }

    func testAnInterruptedRemovalWithVolumesStillRemovesThem() throws {
        let harness = try ControllerHarness()
        try harness.deploy("app", "version: '2'\nservices:\n  web:\n    image: busybox\n    volumes: [data:/data]\nvolumes:\n  data: {}\n")
        let restarted = try resumeAfterCrash(harness, after: 0) {
            try harness.controller.removeStack(harness.stackId("app"), volumes: true, actor: "test")
        }
        XCTAssertEqual(restarted.engine.log.last, "h1: remove volumes app_data", "\(restarted.engine.log)")
        XCTAssertNil(try restarted.store.stack(restarted.stackId("app")))
    }

    func testACancelInterruptedBeforeItsBatchEndedSettlesCanceled() throws {
        let harness = try ControllerHarness()
        try harness.deploy("app", Self.app(), Self.scales())
        harness.engine.clearLog()
        let restarted = try resumeAfterCrash(harness, after: 1) {
            try upgrade(harness, web: "sleep 2")
            waitUntil("the first new container runs") { harness.engine.log == ["h1: create app-web-1 v2"] }
            try harness.controller.cancelUpgrade(harness.stackId("app"), actor: "test")
        }
        XCTAssertEqual(restarted.engine.log, [], "a canceling upgrade is not carried on")
        XCTAssertEqual(try restarted.state("app"), .canceledUpgrade)
        XCTAssertEqual(try restarted.serviceStates("app")["web"], .canceledUpgrade)
    }
}
