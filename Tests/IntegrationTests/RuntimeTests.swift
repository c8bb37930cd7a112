import DroverDocker
import DroverHTTP
import DroverModel
import Foundation
import TestSupport
import XCTest

/// The Docker runtime on a real engine: lifecycle, logs, exec, links and aliases, sidekicks, published ports.
final class RuntimeTests: EngineTestCase {
    func testLifecycleCreateStartInspectStopRemove() throws {
        var config = LaunchConfig(name: "web")
        config.image = Self.busybox
        config.command = ["sh", "-c", "echo started; echo oops >&2; exec sleep 300"]
        config.initProcess = true
        config.labels = ["tier": "web"]
        let network = try makeNetwork("drover-\(runId)")
        let id = try run(config, identity: identity("web"), context: SpecContext(network: network))
        let info = try XCTUnwrap(try client.inspectContainer(id))
        XCTAssertEqual(info.name, "\(runId)-web-1")
        XCTAssertTrue(info.state.running, "state \(info.state.status) exit \(info.state.exitCode)")
        XCTAssertEqual(info.config.labels?["tier"], "web")
        XCTAssertEqual(info.config.labels?["io.rancher.stack_service.name"], "\(runId)/web")
        XCTAssertEqual(info.config.labels?["io.drover.instance"], "web-main-1")
        XCTAssertEqual(Set(info.networkSettings.networks?[network]?.aliases ?? []).isSuperset(of: ["web.\(runId)"]), true)
        XCTAssertFalse(info.networkSettings.networks?[network]?.aliases?.contains("web") ?? true, "the bare name lives on the stack's network")
        XCTAssertEqual(try client.listContainers(labels: ["io.drover.test=\(runId)", "io.rancher.stack_service.name=\(runId)/web"]).map(\.id), [id])
        var lines: [LogLine] = []
        try waitUntil("both log lines") {
            lines = []
            try client.logs(id) { lines.append($0); return true }
            return lines.count == 2
        }
        XCTAssertEqual(Set(lines), [LogLine(.stdout, "started"), LogLine(.stderr, "oops")])
        let (code, output) = try shell(id, "echo $((6*7)); exit 3")
        XCTAssertEqual(code, 3)
        XCTAssertEqual(output, "42")
        try client.stopContainer(id, timeout: 5)
        XCTAssertEqual(try client.inspectContainer(id)?.state.running, false)
        XCTAssertEqual(try client.waitContainer(id), 143)
        try client.removeContainer(id)
        XCTAssertNil(try client.inspectContainer(id))
        try client.removeContainer(id)
    }

    func testLinkAliasAndServiceAliasResolve() throws {
        let network = try makeNetwork("drover-\(runId)")
        var db = LaunchConfig(name: "db")
        db.image = Self.busybox
        db.command = ["sh", "-c", "mkdir -p /www && echo db-answer > /www/index.html && exec httpd -f -p 8080 -h /www"]
        try run(db, identity: identity("db"), context: SpecContext(network: network))
        var web = LaunchConfig(name: "web")
        web.image = Self.busybox
        web.command = ["sleep", "300"]
        web.initProcess = true
        web.links = [Link(target: "db", alias: "mysql")]
        let context = SpecContext(serviceContainers: ["db": ["\(runId)-db-1"]], network: network)
        let webId = try run(web, identity: identity("web"), context: context)
        // The bare `db` answers on the stack's network, which the agent adds (ExecutorTests).
        for host in ["mysql", "db.\(runId)"] {
            var answer = ""
            try waitUntil("\(host) answers from web") {
                answer = try shell(webId, "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 3 \(host) 8080").1
                return answer.contains("db-answer")
            }
            XCTAssertTrue(answer.contains("db-answer"), "\(host): \(answer)")
        }
    }

