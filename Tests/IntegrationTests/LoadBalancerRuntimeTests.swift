import DroverAgent
import DroverBasics
import DroverCompose
import DroverDocker
import DroverHTTP
import DroverModel
import DroverOrchestrator
import DroverStore
import Foundation
import TestSupport
import XCTest

/// Load balancers run by the orchestrator on a real engine with real HAProxy containers: a stack's balancer spreads
/// requests over its targets, follows them through scaling, upgrades, finish and rollback without failing a single
/// request of a steady load, and keeps serving its previous configuration when HAProxy refuses a new one.
final class LoadBalancerRuntimeTests: EngineTestCase {
    static let haproxy = "drover-local/haproxy:latest"
    private var path = ""
    private var store: StackStore!
    private var controller: Controller!
    private var agent: LocalAgent!
    private var directory = ""
    private var port = 0
    private var hostId: String { "\(runId)-h1" }
    private var stackId: String { Controller.stackId(runId, "app") }

    override func setUpWithError() throws {
        try super.setUpWithError()
        XCTAssertNotNil(try client.inspectImage(Self.haproxy), "run scripts/build-images first")
        path = NSTemporaryDirectory() + "drover-lb-\(runId).sqlite"
        directory = NSTemporaryDirectory() + "drover-lb-\(runId)"
        store = try StackStore(path: path)
        try store.createEnvironment(id: runId, name: "env-\(runId)", actor: "admin")
        _ = try store.registerHost(environmentId: runId, HostRegistration(name: "h1"), newId: hostId, actor: "test")
        let agents = AgentRegistry()
        agent = LocalAgent(executor: Executor(client: client, host: hostId, loadBalancerDirectory: directory))
        agents.register(agent)
        controller = Controller(store: store, agents: agents, upgradeWaitTimeout: 30, loadBalancerImage: Self.haproxy)
        port = FreePorts.take(1)[0]
    }

