import DroverModel
@testable import DroverOrchestrator
import XCTest

/// The reconcile planner as data: desired services and reported instances in, per-host actions and reasons out.
final class PlannerTests: XCTestCase {
    private typealias F = PlannerFixture

    private func plan(_ desired: [DesiredService], _ actual: [ActualInstance], _ scheduler: Scheduler) -> Plan {
        var scheduler = scheduler
        return Planner.plan(desired: desired, actual: actual, scheduler: &scheduler)
    }

    func testScaleUpFromZeroPlacesWholeUnitsSpreadOverHosts() {
        let result = plan([F.service("web", scale: 3, sidekicks: ["data"])], [], F.scheduler([:], [:], [:]))
        XCTAssertEqual(F.lines(result), [
            "h1: create s-web-data-1 v1 (scale 3 → unit 1 missing)",
            "h1: create s-web-1 v1 (scale 3 → unit 1 missing)",
            "h2: create s-web-data-2 v1 (scale 3 → unit 2 missing)",
            "h2: create s-web-2 v1 (scale 3 → unit 2 missing)",
            "h3: create s-web-data-3 v1 (scale 3 → unit 3 missing)",
            "h3: create s-web-3 v1 (scale 3 → unit 3 missing)",
        ])
        XCTAssertEqual(result.allActions.map(\.instance).first, "s/web/data/1/v1")
        XCTAssertEqual(Set(result.actions["h2"]!.map(\.deploymentUnit)), ["s/web/2"])
        XCTAssertTrue(result.unschedulable.isEmpty)
    }

    func testExistingUnitsAreRecordedAndAMissingMemberIsCreatedOnItsUnitsHost() {
        let actual = [F.instance("web", 1, on: "h1")]
        XCTAssertEqual(F.lines(plan([F.service("web", scale: 2, sidekicks: ["data"])], actual, F.scheduler([:], [:]))), [
            "h1: create s-web-data-1 v1 (unit 1 lacks its data container)",
            "h2: create s-web-data-2 v1 (scale 2 → unit 2 missing)",
            "h2: create s-web-2 v1 (scale 2 → unit 2 missing)",
        ])
    }

    func testScaleDownRemovesTheHighestUnitsFirstPrimaryBeforeSidekick() {
        let actual = (1...5).flatMap { unit -> [ActualInstance] in
            let state: ActualInstance.State = unit == 4 ? .stopped : .running
            return [F.instance("web", unit, on: "h1", state), F.instance("web", unit, on: "h1", state, launchConfig: "data")]
        }
        XCTAssertEqual(F.lines(plan([F.service("web", scale: 3, sidekicks: ["data"])], actual, F.scheduler([:], [:]))), [
            "h1: stop s-web-5 v1 (scaled down: unit 5 > scale 3)",
            "h1: remove s-web-5 v1 (scaled down: unit 5 > scale 3)",
            "h1: stop s-web-data-5 v1 (scaled down: unit 5 > scale 3)",
            "h1: remove s-web-data-5 v1 (scaled down: unit 5 > scale 3)",
            "h1: remove s-web-4 v1 (scaled down: unit 4 > scale 3)",
            "h1: remove s-web-data-4 v1 (scaled down: unit 4 > scale 3)",
        ])
    }

    func testADeadInstanceIsStartedInPlaceAndOneInErrorReplacedWithANewId() {
        let dead = [F.instance("web", 1, on: "h1"), F.instance("web", 2, on: "h2", .exited(code: 137))]
        let restarted = plan([F.service("web", scale: 2)], dead, F.scheduler([:], [:], [:]))
        XCTAssertEqual(F.lines(restarted), ["h2: start s-web-2 v1 (died with exit code 137)"])
        XCTAssertEqual(restarted.allActions.map(\.exitCode), [137], "marked as a restart, for the back-off")
        let broken = [F.instance("web", 1, on: "h1"), F.instance("web", 2, on: "h2", .error)]
        let result = plan([F.service("web", scale: 2)], broken, F.scheduler([:], [:], [:]))
        XCTAssertEqual(F.lines(result), [
            "h2: remove s-web-2 v1 (in error)",
            "h2: create s-web-2 v1 (replaces s/web/web/2/v1: in error)",
        ])
        XCTAssertEqual(result.allActions.map(\.instance), ["s/web/web/2/v1", "s/web/web/2/v1/r1"])
        var again = F.instance("web", 1, on: "h1", .error)
        again.id = "s/web/web/1/v1/r1"
        XCTAssertEqual(plan([F.service("web")], [again], F.scheduler([:])).allActions.last?.instance, "s/web/web/1/v1/r2")
    }

    func testAStoppedInstanceIsStarted() {
        let actual = [F.instance("web", 1, on: "h1", .stopped)]
        XCTAssertEqual(F.lines(plan([F.service("web")], actual, F.scheduler([:]))),
                       ["h1: start s-web-1 v1 (stopped, service wants it running)"])
    }

