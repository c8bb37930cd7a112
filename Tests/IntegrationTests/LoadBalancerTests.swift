import DroverDocker
import DroverLoadBalancer
import DroverModel
import Foundation
import TestSupport
import XCTest

/// A configuration from `HAProxyRenderer` run by the real HAProxy image (`drover-local/haproxy`, scripts/build-images)
/// in front of real containers: routing by host, TLS ended with the default or the SNI-chosen certificate, and a
/// reload (`USR2` to the master) that picks up a new target.
final class LoadBalancerTests: EngineTestCase {
    static let haproxy = "drover-local/haproxy:latest"

    /// A busybox httpd answering `text` on port 8080.
    private func webServer(_ service: String, index: Int, text: String, network: String) throws -> String {
        var config = LaunchConfig(name: service)
        config.image = Self.busybox
        config.command = ["sh", "-c", "mkdir -p /www && echo \(text) > /www/index.html && exec httpd -f -p 8080 -h /www"]
        config.initProcess = true
        let id = try run(config, identity: identity(service, index: index), context: SpecContext(network: network))
        let address = try client.inspectContainerJSON(id)["NetworkSettings"]?["Networks"]?[network]?["IPAddress"]?.string
        return try XCTUnwrap(address, "\(service)-\(index) has no address")
    }

    /// The body `path` answers through the balancer at `address`, asked from a container on the network with `host`.
    private func get(from asker: String, _ address: String, host: String) throws -> String {
        try shell(asker, "printf 'GET / HTTP/1.0\\r\\nHost: \(host)\\r\\n\\r\\n' | nc -w 3 \(address) 80 | tail -1").1
    }

    /// What `openssl s_client` sees on `port` asking for `name`: the certificate's subject, and the lines it printed
    /// (the answer's among them).
    private func tls(_ port: Int, name: String) throws -> (subject: String, lines: [String]) {
        let script = "printf 'GET / HTTP/1.0\\r\\nHost: \(name)\\r\\n\\r\\n' | openssl s_client -connect 127.0.0.1:\(port) -servername \(name) -ign_eof 2>/dev/null"
        let run = try ChildProcess.run("/bin/sh", ["-c", script], timeout: 20)
        let lines = run.stdout.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        return (lines.first { $0.hasPrefix("subject=") } ?? "no certificate: \(run.stdout)\(run.stderr)", lines)
    }

    func testHAProxyRoutesEndsTLSAndReloadsWithARenderedConfiguration() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl") else { try RequiredParts.missing("openssl is not installed") }
        XCTAssertNotNil(try client.inspectImage(Self.haproxy), "run scripts/build-images first")
        let network = try makeNetwork("drover-\(runId)")
        var targets = [
            LoadBalancerTarget(name: "web-1", address: try webServer("web", index: 1, text: "web-one", network: network), service: "app/web"),
            LoadBalancerTarget(name: "api-1", address: try webServer("api", index: 1, text: "api-one", network: network), service: "app/api"),
        ]
        let certificates = ["example", "other"].reduce(into: [String: String]()) {
            $0[$1] = fixture("../../DroverLoadBalancerTests/Fixtures/tls/\($1).pem")
        }
        let config = LBConfig(portRules: [
            PortRule(sourcePort: 80, targetPort: 8080, service: "web"),
            PortRule(sourcePort: 80, targetPort: 8080, service: "api", hostname: "api.example.com"),
            PortRule(sourcePort: 443, targetPort: 8080, service: "web", protocol: .https),
            PortRule(sourcePort: 443, targetPort: 8080, service: "api", hostname: "other.test", protocol: .https),
        ], certs: ["other"], defaultCert: "example")
        // The balancer's files, as an agent would hand them over: the configuration and its certificates.
        let directory = NSTemporaryDirectory() + "drover-lb-\(runId)"
        try FileManager.default.createDirectory(atPath: directory + "/certs/sni", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        func write(_ targets: [LoadBalancerTarget]) throws {
            let input = LoadBalancerInput(stack: "app", config: config, targets: targets, certificates: certificates)
            let files = try HAProxyRenderer.files(input)
            for (file, pem) in files.files {
                try pem.write(toFile: "\(directory)/\(file)", atomically: true, encoding: .utf8)
            }
            try files.config.write(toFile: directory + "/haproxy.cfg", atomically: true, encoding: .utf8)
        }
        try write(targets)
        let httpsPort = FreePorts.take(1)[0]
        var lb = LaunchConfig(name: "lb")
        lb.image = Self.haproxy
        lb.volumes = [VolumeMount(source: directory, target: "/usr/local/etc/haproxy")]
        lb.ports = [PortMapping(hostIp: "127.0.0.1", hostPort: httpsPort, containerPort: 443)]
        let lbId = try run(lb, identity: identity("lb"), context: SpecContext(network: network))
        let lbAddress = try XCTUnwrap(try client.inspectContainerJSON(lbId)["NetworkSettings"]?["Networks"]?[network]?["IPAddress"]?.string)
        var asker = LaunchConfig(name: "asker")
        asker.image = Self.busybox
        asker.command = ["sleep", "300"]
        asker.initProcess = true
        let askerId = try run(asker, identity: identity("asker"), context: SpecContext(network: network))

        try waitUntil("the balancer answers on port 80") { try get(from: askerId, lbAddress, host: "x") == "web-one" }
        XCTAssertEqual(try get(from: askerId, lbAddress, host: "api.example.com"), "api-one", "routed by Host")
        let byDefault = try tls(httpsPort, name: "example.com")
        XCTAssertEqual(byDefault.subject, "subject=CN = example.com")
        XCTAssertTrue(byDefault.lines.contains("web-one"), "\(byDefault.lines)")
        let bySNI = try tls(httpsPort, name: "other.test")
        XCTAssertEqual(bySNI.subject, "subject=CN = other.test", "chosen by SNI")
        XCTAssertTrue(bySNI.lines.contains("api-one") && !bySNI.lines.contains("web-one"), "routed by Host after TLS ends: \(bySNI.lines)")

        // A new target: the configuration is rewritten and the master reloads on USR2 without a restart.
        targets.append(LoadBalancerTarget(name: "web-2", address: try webServer("web", index: 2, text: "web-two", network: network), service: "app/web"))
        try write(targets)
        let started = try client.inspectContainerJSON(lbId)["State"]?["StartedAt"]?.string
        try client.killContainer(lbId, signal: "USR2")
        var seen: Set<String> = []
        try waitUntil("both web containers answer through the balancer") {
            seen.insert(try get(from: askerId, lbAddress, host: "x"))
            return seen.isSuperset(of: ["web-one", "web-two"])
        }
        XCTAssertEqual(seen, ["web-one", "web-two"])
        XCTAssertEqual(try client.inspectContainerJSON(lbId)["State"]?["StartedAt"]?.string, started, "reloaded, not restarted")
    }
}
