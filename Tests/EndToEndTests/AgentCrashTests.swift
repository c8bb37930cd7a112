import Foundation
import TestSupport
import XCTest

/// `drover agent`s on two test hosts are killed with SIGKILL at random points of upgrades, ten times; each is started
/// again with its state file. In the end every unit runs exactly once, on the last version, nothing is orphaned, and
/// an agent that restarts restarts no container. The kill points come from a printed seed
/// (`DROVER_CRASH_SEED=<seed>` replays a run).
final class AgentCrashTests: DroverProcessTestCase {
    private var token = ""

    override func setUpWithError() throws {
        try super.setUpWithError()
        guard (Int(ProcessInfo.processInfo.environment["DROVER_TEST_HOSTS"] ?? "") ?? 0) >= 2 else {
            try RequiredParts.missing("no test hosts: run through scripts/test, which starts them with scripts/test-hosts")
        }
    }

    private func engine(_ index: Int) -> String { ProcessInfo.processInfo.environment["DROVER_TEST_HOST\(index)_DOCKER"]! }
    private func address(_ index: Int) -> String { ProcessInfo.processInfo.environment["DROVER_TEST_HOST\(index)_ADDRESS"]! }

    private func agent(_ index: Int) throws -> Running {
        try launch(["agent", "--url", url, "--token", token, "--name", "h\(index)", "--docker", engine(index), "--address", address(index),
                    "--state-file", directory + "/h\(index).json"])
    }

    /// The status of an API call on the default environment with the admin key.
    private func api(_ method: String, _ path: String) throws -> Int {
        let run = try ChildProcess.run("/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", method, "-u",
                                                         "\(keys["DROVER_ACCESS_KEY"] ?? ""):\(keys["DROVER_SECRET_KEY"] ?? "")",
                                                         "\(url)/v2-beta/projects/default\(path)"], timeout: 30)
        return Int(run.stdout) ?? 0
    }

    private func stackState() throws -> String {
        let items = (try JSONSerialization.jsonObject(with: Data(try drover("stacks", "--format", "json").stdout.utf8)) as? [[String: Any]]) ?? []
        return items.first { $0["name"] as? String == "app" }?["state"] as? String ?? "missing"
    }

    /// Every container of the stack on both hosts: name, instance, state, tag, start time.
    private func containersOnHosts() -> [[String]] {
        (1...2).flatMap { index in
            docker(engine(index), "ps", "-a", "--filter", "label=io.rancher.stack.name=app", "--format",
                   "{{.Names}} {{.Label \"io.drover.instance\"}} {{.State}} {{.Label \"tag\"}} {{.ID}}")
                .split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        }
    }

    func testKilledAgentsCarryOnWithoutDuplicatesAndRestartNothing() throws {
        let server = try startServer(localAgent: false)
        let line = try XCTUnwrap(server.stderr.split(separator: "\n").first { $0.contains("--token ") })
        token = String(line.split(separator: " ").last!)
        var agents = [try agent(1), try agent(2)]
        let rancher = "version: '2'\nservices:\n  web:\n    scale: 6\n    upgrade_strategy:\n      start_first: true\n      batch_size: 2\n"
        let app = try project("app", compose: Self.sleepers(tag: "0", withWorker: false), rancher: rancher)
        XCTAssertEqual(try drover("up", "-s", "app", "--wait-timeout", "120", cwd: app).status, 0)
        var generator = SeededRandom.replayable("DROVER_CRASH_SEED", test: name)
        var upgrades = 0
        var continued = 0
        for _ in 1...10 {
            if try stackState() == "canceled-upgrade" {
                // A step whose agent died mid-way can cancel the upgrade; a script continues it (Rancher's continueupgrade).
                continued += 1
                XCTAssertTrue((200..<300).contains(try api("POST", "/stacks/app?action=continueupgrade")))
            } else if try stackState() != "upgrading" {
                if try stackState() == "upgraded" { XCTAssertEqual(try drover("up", "-c", "-s", "app", "--wait-timeout", "120", cwd: app).status, 0) }
                upgrades += 1
                try project("app", compose: Self.sleepers(tag: "\(upgrades)", withWorker: false), rancher: rancher)
                let started = try drover("up", "-u", "-d", "-s", "app", cwd: app)
                XCTAssertEqual(started.status, 0, started.stderr)
            }
            Thread.sleep(forTimeInterval: Double.random(in: 0.05...1.0, using: &generator))
            let victim = Int.random(in: 0...1, using: &generator)
            kill(agents[victim].process.processIdentifier, SIGKILL)
            agents[victim].process.waitUntilExit()
            agents[victim] = try agent(victim + 1)
        }
        var waited = try drover("wait", "app", "--state", "upgraded", "--wait-timeout", "180")
        for _ in 0..<3 where try stackState() == "canceled-upgrade" {
            continued += 1
            XCTAssertTrue((200..<300).contains(try api("POST", "/stacks/app?action=continueupgrade")))
            waited = try drover("wait", "app", "--state", "upgraded", "--wait-timeout", "180")
        }
        XCTAssertEqual(waited.status, 0, waited.stderr + waited.stdout)
        print("AgentCrashTests: \(upgrades) upgrades, \(continued) continued after a cancel")
        XCTAssertEqual(try drover("up", "-c", "-s", "app", "--wait-timeout", "120", cwd: app).status, 0)
        let all = containersOnHosts()
        XCTAssertEqual(all.map { $0[0] }.sorted(), (1...6).map { "app-web-\($0)" }, "no duplicated or orphaned container: \(all)")
        XCTAssertEqual(Set(all.map { $0[1] }).count, 6, "one container per instance")
        XCTAssertEqual(Set(all.map { $0[2] }), ["running"])
        XCTAssertEqual(Set(all.map { $0[3] }), ["\(upgrades)"], "every container runs the last upgrade")

        let before = Dictionary(uniqueKeysWithValues: all.map { ($0[4], docker(engine(1), "inspect", "-f", "{{.State.StartedAt}}", $0[4])
                                                              + docker(engine(2), "inspect", "-f", "{{.State.StartedAt}}", $0[4])) })
        for index in 0...1 {
            kill(agents[index].process.processIdentifier, SIGKILL)
            agents[index].process.waitUntilExit()
            agents[index] = try agent(index + 1)
        }
        try waitUntil("both agents are connected again", timeout: 30) { agents.allSatisfy { $0.stderr.contains("connected to") } }
        // A pass that acts through the restarted agents: one more unit.
        XCTAssertEqual(try drover("scale", "app/web=7").status, 0)
        try waitUntil("the seventh unit runs", timeout: 60) { containersOnHosts().contains { $0[0] == "app-web-7" && $0[2] == "running" } }
        let after = containersOnHosts().filter { $0[0] != "app-web-7" }
        XCTAssertEqual(Set(after.map { $0[4] }), Set(before.keys), "the same containers")
        for (id, started) in before {
            let now = docker(engine(1), "inspect", "-f", "{{.State.StartedAt}}", id) + docker(engine(2), "inspect", "-f", "{{.State.StartedAt}}", id)
            XCTAssertEqual(now, started, "container \(id) was not restarted by the agents' restart")
        }
    }
}