    /// Rancher's start_once: a container that ran is never restarted or replaced; one in error never ran.
    func testStartOnceContainersAreLeftAloneAfterTheyRan() {
        let table: [(ActualInstance.State, [String])] = [
            (.running, []),
            (.exited(code: 0), []),
            (.exited(code: 1), []),
            (.stopped, []),
            (.error, ["h1: remove s-init-1 v1 (in error)", "h1: create s-init-1 v1 (replaces s/init/init/1/v1: in error)"]),
        ]
        for (state, expected) in table {
            let actual = [F.instance("init", 1, on: "h1", state, startOnce: true)]
            XCTAssertEqual(F.lines(plan([F.service("init")], actual, F.scheduler([:]))), expected, "\(state)")
        }
    }

    func testUnclaimedContainersAreRemovedAndForeignOnesIgnored() {
        let actual = [
            F.instance("web", 1, on: "h1"),
            F.instance("web", 1, on: "h1", .stopped, launchConfig: "old"),
            F.instance("gone", 1, on: "h2"),
            F.instance("ext", 1, on: "h2", .exited(code: 0)),
            F.instance("other", 1, on: "h2", createdByDrover: false),
        ]
        let desired = [F.service("web"), F.service("ext", kind: .external)]
        XCTAssertEqual(F.lines(plan(desired, actual, F.scheduler([:], [:]))), [
            "h1: remove s-web-old-1 v1 (not claimed by any service)",
            "h2: remove s-ext-1 v1 (not claimed by any service)",
            "h2: stop s-gone-1 v1 (not claimed by any service)",
            "h2: remove s-gone-1 v1 (not claimed by any service)",
        ])
    }

    func testUnschedulableUnitsAreReportedAndOtherWorkIsStillPlanned() {
        let db = F.service("db", scale: 2, labels: ["io.rancher.scheduler.affinity:host_label": "db=true"])
        let lb = F.service("lb", scale: 3, ports: [PortMapping(hostPort: 80, containerPort: 80)], kind: .loadBalancer)
        let result = plan([db, lb, F.service("web")], [], F.scheduler([:], [:]))
        XCTAssertEqual(result.unschedulable, [
            "s/db": "cannot place units 1, 2 of 2: no host satisfies io.rancher.scheduler.affinity:host_label=db=true: 0 of 2 hosts have label db=true",
            "s/lb": "cannot place unit 3 of 3: host port 80/tcp is already in use on all 2 eligible hosts",
        ])
        XCTAssertEqual(F.lines(result), [
            "h1: create s-lb-1 v1 (scale 3 → unit 1 missing)",
            "h1: create s-web-1 v1 (scale 1 → unit 1 missing)",
            "h2: create s-lb-2 v1 (scale 3 → unit 2 missing)",
        ])
    }

    func testGlobalServiceRunsOneUnitPerEligibleHost() {
        let labels = ["io.rancher.scheduler.affinity:host_label": "agent=yes"]
        let monitor = F.service("mon", scale: nil, global: true, labels: labels)
        let actual = [F.instance("mon", 1, on: "h3"), F.instance("mon", 2, on: "h2"), F.instance("mon", 4, on: "h3")]
        let result = plan([monitor], actual, F.scheduler(["agent": "yes"], [:], ["agent": "yes"]))
        XCTAssertEqual(F.lines(result), [
            "h1: create s-mon-3 v1 (global: host host1 has no unit)",
            "h2: stop s-mon-2 v1 (host h2 is not eligible for the global service)",
            "h2: remove s-mon-2 v1 (host h2 is not eligible for the global service)",
            "h3: stop s-mon-4 v1 (host h3 already runs a unit of the global service)",
            "h3: remove s-mon-4 v1 (host h3 already runs a unit of the global service)",
        ])
        XCTAssertEqual(plan([monitor], [], F.scheduler([:], [:])).unschedulable, [
            "s/mon": "no host can run the global service: no host satisfies io.rancher.scheduler.affinity:host_label=agent=yes: 0 of 2 hosts have label agent=yes",
        ])
    }

    func testAnInstanceAtAnotherVersionIsLeftToTheUpgrade() {
        var web = F.service("web", scale: 2)
        web.versions["web"] = 2
        let actual = [F.instance("web", 1, on: "h1", .exited(code: 1)), F.instance("web", 2, on: "h2", .stopped)]
        XCTAssertEqual(F.lines(plan([web], actual, F.scheduler([:], [:]))), [])
    }

