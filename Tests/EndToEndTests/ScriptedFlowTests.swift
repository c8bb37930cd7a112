import Foundation
import TestSupport
import XCTest

/// The flows scripts run against `drover server --local-agent`, with real processes: up → up --upgrade →
/// up --confirm-upgrade; up --upgrade → up --rollback; several -f files deployed and upgraded as one stack; a catalog template from an answers file, upgraded with its
/// answers kept; a client killed mid-upgrade; bad requests that leave the server serving.
final class ScriptedFlowTests: DroverProcessTestCase {
    static func compose(_ tag: String) -> String {
        DroverProcessTestCase.sleepers(tag: tag, withWorker: true)
    }

    static let rancher = """
    version: '2'
    services:
      web:
        scale: 2
        upgrade_strategy:
          start_first: true
          batch_size: 1
          interval_millis: 0
      worker:
        scale: 1
    """

    /// Running containers of a stack as name → version.
    private func versions(_ stack: String) throws -> [String: Int] {
        try containers(stack: stack).filter { $0.value["state"] as? String == "running" }.mapValues { $0["version"] as? Int ?? 0 }
    }

    func testUpUpgradeConfirmAndRollback() throws {
        try startServer()
        let app = try project("app", compose: Self.compose("one"), rancher: Self.rancher)
        let created = try drover("up", "-s", "app", cwd: app)
        XCTAssertEqual(created.status, 0, created.stderr)
        XCTAssertTrue(created.stdout.contains("stack app: active at revision 1"), created.stdout)
        XCTAssertTrue(created.stderr.contains("service web active"), created.stderr)
        XCTAssertEqual(try versions("app"), ["app-web-1": 1, "app-web-2": 1, "app-worker-1": 1])

        try project("app", compose: Self.compose("two"), rancher: Self.rancher)
        let plan = try drover("plan", "-s", "app", cwd: app)
        XCTAssertEqual(plan.status, 0, plan.stderr)
        XCTAssertTrue(plan.stdout.hasPrefix("upgraded: web\nhost "), plan.stdout)
        XCTAssertTrue(plan.stdout.contains("  create app-web-1 v2  (upgrade to v2)\n    docker run -d --name app-web-1 "), plan.stdout)
        XCTAssertTrue(plan.stdout.contains("  stop app-web-2 v1  (replaced by v2; kept until finish-upgrade)"), plan.stdout)
        let plain = try drover("up", "-s", "app", cwd: app)
        XCTAssertEqual(plain.status, 0, plain.stderr)
        XCTAssertTrue(plain.stderr.contains("stack app exists and its files changed (web): run with --upgrade to apply"), plain.stderr)

        let upgraded = try drover("up", "-u", "-s", "app", cwd: app)
        XCTAssertEqual(upgraded.status, 0, upgraded.stderr)
        XCTAssertTrue(upgraded.stdout.contains("stack app: upgraded at revision 2"), upgraded.stdout)
        XCTAssertTrue(upgraded.stderr.contains("service web: batch 2 of 2: units 2 running"), upgraded.stderr)
        XCTAssertEqual(try versions("app"), ["app-web-1": 2, "app-web-2": 2, "app-worker-1": 1])
        XCTAssertEqual(try containers(stack: "app").count, 5, "old containers kept until confirmed")

        let confirmed = try drover("up", "--confirm-upgrade", "-s", "app", cwd: app)
        XCTAssertEqual(confirmed.status, 0, confirmed.stderr)
        XCTAssertTrue(confirmed.stdout.contains("stack app: active at revision 2"), confirmed.stdout)
        XCTAssertEqual(try containers(stack: "app").count, 3)

        try project("app", compose: Self.compose("three"), rancher: Self.rancher)
        XCTAssertEqual(try drover("up", "--upgrade", "-s", "app", cwd: app).status, 0)
        XCTAssertEqual(try versions("app"), ["app-web-1": 3, "app-web-2": 3, "app-worker-1": 1])
        let rollbackPlan = try drover("rollback", "app", "--dry-run")
        XCTAssertEqual(rollbackPlan.status, 0, rollbackPlan.stderr)
        XCTAssertTrue(rollbackPlan.stdout.contains("  remove app-web-1 v3  (rolled back)"), rollbackPlan.stdout)
        XCTAssertTrue(rollbackPlan.stdout.contains("  start app-web-2 v2  (back to v2)"), rollbackPlan.stdout)
        XCTAssertEqual(try versions("app"), ["app-web-1": 3, "app-web-2": 3, "app-worker-1": 1], "a dry run changes nothing")
        let rolledBack = try drover("up", "-r", "-s", "app", cwd: app)
        XCTAssertEqual(rolledBack.status, 0, rolledBack.stderr)
        XCTAssertTrue(rolledBack.stdout.contains("stack app: active at revision 2"), rolledBack.stdout)
        XCTAssertEqual(try versions("app"), ["app-web-1": 2, "app-web-2": 2, "app-worker-1": 1])
        XCTAssertEqual(try containers(stack: "app").count, 3, "rollback removed the new containers")

        let scalePlan = try drover("scale", "app/web=3", "--dry-run")
        XCTAssertEqual(scalePlan.status, 0, scalePlan.stderr)
        XCTAssertTrue(scalePlan.stdout.contains("  create app-web-3 v2  ("), scalePlan.stdout)
        XCTAssertTrue(scalePlan.stdout.contains("docker run -d --name app-web-3 "), scalePlan.stdout)
        let back = try drover("rollback", "app", "--to-revision", "1")
        XCTAssertEqual(back.status, 0, back.stderr)
        XCTAssertTrue(back.stdout.contains("stack app: active at revision 4"), back.stdout)
        XCTAssertEqual(try versions("app"), ["app-web-1": 4, "app-web-2": 4, "app-worker-1": 1])
        let labels = docker(dockerHost, "inspect", "--format", "{{index .Config.Labels \"tag\"}}", "app-web-1")
        XCTAssertEqual(labels, "one", "revision 1's definition runs again")

        let invalid = try project("bad", compose: "version: '2'\nservices:\n  web:\n    image: drover-local/busybox:latest\n    ports: [eighty]\n")
        let refused = try drover("up", "-s", "bad", cwd: invalid)
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stderr.contains("docker-compose.yml:5:"), refused.stderr)
        XCTAssertTrue(try drover("stacks").stdout.split(separator: "\n").allSatisfy { !$0.hasPrefix("bad ") }, "nothing written for the refused stack")

