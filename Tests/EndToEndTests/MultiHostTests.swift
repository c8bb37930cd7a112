import Foundation
import TestSupport
import XCTest

/// `drover server` with two `drover agent`s, each on its own test host — a network namespace with its own dockerd
/// (scripts/test-hosts) — so scheduling, published ports, disconnection and re-adoption are tested across real engines.
final class MultiHostTests: DroverProcessTestCase {
    private var token = ""

    override func setUpWithError() throws {
        try super.setUpWithError()
        guard (Int(ProcessInfo.processInfo.environment["DROVER_TEST_HOSTS"] ?? "") ?? 0) >= 2 else {
            try RequiredParts.missing("no test hosts: run through scripts/test, which starts them with scripts/test-hosts")
        }
    }

    private func engine(_ index: Int) -> String { ProcessInfo.processInfo.environment["DROVER_TEST_HOST\(index)_DOCKER"]! }
    private func address(_ index: Int) -> String { ProcessInfo.processInfo.environment["DROVER_TEST_HOST\(index)_ADDRESS"]! }

    @discardableResult
    private func agent(_ index: Int, zone: String) throws -> Running {
        try launch(["agent", "--url", url, "--token", token, "--name", "h\(index)", "--labels", "zone=\(zone)", "--docker", engine(index),
                    "--address", address(index), "--state-file", directory + "/h\(index).json"])
    }