    override func tearDownWithError() throws {
        XCTAssertTrue(controller?.jobs.waitUntilIdle(timeout: 30) ?? true)
        store = nil
        controller = nil
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        try super.tearDownWithError()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// busybox httpd answering `<version> <hostname>` on 8080 behind a balancer published on `port`.
    private func compose(version: String = "v1") -> String {
        """
        version: '2'
        services:
          web:
            image: \(Self.busybox)
            command: ["sh", "-c", "mkdir -p /www && echo \(version) $$(hostname) > /www/index.html && exec httpd -f -p 8080 -h /www"]
            init: true
          lb:
            image: rancher/lb-service-haproxy:v0.7.9
            ports: ["127.0.0.1:\(port):80"]
        """
    }

    private func rancher(scale: Int = 3, config: String? = nil) -> String {
        """
        version: '2'
        services:
          web:
            scale: \(scale)
            upgrade_strategy: {start_first: true, batch_size: 1, interval_millis: 0}
          lb:
            scale: 1
            lb_config:
        \(config.map { "      config: \($0)\n" } ?? "")      port_rules:
              - {source_port: 80, target_port: 8080, service: web}
        """
    }

    private func source(_ compose: String, _ rancher: String) throws -> StackSource {
        let definition = try StackLoader().load(compose: SourceFile(name: "docker-compose.yml", text: compose),
                                                rancher: SourceFile(name: "rancher-compose.yml", text: rancher)).definition
        return StackSource(dockerCompose: compose, rancherCompose: rancher, definition: definition)
    }

    private func settle() {
        XCTAssertTrue(controller.jobs.waitUntilIdle(timeout: 60), "the controller's work did not end within 60 s")
    }

    /// One request through the balancer on a connection of its own: the body, or why there is none.
    private func get() -> Result<String, HTTPClientError> {
        Self.get(port: port)
    }

    private static func get(port: Int) -> Result<String, HTTPClientError> {
        let client = HTTPClient(endpoint: .tcp(host: "127.0.0.1", port: port), timeout: 10, maxIdleConnections: 0)
        do {
            let response = try client.send(HTTPRequest(method: "GET", target: "/"))
            guard response.status == 200 else {
                return .failure(.malformed(endpoint: "lb", reason: "status \(response.status)"))
            }
            return .success(String(decoding: response.body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        } catch {
            return .failure(error)
        }
    }

    /// The answers of `count` requests, waiting first until the balancer answers at all.
    private func answers(_ count: Int) throws -> [String] {
        try waitUntil("the balancer answers on \(port)", timeout: 30) { if case .success = get() { return true } else { return false } }
        return try (0..<count).map { _ in try get().get() }
    }

    /// Waits until the balancer's answers come from exactly `backends` different containers, all of `version`.
    private func waitForBackends(_ backends: Int, version: String = "v1") throws {
        try waitUntil("\(backends) backends of \(version) answer", timeout: 30) {
            let seen = try answers(backends * 4)
            return Set(seen).count == backends && seen.allSatisfy { $0.hasPrefix(version + " ") }
        }
    }

    /// The pid of the HAProxy worker of the stack's one balancer, asked through its runtime API.
    private func workerPid() throws -> String {
        let balancers = try FileManager.default.contentsOfDirectory(atPath: directory)
        XCTAssertEqual(balancers.count, 1, "\(balancers)")
        let info = try LineExchange.send("show info", to: .unix(path: "\(directory)/\(balancers[0])/admin.sock"))
        return try XCTUnwrap(info.split(separator: "\n").first { $0.hasPrefix("Pid: ") }.map(String.init), info)
    }

    func testRequestsAreSpreadOverEveryTarget() throws {
        _ = try controller.createStack(environmentId: runId, name: "app", source: try source(compose(), rancher()), actor: "test")
        settle()
        try waitForBackends(3)
        let counts = Dictionary(grouping: try answers(30), by: { $0 }).mapValues(\.count)
        XCTAssertEqual(counts.count, 3, "\(counts)")
        XCTAssertEqual(Set(counts.values), [10], "round robin: each backend takes every third request \(counts)")
        let lb = try XCTUnwrap(try store.service(stackId + "/lb"))
        XCTAssertEqual(lb.state, .active)
        XCTAssertEqual(try client.listContainers(labels: ["io.drover.environment=\(runId)"]).first { $0.name == "app-lb-1" }?.image, Self.haproxy)
    }

    func testNoRequestFailsWhileTargetsScaleUpgradeFinishAndRollBack() throws {
        _ = try controller.createStack(environmentId: runId, name: "app", source: try source(compose(), rancher()), actor: "test")
        settle()
        try waitForBackends(3)
        let load = SteadyLoad(clients: 4) { [port] in Self.get(port: port) }
        let worker = try workerPid()
        try controller.scale(stackId + "/web", to: 6, actor: "test")
        settle()
        try waitForBackends(6)
        try controller.scale(stackId + "/web", to: 2, actor: "test")
        settle()
        try waitForBackends(2)
        XCTAssertEqual(try workerPid(), worker, "scaling changed the servers through the runtime API, without a reload")
        try controller.upgradeStack(stackId, source: try source(compose(version: "v2"), rancher(scale: 2)), options: UpgradeOptions(), actor: "test")
        settle()
        try controller.finishUpgrade(stackId, actor: "test")
        settle()
        try waitForBackends(2, version: "v2")
        let afterFinish = try answers(20)
        try controller.upgradeStack(stackId, source: try source(compose(version: "v3"), rancher(scale: 2)), options: UpgradeOptions(), actor: "test")
        settle()
        try controller.rollback(stackId, actor: "test")
        settle()
        try waitForBackends(2, version: "v2")
        let result = load.stop()
        XCTAssertEqual(result.failures.count, 0, "every request of the steady load is answered (\(result.succeeded) were); failed: "
                       + "\(Dictionary(grouping: result.failures, by: { $0 }).mapValues(\.count))")
        XCTAssertGreaterThan(result.succeeded, 200, "the load ran throughout")
        XCTAssertTrue(afterFinish.allSatisfy { $0.hasPrefix("v2 ") }, "after the finished upgrade every answer is v2: \(afterFinish)")
    }

    func testAConfigurationHAProxyRefusesLeavesThePreviousOneServing() throws {
        _ = try controller.createStack(environmentId: runId, name: "app", source: try source(compose(), rancher(scale: 2)), actor: "test")
        settle()
        try waitForBackends(2)
        let refused = "\"defaults\\n  timeout connect fivesecs\\n\""
        try controller.upgradeStack(stackId, source: try source(compose(), rancher(scale: 2, config: refused)), options: UpgradeOptions(),
                                    actor: "test")
        settle()
        try waitUntil("the balancer's service shows HAProxy's refusal", timeout: 30) {
            try controller.reconcile.converge(environmentId: runId)
            return try store.service(stackId + "/lb")?.state == .error
        }
        let message = try XCTUnwrap(try store.service(stackId + "/lb")?.transitioningMessage)
        XCTAssertTrue(message.contains("HAProxy refused") && message.contains("'timeout connect'"), message)
        XCTAssertEqual(Set(try answers(10)).count, 2, "the previous configuration still serves both backends")
    }
}

extension LoadBalancerRuntimeTests {
    /// An environment certificate from a fixture holding the certificate and its key.
    private func addCertificate(_ name: String) throws {
        let pem = fixture("../../DroverLoadBalancerTests/Fixtures/tls/\(name).pem")
        let split = try XCTUnwrap(pem.range(of: "-----BEGIN PRIVATE KEY-----"), "the fixture holds a key")
        try store.addCertificate(StoredCertificate(id: "\(runId)-\(name)", environmentId: runId, name: name, certificate: String(pem[..<split.lowerBound]),
                                                   commonName: name, subjectAlternativeNames: [], notBefore: 0, notAfter: 4_102_444_800),
                                 key: String(pem[split.lowerBound...]), actor: "test")
    }

    /// The body and headers an HTTP/1.0 request with `headers` gets from the balancer's port 80.
    private func ask(_ path: String = "/", headers: [HTTPHeader]) throws -> HTTPResponse {
        let client = HTTPClient(endpoint: .tcp(host: "127.0.0.1", port: port), timeout: 10, maxIdleConnections: 0)
        return try client.send(HTTPRequest(method: "GET", target: path, headers: headers))
    }

    func testHostsPathsStickinessAndTLSThroughTheOrchestrator() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl") else { try RequiredParts.missing("openssl is not installed") }
        try addCertificate("example")
        try addCertificate("other")
        let https = FreePorts.take(1)[0]
        let serve = "mkdir -p /www/api && echo $$NAME $$(hostname) | tee /www/index.html > /www/api/index.html && exec httpd -f -p 8080 -h /www"
        let compose = """
            version: '2'
            services:
              web:
                image: \(Self.busybox)
                command: ["sh", "-c", "\(serve)"]
                environment: {NAME: web}
                init: true
              api:
                image: \(Self.busybox)
                command: ["sh", "-c", "\(serve)"]
                environment: {NAME: api}
                init: true
              lb:
                image: rancher/lb-service-haproxy:v0.7.9
                ports: ["127.0.0.1:\(port):80", "127.0.0.1:\(https):443"]
            """
        let rancher = """
            version: '2'
            services:
              web: {scale: 2}
              api: {scale: 1}
              lb:
                lb_config:
                  default_cert: example
                  certs: [other]
                  stickiness_policy: {cookie: lb, mode: insert, indirect: true, nocache: true}
                  port_rules:
                  - {source_port: 80, target_port: 8080, service: web}
                  - {source_port: 80, target_port: 8080, service: api, hostname: api.example.com}
                  - {source_port: 80, target_port: 8080, service: api, path: /api}
                  - {source_port: 443, target_port: 8080, service: web, protocol: https}
                  - {source_port: 443, target_port: 8080, service: api, hostname: other.test, protocol: https}
            """
        _ = try controller.createStack(environmentId: runId, name: "app", source: try source(compose, rancher), actor: "test")
        settle()
        try waitUntil("the balancer routes", timeout: 30) { (try? ask(headers: [])).map { $0.status == 200 } ?? false }
        func body(_ response: HTTPResponse) -> String { String(decoding: response.body, as: UTF8.self) }
        XCTAssertTrue(body(try ask(headers: [HTTPHeader("Host", "api.example.com")])).hasPrefix("api "), "by host")
        XCTAssertTrue(body(try ask("/api/", headers: [HTTPHeader("Host", "x.test")])).hasPrefix("api "), "by path")
        let first = try ask(headers: [HTTPHeader("Host", "x.test")])
        XCTAssertTrue(body(first).hasPrefix("web "), body(first))
        let cookie = try XCTUnwrap(first.headers.value(of: "Set-Cookie")?.split(separator: ";").first.map(String.init), "stickiness sets a cookie")
        let sticky = try (0..<8).map { _ in body(try ask(headers: [HTTPHeader("Host", "x.test"), HTTPHeader("Cookie", cookie)])) }
        XCTAssertEqual(Set(sticky), [body(first)], "the cookie keeps the client on one backend")
        let unsticky = try (0..<8).map { _ in body(try ask(headers: [HTTPHeader("Host", "x.test")])) }
        XCTAssertEqual(Set(unsticky).count, 2, "without it, both backends answer")
        func subject(_ name: String) throws -> String {
            let script = "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | openssl s_client -connect 127.0.0.1:\(https) -servername \(name) -ign_eof 2>/dev/null"
            let run = try ChildProcess.run("/bin/sh", ["-c", script], timeout: 20)
            return run.stdout.split(whereSeparator: \.isNewline).first { $0.hasPrefix("subject=") }.map(String.init) ?? run.stdout + run.stderr
        }
        XCTAssertEqual(try subject("example.com"), "subject=CN = example.com", "the default certificate")
        XCTAssertEqual(try subject("other.test"), "subject=CN = other.test", "chosen by SNI")
    }
}

/// Requests sent back to back by `clients` threads until `stop`, each answer counted: what a user's traffic sees.
final class SteadyLoad: Sendable {
    /// What the load saw.
    struct Result {
        var succeeded: Int
        var failures: [String]
    }

    private let stopping = Cancellation()
    private let counts = Locked(Result(succeeded: 0, failures: []))
    private let done = DispatchGroup()

    init(clients: Int, request: @escaping @Sendable () -> Swift.Result<String, HTTPClientError>) {
        for _ in 0..<clients {
            done.enter()
            Thread.detachNewThread { [self] in
                defer { done.leave() }
                while !stopping.isCancelled {
                    let outcome = request()
                    counts.withLock { counts in
                        switch outcome {
                        case .success: counts.succeeded += 1
                        case let .failure(error): counts.failures.append("\(error)")
                        }
                    }
                }
            }
        }
    }

    /// Stops the clients and returns what they saw.
    func stop() -> Result {
        stopping.cancel()
        done.wait()
        return counts.current
    }
}

extension LoadBalancerRuntimeTests {
    func testAnUpgradeThatNeverBecomesHealthyRollsBackWithoutAFailedRequest() throws {
        let monitored = try XCTUnwrap(agent)
        monitored.startMonitoring { [controller, runId] in controller?.reconcile.schedule(runId) }
        defer { monitored.stopMonitoring() }
        let checked = """
            version: '2'
            services:
              web:
                scale: 2
                upgrade_strategy: {start_first: true, batch_size: 1, interval_millis: 0}
                health_check:
                  port: 8080
                  request_line: GET /health HTTP/1.0
                  interval: 200
                  response_timeout: 500
                  healthy_threshold: 1
                  unhealthy_threshold: 2
              lb:
                scale: 1
                lb_config:
                  port_rules:
                  - {source_port: 80, target_port: 8080, service: web}
            """
        func compose(health: Bool, version: String) -> String {
            let serve = health ? "echo ok > /www/health && " : ""
            return self.compose(version: version).replacingOccurrences(
                of: "echo \(version) $$(hostname) > /www/index.html && ",
                with: "echo \(version) $$(hostname) > /www/index.html && \(serve)")
        }
        _ = try controller.createStack(environmentId: runId, name: "app", source: try source(compose(health: true, version: "v1"), checked),
                                       actor: "test")
        settle()
        try waitForBackends(2)
        let load = SteadyLoad(clients: 4) { [port] in Self.get(port: port) }
        try controller.upgradeStack(stackId, source: try source(compose(health: false, version: "v2"), checked),
                                    options: UpgradeOptions(rollbackOnFailure: true), actor: "test")
        settle()
        try waitUntil("the stack rolled back by itself", timeout: 60) { try store.stack(stackId)?.state == .active }
        try waitForBackends(2)
        let result = load.stop()
        XCTAssertEqual(result.failures.count, 0, "no request failed (\(result.succeeded) answered): \(Set(result.failures))")
        XCTAssertEqual(try store.stack(stackId)?.currentRevision, 1)
        let events = try store.events().map(\.message)
        XCTAssertTrue(events.contains { $0.hasPrefix("stack app: rolling back by itself because service web:") }, "\(events.suffix(8))")
    }
}