        let exported = try drover("export", "app", "-o", directory + "/exported")
        XCTAssertEqual(exported.status, 0, exported.stderr)
        XCTAssertEqual(try String(contentsOfFile: directory + "/exported/docker-compose.yml", encoding: .utf8), Self.compose("one"),
                       "export gives the files of the running revision")
        XCTAssertEqual(try String(contentsOfFile: directory + "/exported/rancher-compose.yml", encoding: .utf8), Self.rancher)
        let saved = try drover("catalog", "save", "app", "--catalog", directory + "/mine")
        XCTAssertEqual(saved.status, 0, saved.stderr)
        let render = try drover("catalog", "render", "app:0", "--catalog", directory + "/mine", "--definition", "--format", "json")
        XCTAssertEqual(render.status, 0, render.stderr)
        XCTAssertTrue(render.stdout.contains("\"tag\" : \"one\""), "the saved version recreates the running stack: \(render.stdout)")

        let removed = try drover("rm", "app")
        XCTAssertEqual(removed.status, 0, removed.stderr)
        XCTAssertEqual(docker(dockerHost, "ps", "-aq", "--filter", "label=io.rancher.stack.name=app"), "")
    }

    func testSeveralComposeFilesDeployAndUpgradeAsOneStack() throws {
        try startServer()
        let app = try project("multi", compose: Self.compose("base"))
        let override = { (tag: String) in
            "version: '2'\nservices:\n  web:\n    labels:\n      tag: \"\(tag)\"\n    environment:\n      MODE: \"\(tag)\"\n"
                + "  worker:\n    command: sleep 7200\n"
        }
        try override("staging").write(toFile: app + "/override.yml", atomically: true, encoding: .utf8)
        let created = try drover("up", "-s", "multi", "-f", "docker-compose.yml", "-f", "override.yml", cwd: app)
        XCTAssertEqual(created.status, 0, created.stderr)
        XCTAssertTrue(created.stdout.contains("stack multi: active at revision 1"), created.stdout)
        XCTAssertEqual(docker(dockerHost, "inspect", "--format", "{{index .Config.Labels \"tag\"}}", "multi-web-1"), "staging")
        XCTAssertTrue(docker(dockerHost, "inspect", "--format", "{{json .Config.Env}}", "multi-web-1").contains("MODE=staging"))
        XCTAssertEqual(docker(dockerHost, "inspect", "--format", "{{json .Config.Cmd}}", "multi-worker-1"), "[\"sleep\",\"7200\"]",
                       "the later file's command replaces the first's")

        try override("production").write(toFile: app + "/override.yml", atomically: true, encoding: .utf8)
        let upgraded = try drover("up", "-u", "-c", "-s", "multi", "-f", "docker-compose.yml", "-f", "override.yml", cwd: app)
        XCTAssertEqual(upgraded.status, 0, upgraded.stderr)
        XCTAssertTrue(upgraded.stdout.contains("stack multi: active at revision 2"), upgraded.stdout)
        XCTAssertEqual(try versions("multi"), ["multi-web-1": 2, "multi-worker-1": 1], "only the service whose merged config changed")
        XCTAssertEqual(docker(dockerHost, "inspect", "--format", "{{index .Config.Labels \"tag\"}}", "multi-web-1"), "production")

        // The CLI merges and checks the files itself: a broken one is refused before anything is sent to the server.
        try "version: '2'\nservices:\n  web:\n    ports: [eighty]\n".write(toFile: app + "/broken.yml", atomically: true, encoding: .utf8)
        let eventIds = { () throws -> [Int] in
            try self.drover("events", "--tail", "10000", "--format", "json").stdout.split(separator: "\n").compactMap { line in
                (try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["id"] as? Int
            }
        }
        let eventsBefore = try eventIds()
        let refused = try drover("up", "-u", "-s", "multi", "-f", "docker-compose.yml", "-f", "broken.yml", cwd: app)
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stderr.contains("broken.yml:4:"), "the error names the file it is in: \(refused.stderr)")
        XCTAssertEqual(try eventIds(), eventsBefore, "the server heard nothing of it")
        XCTAssertFalse(eventsBefore.isEmpty)
        XCTAssertEqual(try versions("multi"), ["multi-web-1": 2, "multi-worker-1": 1], "a refused upgrade changes nothing")
    }

    func testCatalogTemplateFromAnswersFileUpgradedWithAnswersKept() throws {
        try startServer()
        let port = FreePorts.take(1)[0]
        let answers = directory + "/answers.yml"
        try "greeting: Howdy\npublic_port: \(port)\nscale: 2\n".write(toFile: answers, atomically: true, encoding: .utf8)
        let installed = try drover("catalog", "install", "hello:0", "--answers", answers, "--name", "web")
        XCTAssertEqual(installed.status, 0, installed.stderr)
        try waitUntil("the front answers") { get("http://127.0.0.1:\(port)/")?.hasPrefix("Howdy from ") == true }
        XCTAssertEqual(try versions("web").keys.sorted(), ["web-front-1", "web-hello-1", "web-hello-2"])

        let upgraded = try drover("catalog", "upgrade", "hello:1", "--stack", "web", "--confirm")
        XCTAssertEqual(upgraded.status, 0, upgraded.stderr)
        try waitUntil("v1.1 answers with the kept greeting") {
            let answer = get("http://127.0.0.1:\(port)/") ?? ""
            return answer.hasPrefix("Howdy from ") && answer.contains("(v1.1)")
        }
        let stack = try drover("inspect", "web")
        XCTAssertTrue(stack.stdout.contains("\"externalId\" : \"catalog://library:hello:1\""), stack.stdout)
        XCTAssertTrue(stack.stdout.contains("\"greeting\" : \"Howdy\""), stack.stdout)

        let saved = try drover("catalog", "save", "web", "--catalog", directory + "/mine", "--template", "greeter")
        XCTAssertEqual(saved.status, 0, saved.stderr)
        XCTAssertTrue(saved.stdout.contains("version 0 (1.0.0)"), saved.stdout)
        let shown = try drover("catalog", "show", "greeter:0", "--catalog", directory + "/mine", "--format", "json")
        XCTAssertEqual(shown.status, 0, shown.stderr)
        XCTAssertTrue(shown.stdout.contains("\"variable\" : \"greeting\""), "the template's questions are kept: \(shown.stdout)")
        let rendered = try drover("catalog", "render", "greeter:0", "--catalog", directory + "/mine", "--set", "greeting=Hej", "--definition", "--format", "json")
        XCTAssertEqual(rendered.status, 0, rendered.stderr)
        XCTAssertTrue(rendered.stdout.contains("\"GREETING\" : \"Hej\""), rendered.stdout)

        let rejected = try drover("catalog", "install", "hello:0", "--set", "public_port=eighty", "--name", "other")
        XCTAssertEqual(rejected.status, 1)
        XCTAssertTrue(rejected.stderr.contains("public_port"), rejected.stderr)
    }

    func testAClientKilledMidUpgradeLeavesTheUpgradeRunning() throws {
        try startServer()
        let slow = Self.rancher.replacingOccurrences(of: "scale: 2", with: "scale: 3").replacingOccurrences(of: "interval_millis: 0", with: "interval_millis: 1500")
        let app = try project("app", compose: Self.compose("one"), rancher: slow)
        XCTAssertEqual(try drover("up", "-s", "app", cwd: app).status, 0)
        try project("app", compose: Self.compose("two"), rancher: slow)
        let client = try launch(["up", "-u", "-s", "app", "--file", app + "/docker-compose.yml"])
        try waitUntil("the first batch") { client.stderr.contains("batch 1 of 3") }
        kill(client.process.processIdentifier, SIGKILL)
        client.process.waitUntilExit()
        let waited = try drover("wait", "app", "--state", "upgraded", "--wait-timeout", "60")
        XCTAssertEqual(waited.status, 0, waited.stderr)
        XCTAssertEqual(try versions("app"), ["app-web-1": 2, "app-web-2": 2, "app-web-3": 2, "app-worker-1": 1])
    }

    /// Reconcile passes the server has run (from `/metrics`).
    private func reconcilePasses() throws -> Int {
        let run = try command("/usr/bin/env", ["curl", "-fsS", "-u", "\(keys["DROVER_ACCESS_KEY"]!):\(keys["DROVER_SECRET_KEY"]!)", "\(url)/metrics"])
        let line = run.stdout.split(separator: "\n").first { $0.hasPrefix("drover_reconcile_seconds_count ") }
        return Int(line?.split(separator: " ").last ?? "") ?? 0
    }

    private func startedAt(_ name: String) -> String {
        docker(dockerHost, "inspect", "--format", "{{.Id}} {{.State.StartedAt}} {{.State.Running}}", name)
    }

    func testRollingRestartStopAndStart() throws {
        try startServer()
        let app = try project("app", compose: Self.compose("one"), rancher: Self.rancher)
        XCTAssertEqual(try drover("up", "-s", "app", cwd: app).status, 0)
        let before = ["app-web-1", "app-web-2"].map(startedAt)
        let restarted = try drover("restart", "app/web", "--batch-size", "1")
        XCTAssertEqual(restarted.status, 0, restarted.stderr)
        XCTAssertEqual(restarted.stdout, "app.web: active\n")
        let after = ["app-web-1", "app-web-2"].map(startedAt)
        for (old, new) in zip(before, after) {
            XCTAssertEqual(old.split(separator: " ").first, new.split(separator: " ").first, "same container")
            XCTAssertNotEqual(old, new, "started again")
        }
        XCTAssertTrue(try drover("events", "--tail", "50").stdout.contains("service web: restart batch 2 of 2: units 2 running"))

        let stopped = try drover("stop", "app/web", "app/worker")
        XCTAssertEqual(stopped.status, 0, stopped.stderr)
        XCTAssertEqual(stopped.stdout, "app.web: inactive\napp.worker: inactive\n")
        let passes = try reconcilePasses()
        try waitUntil("two more reconcile passes") { try reconcilePasses() >= passes + 2 }
        XCTAssertEqual(Set(try containers(stack: "app").values.map { $0["state"] as? String ?? "" }), ["exited"], "reconcile passes leave a stopped service alone")
        XCTAssertTrue(try drover("stacks").stdout.contains("inactive"))
        XCTAssertEqual(try drover("start", "app").status, 0)
        try waitUntil("running again") { try versions("app").count == 3 }
        XCTAssertEqual(after.map { $0.split(separator: " ").first }, ["app-web-1", "app-web-2"].map { startedAt($0).split(separator: " ").first },
                       "the same containers started again")
    }

    func testBadRequestsGetTheirStatusAndTheServerKeepsServing() throws {
        try startServer()
        let port = try XCTUnwrap(Int(url.split(separator: ":").last ?? ""))
        func raw(_ bytes: String) throws -> String {
            let run = try command("/usr/bin/env", ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/\(port); printf '%s' \"$1\" >&3; timeout 5 head -c 200 <&3", "_", bytes])
            return run.stdout
        }
        XCTAssertTrue(try raw("GARBAGE\r\n\r\n").hasPrefix("HTTP/1.1 400"), "malformed request line")
        XCTAssertTrue(try raw("GET /ping HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "a", count: 100_000))\r\n\r\n").hasPrefix("HTTP/1.1 431"))
        XCTAssertTrue(try raw("POST /v2-beta/projects HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999\r\n\r\n").hasPrefix("HTTP/1.1 413"))
        XCTAssertTrue(try raw("GET /v2-beta/projects HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").hasPrefix("HTTP/1.1 401"))
        XCTAssertEqual(get("\(url)/ping"), "pong")
        let listed = try drover("stacks", "--format", "json")
        XCTAssertEqual(listed.status, 0, listed.stderr)
        let wrong = try command(Self.binary.path, ["stacks", "--secret-key", "nope"])
        XCTAssertEqual(wrong.status, 1)
        XCTAssertTrue(wrong.stderr.contains("the access key and secret key do not match a key of this server"), wrong.stderr)
    }
}