    private func hostStates() throws -> [String: String] {
        let run = try drover("hosts", "--format", "json")
        let items = (try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]]) ?? []
        return Dictionary(uniqueKeysWithValues: items.map { ($0["name"] as? String ?? "", $0["state"] as? String ?? "") })
    }

    /// Container name → (docker id, started at) on a test host's engine.
    private func started(_ index: Int) -> [String: String] {
        let lines = docker(engine(index), "ps", "-q").split(separator: "\n").map(String.init)
        guard !lines.isEmpty else { return [:] }
        let inspected = docker(engine(index), ["inspect", "--format", "{{.Name}} {{.Id}} {{.State.StartedAt}}"] + lines)
        return Dictionary(uniqueKeysWithValues: inspected.split(separator: "\n").map { line in
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            return (String(parts[0].dropFirst()), parts[1])
        })
    }

    func testAffinityPortsDisconnectionAndReadoptionAcrossHosts() throws {
        let server = try startServer(localAgent: false, extra: ["--heartbeat-timeout", "3"])
        let line = try XCTUnwrap(server.stderr.split(separator: "\n").first { $0.contains("--token ") })
        token = String(line.split(separator: " ").last!)
        try agent(1, zone: "a")
        let second = try agent(2, zone: "b")
        try waitUntil("both hosts active") { try hostStates() == ["h1": "active", "h2": "active"] }

        let port = 18_000 + Int.random(in: 0..<1000)
        let app = try project("app", compose: """
        version: '2'
        services:
          api:
            image: drover-local/busybox:latest
            command: sleep 3600
            init: true
            labels:
              io.rancher.scheduler.affinity:host_label: zone=a
          web:
            image: drover-local/busybox:latest
            command: sh -c 'echo started on h2 && echo served-by-$$(hostname) > /tmp/index.html && exec httpd -f -p 80 -h /tmp'
            init: true
            ports: ["\(port):80"]
            labels:
              io.rancher.scheduler.affinity:host_label: zone=b
          spread:
            image: drover-local/busybox:latest
            command: sleep 3600
            init: true
        """, rancher: "version: '2'\nservices:\n  api:\n    scale: 2\n  web:\n    scale: 1\n  spread:\n    scale: 2\n")
        let up = try drover("up", "-s", "app", cwd: app)
        XCTAssertEqual(up.status, 0, up.stderr)
        let placed = try containers(stack: "app").mapValues { $0["hostName"] as? String ?? "" }
        XCTAssertEqual(placed["app-api-1"], "h1")
        XCTAssertEqual(placed["app-api-2"], "h1")
        XCTAssertEqual(placed["app-web-1"], "h2")
        XCTAssertEqual([placed["app-spread-1"], placed["app-spread-2"]], ["h2", "h2"], "placed on the host with fewest containers (h1 runs api)")
        try waitUntil("the published port answers on host 2's address") { get("http://\(address(2)):\(port)/")?.hasPrefix("served-by-") == true }
        let logs = try drover("logs", "app/web")
        XCTAssertEqual(logs.status, 0, logs.stderr)
        XCTAssertEqual(logs.stdout, "started on h2\n", "read through the remote agent")

        let before = started(1)
        XCTAssertEqual(before.count, 2)
        let first = try XCTUnwrap(server.process.isRunning ? try agentProcess(1) : nil)
        kill(first.process.processIdentifier, SIGKILL)
        first.process.waitUntilExit()
        try agent(1, zone: "a")
        XCTAssertEqual(try drover("scale", "app/api=3").status, 0)
        try waitUntil("the third api container on h1 after the agent restarted") { started(1)["app-api-3"] != nil }
        let after = started(1)
        for (name, identity) in before { XCTAssertEqual(after[name], identity, "\(name) neither restarted nor duplicated") }
        XCTAssertEqual(after.count, 3)

        let onH2 = started(2)
        kill(second.process.processIdentifier, SIGKILL)
        second.process.waitUntilExit()
        try waitUntil("h2 disconnected") { try hostStates()["h2"] == "disconnected" }
        try waitUntil("the lost host's spread units run on h1") { started(1).count == 5 }
        let events = try drover("events", "--tail", "200").stdout
        XCTAssertTrue(events.contains("host h2 missed its heartbeats"), events)
        XCTAssertTrue(events.contains("is lost: unit 1 placed again"), events)
        let web = try drover("ps", "--format", "json").stdout
        XCTAssertTrue(web.contains("cannot place unit 1 of 1"), "web may only run in zone b: it says so \(web)")
        try agent(2, zone: "b")
        try waitUntil("h2 back") { try hostStates()["h2"] == "active" }
        try waitUntil("the copies on h1 are gone again") { started(1).count == 3 }
        XCTAssertEqual(started(2), onH2, "h2's containers kept running through it all: none restarted or duplicated")
    }

    func testALoadBalancerOnARemoteAgentFollowsItsTargets() throws {
        let server = try startServer(localAgent: false, extra: ["--lb-image", "drover-local/haproxy:latest"])
        let line = try XCTUnwrap(server.stderr.split(separator: "\n").first { $0.contains("--token ") })
        token = String(line.split(separator: " ").last!)
        try agent(2, zone: "b")
        try waitUntil("host 2 active") { try hostStates() == ["h2": "active"] }
        let port = 19_000 + Int.random(in: 0..<1000)
        let app = try project("lbapp", compose: """
        version: '2'
        services:
          web:
            image: drover-local/busybox:latest
            command: sh -c 'echo $$(hostname) > /tmp/index.html && exec httpd -f -p 8080 -h /tmp'
            init: true
            labels:
              io.rancher.container.hostname_override: container_name
          lb:
            image: rancher/lb-service-haproxy:v0.7.9
            ports: ["\(port):80"]
        """, rancher: """
        version: '2'
        services:
          web:
            scale: 2
          lb:
            lb_config:
              port_rules: [{source_port: 80, target_port: 8080, service: web}]
        """)
        XCTAssertEqual(try drover("up", "-s", "lbapp", cwd: app).status, 0)
        func answers() -> Set<String> {
            Set((0..<8).compactMap { _ in get("http://\(address(2)):\(port)/")?.trimmingCharacters(in: .whitespacesAndNewlines) })
        }
        try waitUntil("the balancer on host 2 answers from both containers") { answers() == ["lbapp-web-1", "lbapp-web-2"] }
        XCTAssertEqual(try drover("scale", "lbapp/web=3").status, 0)
        try waitUntil("and from the third after a scale") { answers().count == 3 }
        let files = try FileManager.default.contentsOfDirectory(atPath: directory + "/loadbalancers")
        XCTAssertEqual(files.count, 1, "the agent keeps the balancer's files beside its state file: \(files)")
    }

    /// The running agent process of host `index` (the last one launched for it).
    private func agentProcess(_ index: Int) throws -> Running? {
        launched.last { $0.process.arguments?.contains("h\(index)") == true && $0.process.isRunning }
    }
}
