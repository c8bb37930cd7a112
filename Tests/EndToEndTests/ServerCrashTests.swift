import Foundation
import TestSupport
import XCTest

/// `drover server` is killed with SIGKILL at random points of a deploy and of upgrades, ten times each; every restart
/// carries on where the store says it is, and in the end there is no duplicated and no orphaned container, and no
/// revision or event is lost. The kill points come from a printed seed: `DROVER_CRASH_SEED=<seed>` replays a run.
final class ServerCrashTests: DroverProcessTestCase {
    static func compose(_ tag: Int) -> String {
        DroverProcessTestCase.sleepers(tag: "\(tag)", withWorker: false)
    }

    static let rancher = "version: '2'\nservices:\n  web:\n    scale: 4\n    upgrade_strategy:\n      start_first: true\n      batch_size: 1\n      interval_millis: 200\n"

    private func stackState() throws -> String {
        let run = try drover("stacks", "--format", "json")
        let items = (try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]]) ?? []
        return items.first { $0["name"] as? String == "app" }?["state"] as? String ?? "missing"
    }

    func testKilledServersResumeUpgradesWithoutDuplicatesOrLoss() throws {
        var server = try startServer()
        let app = try project("app", compose: Self.compose(0), rancher: Self.rancher)
        XCTAssertEqual(try drover("up", "-s", "app", cwd: app).status, 0)
        var generator = SeededRandom.replayable("DROVER_CRASH_SEED", test: name)
        var kills = 0
        var upgrades = 0
        while kills < 10 {
            if try stackState() != "upgrading" {
                if try stackState() == "upgraded" { XCTAssertEqual(try drover("up", "-c", "-s", "app", cwd: app).status, 0) }
                upgrades += 1
                try project("app", compose: Self.compose(upgrades), rancher: Self.rancher)
                let started = try drover("up", "-u", "-d", "-s", "app", cwd: app)
                XCTAssertEqual(started.status, 0, started.stderr)
            }
            Thread.sleep(forTimeInterval: Double.random(in: 0.05...0.8, using: &generator))
            kill(server.process.processIdentifier, SIGKILL)
            server.process.waitUntilExit()
            kills += 1
            server = try startServer()
        }
        let waited = try drover("wait", "app", "--state", "upgraded", "--wait-timeout", "120")
        XCTAssertEqual(waited.status, 0, waited.stderr + waited.stdout)
        XCTAssertEqual(try drover("up", "-c", "-s", "app", cwd: app).status, 0)

        let all = docker(dockerHost, "ps", "-a", "--filter", "label=io.rancher.stack.name=app", "--format", "{{.Names}} {{.Label \"io.drover.instance\"}} {{.State}} {{.Label \"tag\"}}")
            .split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        XCTAssertEqual(all.map { $0[0] }.sorted(), ["app-web-1", "app-web-2", "app-web-3", "app-web-4"], "no duplicated or orphaned container: \(all)")
        XCTAssertEqual(Set(all.map { $0[1] }).count, 4, "one container per instance")
        XCTAssertEqual(Set(all.map { $0[2] }), ["running"])
        XCTAssertEqual(Set(all.map { $0[3] }), ["\(upgrades)"], "every container runs the last upgrade")
        let revisions = try drover("inspect", "app", "--revisions")
        XCTAssertEqual(revisions.stdout.components(separatedBy: "\"type\" : \"revision\"").count - 1, upgrades + 1, "one revision per accepted change")
        let events = try drover("events", "--tail", "10000").stdout
        XCTAssertEqual(events.components(separatedBy: "stack app created at revision 1").count - 1, 1)
        for number in 2...(upgrades + 1) {
            XCTAssertTrue(events.contains("stack app at revision \(number): upgrading web"), "event of revision \(number) kept")
        }
        XCTAssertTrue(events.contains("resuming its upgrade after a restart"), events)
    }

    /// A SIGTERM that arrives the moment the server starts answering stops it (a handler installed after startup
    /// used to drop such a signal, and the server ran on).
    func testSIGTERMRightAfterStartStopsTheServerEveryTime() throws {
        for attempt in 1...10 {
            let running = try launch(["server", "--data-dir", directory + "/data", "--listen", "127.0.0.1:0"])
            try waitUntil("the server prints its address", timeout: 30) { running.stderr.contains("listening on http://") || !running.process.isRunning }
            running.process.terminate()
            try waitUntil("attempt \(attempt): the server stops on SIGTERM", timeout: 15) { !running.process.isRunning }
            XCTAssertEqual(running.process.terminationStatus, 0, "attempt \(attempt): \(running.stderr)")
            XCTAssertTrue(running.stderr.contains("stopping"), running.stderr)
        }
    }

    /// Units of a primary and a sidekick that shares its volumes: both members of a unit must exist exactly once.
    static let withSidekick = """
        version: '2'
        services:
          web:
            image: drover-local/busybox:latest
            command: sleep 3600
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

    func testKilledServersFinishDeploysWithoutDuplicatesOrLoss() throws {
        var server = try startServer()
        let rancher = Self.rancher.replacingOccurrences(of: "scale: 4", with: "scale: 8")
        let app = try project("app", compose: Self.withSidekick, rancher: rancher)
        var generator = SeededRandom.replayable("DROVER_CRASH_SEED", test: name)
        for _ in 1...10 {
            if try stackState() == "missing" {
                let started = try drover("up", "-d", "-s", "app", cwd: app)
                XCTAssertEqual(started.status, 0, started.stderr)
            }
            Thread.sleep(forTimeInterval: Double.random(in: 0.05...0.6, using: &generator))
            kill(server.process.processIdentifier, SIGKILL)
            server.process.waitUntilExit()
            server = try startServer()
        }
        let waited = try drover("wait", "app", "--wait-timeout", "120")
        XCTAssertEqual(waited.status, 0, waited.stderr + waited.stdout)
        let all = docker(dockerHost, "ps", "-a", "--filter", "label=io.rancher.stack.name=app", "--format", "{{.Names}} {{.Label \"io.drover.instance\"}} {{.State}}")
            .split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        XCTAssertEqual(all.map { $0[0] }.sorted(), ((1...8).map { "app-web-\($0)" } + (1...8).map { "app-web-data-\($0)" }).sorted(),
                       "no duplicated or orphaned container: \(all)")
        XCTAssertEqual(Set(all.map { $0[1] }).count, 16, "one container per unit member")
        XCTAssertEqual(Set(all.map { $0[2] }), ["running"])
        let revisions = try drover("inspect", "app", "--revisions")
        XCTAssertEqual(revisions.stdout.components(separatedBy: "\"type\" : \"revision\"").count - 1, 1)
        let events = try drover("events", "--tail", "10000").stdout
        XCTAssertEqual(events.components(separatedBy: "stack app created at revision 1").count - 1, 1)
    }
}