    func testSidekickSharesVolumesAndNetworkWithItsPrimary() throws {
        let network = try makeNetwork("drover-\(runId)")
        var data = LaunchConfig(name: "data")
        data.image = Self.busybox
        data.command = ["sh", "-c", "echo shared > /data/file; exec sleep 300"]
        data.initProcess = true
        data.volumes = [VolumeMount(target: "/data")]
        var web = LaunchConfig(name: "web")
        web.image = Self.busybox
        web.command = ["sh", "-c", "mkdir -p /www && echo from-primary > /www/index.html && exec httpd -f -p 8080 -h /www"]
        web.volumesFrom = ["data"]
        var probe = LaunchConfig(name: "probe")
        probe.image = Self.busybox
        probe.command = ["sleep", "300"]
        probe.initProcess = true
        probe.networkMode = "container:web"
        let members = ["web": "\(runId)-web-1", "data": "\(runId)-web-data-1", "probe": "\(runId)-web-probe-1"]
        let context = SpecContext(unitMembers: members, network: network)
        let dataId = try run(data, identity: identity("web", sidekick: "data"), context: context)
        try waitUntil("data file written") { try shell(dataId, "cat /data/file").1 == "shared" }
        let webId = try run(web, identity: identity("web"), context: context)
        let probeId = try run(probe, identity: identity("web", sidekick: "probe"), context: context)
        XCTAssertEqual(try shell(webId, "cat /data/file").1, "shared")
        var answer = ""
        try waitUntil("the primary's httpd answers on the probe's localhost") {
            answer = try shell(probeId, "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 3 127.0.0.1 8080").1
            return answer.contains("from-primary")
        }
        XCTAssertTrue(answer.contains("from-primary"))
        let (code, hosts) = try shell(webId, "ping -c 1 -W 2 data >/dev/null 2>&1 && echo reachable")
        XCTAssertEqual(code, 0, hosts)
        XCTAssertEqual(hosts, "reachable")
    }

    func testPublishedPortAnswersOnTheHost() throws {
        let network = try makeNetwork("drover-\(runId)")
        let port = 20000 + Int.random(in: 0..<20000)
        var web = LaunchConfig(name: "web")
        web.image = Self.busybox
        web.command = ["sh", "-c", "mkdir -p /www && echo published > /www/index.html && exec httpd -f -p 8080 -h /www"]
        web.ports = [PortMapping(hostIp: "127.0.0.1", hostPort: port, containerPort: 8080)]
        try run(web, identity: identity("web"), context: SpecContext(network: network))
        let http = HTTPClient(endpoint: .tcp(host: "127.0.0.1", port: port), timeout: 3)
        var body = ""
        waitUntil("port \(port) answers") {
            body = (try? http.send(HTTPRequest(method: "GET", target: "/")).text) ?? ""
            return body.contains("published")
        }
        XCTAssertEqual(body, "published\n")
    }

    func testErrorsCarryDockerMessageAndWhatWasAttempted() throws {
        var config = LaunchConfig(name: "web")
        config.image = "drover-local/does-not-exist:1.0"
        let spec = ContainerSpecBuilder.build(config, identity: identity("web"), context: SpecContext())
        XCTAssertThrowsError(try client.createContainer(name: "\(runId)-web-1", spec: spec)) { error in
            let text = (error as! DockerError).description
            XCTAssertTrue(text.hasPrefix("create container \(runId)-web-1: "), text)
            XCTAssertTrue(text.contains("No such image"), text)
        }
        XCTAssertThrowsError(try client.ensureImage("drover-local/does-not-exist:1.0")) { error in
            XCTAssertTrue((error as! DockerError).description.contains("image \"drover-local/does-not-exist:1.0\" not found and pull failed"), "\(error)")
        }
        let missing = try DockerClient(host: "unix:///tmp/drover-no-such-engine.sock")
        XCTAssertThrowsError(try missing.ping()) { error in
            XCTAssertTrue((error as! DockerError).description.hasPrefix("Docker engine at unix:///tmp/drover-no-such-engine.sock is not reachable"), "\(error)")
        }
    }

    func testEventsStreamReportsContainerStart() throws {
        var config = LaunchConfig(name: "ev")
        config.image = Self.busybox
        config.command = ["true"]
        let since = Date().timeIntervalSince1970 - 1
        let id = try run(config, identity: identity("ev"), context: SpecContext())
        var actions: [String] = []
        try client.events(labels: ["io.drover.test=\(runId)"], since: since, until: Date().timeIntervalSince1970 + 30) { event in
            if case let .object(fields) = event, case let .string(action)? = fields["Action"] { actions.append(action) }
            return !actions.contains("die")
        }
        XCTAssertEqual(Array(actions.prefix(3)), ["create", "start", "die"])
        XCTAssertEqual(try client.waitContainer(id), 0)
    }

    func testVolumesAndNetworksAreIdempotent() throws {
        let name = "\(runId)-vol"
        removeAfterwards(volume: name)
        XCTAssertEqual(try client.createVolume(name, labels: ["io.drover.test": runId]).name, name)
        XCTAssertEqual(try client.createVolume(name).name, name)
        XCTAssertNotNil(try client.inspectVolume(name))
        let network = try makeNetwork("drover-\(runId)")
        let id = try XCTUnwrap(try client.inspectNetwork(network)?.id)
        XCTAssertEqual(try client.createNetwork(network), id)
        try client.removeVolume(name)
        XCTAssertNil(try client.inspectVolume(name))
    }
}