    func testReplanningTheResultOfAPlanIsEmpty() {
        let desired = [
            F.service("web", scale: 3, sidekicks: ["data"]),
            F.service("mon", scale: nil, global: true),
            F.service("db", labels: ["io.rancher.scheduler.affinity:host_label": "db=true"]),
        ]
        let actual = [
            F.instance("web", 1, on: "h1"), F.instance("web", 1, on: "h1", .stopped, launchConfig: "data"),
            F.instance("web", 2, on: "h2", .exited(code: 137)),
            F.instance("web", 4, on: "h3"), F.instance("web", 4, on: "h3", launchConfig: "data"),
            F.instance("gone", 1, on: "h2"),
            F.instance("mon", 1, on: "h2", .error),
        ]
        let scheduler = F.scheduler([:], [:], [:])
        let first = plan(desired, actual, scheduler)
        XCTAssertEqual(first, plan(desired, actual, scheduler))
        XCTAssertEqual(first.allActions.count, 15)
        let second = plan(desired, F.apply(first, to: actual), scheduler)
        XCTAssertTrue(second.isEmpty, F.lines(second).joined(separator: "\n"))
        XCTAssertEqual(second.unschedulable.keys.sorted(), ["s/db"])
    }

    func testMembersAreCreatedAfterWhatTheyUse() {
        var service = F.service("web", sidekicks: ["app", "data"])
        service.definition.launchConfig.volumesFrom = ["data"]
        service.definition.sidekicks[0].networkMode = "container:web"
        XCTAssertEqual(service.members.map(\.name), ["data", "web", "app"])
        XCTAssertFalse(F.service("alias", kind: .alias).runsContainers)
    }
}

extension PlannerTests {
    func testUnhealthyContainersAreReplacedAsTheStrategySays() {
        func service(_ strategy: HealthCheck.Strategy, quorum: Int? = nil) -> DesiredService {
            var web = F.service("web", scale: 3)
            web.definition.healthCheck = HealthCheck(port: 80, strategy: strategy, quorum: quorum)
            return web
        }
        func actual(_ healths: [HealthState]) -> [ActualInstance] {
            healths.enumerated().map { index, health in
                var instance = F.instance("web", index + 1, on: "h1")
                instance.health = health
                return instance
            }
        }
        let scheduler = F.scheduler([:])
        XCTAssertEqual(F.lines(plan([service(.recreate)], actual([.healthy, .unhealthy, .initializing]), scheduler)), [
            "h1: stop s-web-2 v1 (unhealthy)", "h1: remove s-web-2 v1 (unhealthy)",
            "h1: create s-web-2 v1 (replaces s/web/web/2/v1: unhealthy)",
        ])
        XCTAssertEqual(F.lines(plan([service(.none)], actual([.healthy, .unhealthy, .unhealthy]), scheduler)), [], "none: left alone")
        XCTAssertEqual(F.lines(plan([service(.recreateOnQuorum, quorum: 2)], actual([.healthy, .unhealthy, .unhealthy]), scheduler)), [],
                       "one healthy, quorum 2: held back")
        XCTAssertEqual(plan([service(.recreateOnQuorum, quorum: 2)], actual([.healthy, .healthy, .unhealthy]), scheduler).allActions.count, 3,
                       "two healthy: the third is replaced")
    }
}

extension PlannerTests {
    func testUnitsOfALostHostArePlacedAgainAndTheCopiesGoWhenItReturns() {
        let desired = [F.service("web", scale: 2, sidekicks: ["data"]), F.service("mon", scale: nil, global: true)]
        let onH2 = [F.instance("web", 2, on: "h2"), F.instance("web", 2, on: "h2", launchConfig: "data"), F.instance("mon", 2, on: "h2")]
        let actual = [F.instance("web", 1, on: "h1"), F.instance("web", 1, on: "h1", launchConfig: "data"), F.instance("mon", 1, on: "h1")] + onH2
        // h2 is lost: the scheduler knows h1 only (it is the only active host).
        var scheduler = Scheduler(hosts: [SchedulingHost(id: "h1", name: "host1")])
        let moved = Planner.plan(desired: desired, actual: actual, scheduler: &scheduler, lost: ["h2"])
        XCTAssertEqual(F.lines(moved), [
            "h1: create s-web-data-2 v1 (host h2 is lost: unit 2 placed again)",
            "h1: create s-web-2 v1 (host h2 is lost: unit 2 placed again)",
        ], "the global service's unit stays with its host")
        XCTAssertEqual(moved.allActions.map(\.instance), ["s/web/data/2/v1/r1", "s/web/web/2/v1/r1"], "new ids beside the old ones")

        let back = F.apply(moved, to: actual)
        let returned = plan(desired, back, F.scheduler([:], [:]))
        XCTAssertEqual(Set(returned.allActions.map(\.host)), ["h1"], "nothing that kept running on h2 is touched")
        XCTAssertEqual(Set(returned.allActions.map(\.instance)), ["s/web/data/2/v1/r1", "s/web/web/2/v1/r1"], "the copies go")
        XCTAssertEqual(Set(returned.allActions.map(\.kind)), [.stop, .remove])
        XCTAssertTrue(plan(desired, F.apply(returned, to: back), F.scheduler([:], [:])).isEmpty, "the scale is exact again")
    }
}
