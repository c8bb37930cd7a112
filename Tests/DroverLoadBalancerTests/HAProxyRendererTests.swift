import DroverCompose
import DroverLoadBalancer
import DroverModel
import Foundation
import TestSupport
import XCTest

/// HAProxy configurations rendered from port rules and targets, compared with golden files
/// (`Fixtures/<case>/haproxy.cfg`, `DROVER_RECORD=1` rewrites them), and every one checked by Debian's `haproxy -c`.
final class HAProxyRendererTests: XCTestCase {
    static func web(_ count: Int, service: String = "app/web", from: Int = 10, check: HealthCheck? = nil, labels: [String: String] = [:]) -> [LoadBalancerTarget] {
        (1...count).map { LoadBalancerTarget(name: "\(service.replacingOccurrences(of: "/", with: "-"))-\($0)", address: "10.42.0.\(from + $0)",
                                             service: service, labels: labels, healthCheck: check) }
    }

    /// Renders `input`, compares it with the case's golden file, and has HAProxy check it.
    private func check(_ input: LoadBalancerInput, _ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let config = try HAProxyRenderer.render(input)
        assertGolden(config, "Fixtures/\(name)/haproxy.cfg", file: file, line: line)
        let haproxy = "/usr/sbin/haproxy"
        guard FileManager.default.isExecutableFile(atPath: haproxy) else { try RequiredParts.missing("haproxy is not installed at \(haproxy)") }
        // HAProxy reads the certificate files while checking: it gets them in a directory of its own.
        let directory = NSTemporaryDirectory() + "drover-\(name)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory + "/certs/sni", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for (file, pem) in try HAProxyRenderer.files(input).files {
            try pem.write(toFile: "\(directory)/\(file)", atomically: true, encoding: .utf8)
        }
        let path = directory + "/haproxy.cfg"
        try HAProxyRenderer.render(input, certificateDirectory: directory + "/certs").write(toFile: path, atomically: true, encoding: .utf8)
        let checked = try ChildProcess.run(haproxy, ["-c", "-f", path], timeout: 30, file: file, line: line)
        XCTAssertEqual(checked.status, 0, "haproxy -c refused \(name):\n\(checked.stdout)\(checked.stderr)", file: file, line: line)
    }

    func testRoundRobinOverEveryRunningTarget() throws {
        let config = LBConfig(portRules: [PortRule(sourcePort: 80, targetPort: 8080, service: "web")])
        try check(LoadBalancerInput(stack: "app", config: config, targets: Self.web(3) + Self.web(2, service: "other/web", from: 20)), "round-robin")
    }

    func testHostsPathsAndPrioritiesInRanchersOrder() throws {
        let config = LBConfig(portRules: [
            PortRule(sourcePort: 80, targetPort: 8080, service: "web"),
            PortRule(sourcePort: 80, targetPort: 8080, service: "static", path: "/static"),
            PortRule(sourcePort: 80, targetPort: 8080, service: "web", hostname: "www.*"),
            PortRule(sourcePort: 80, targetPort: 8080, service: "web", hostname: "*.example.com"),
            PortRule(sourcePort: 80, targetPort: 9090, service: "api", hostname: "example.com", path: "/api"),
            PortRule(sourcePort: 80, targetPort: 8080, service: "web", hostname: "example.com"),
            PortRule(sourcePort: 80, targetPort: 8080, service: "api", hostname: "beta.example.com", priority: 1),
        ])
        let targets = Self.web(2) + Self.web(2, service: "app/api", from: 20) + Self.web(1, service: "app/static", from: 30)
        try check(LoadBalancerInput(stack: "app", config: config, targets: targets), "hosts-paths-priorities")
    }

    func testTCPAndSNIFrontends() throws {
        let config = LBConfig(portRules: [
            PortRule(sourcePort: 3306, targetPort: 3306, service: "db", protocol: .tcp),
            PortRule(sourcePort: 443, targetPort: 443, service: "web", hostname: "example.com", protocol: .sni),
            PortRule(sourcePort: 443, targetPort: 443, service: "api", hostname: "*.api.example.com", protocol: .sni),
        ])
        let targets = Self.web(1, service: "app/db", from: 40) + Self.web(2) + Self.web(1, service: "app/api", from: 20)
        try check(LoadBalancerInput(stack: "app", config: config, targets: targets), "tcp-sni")
    }

    /// `https` ends TLS and routes by Host, `tls` ends TLS and passes TCP on, `sni` passes TLS through untouched: the
    /// default certificate first, the others chosen by SNI.
    func testTLSIsEndedWithTheEnvironmentsCertificates() throws {
        let config = LBConfig(portRules: [
            PortRule(sourcePort: 443, targetPort: 8080, service: "web", protocol: .https),
            PortRule(sourcePort: 443, targetPort: 9090, service: "api", hostname: "other.test", protocol: .https),
            PortRule(sourcePort: 80, targetPort: 8080, service: "web"),
            PortRule(sourcePort: 6443, targetPort: 6379, service: "db", protocol: .tls),
            PortRule(sourcePort: 8443, targetPort: 8443, service: "web", hostname: "example.com", protocol: .sni),
        ], certs: ["other", "example"], defaultCert: "example")
        let certificates = ["example", "other"].reduce(into: [String: String]()) { $0[$1] = fixture("tls/\($1).pem") }
        let targets = Self.web(2) + Self.web(1, service: "app/api", from: 20) + Self.web(1, service: "app/db", from: 40)
        let input = LoadBalancerInput(stack: "app", config: config, targets: targets, certificates: certificates)
        try check(input, "tls")
        XCTAssertEqual(try HAProxyRenderer.files(input).files, ["certs/default.pem": certificates["example"]!,
                                                                "certs/sni/other.pem": certificates["other"]!],
                       "the default once, the other by SNI")
        XCTAssertEqual(try HAProxyRenderer.files(input).config, try HAProxyRenderer.render(input), "the files carry the configuration")
    }

    func testHealthChecksStickinessSelectorsAndBackendNames() throws {
        let health = HealthCheck(port: 8080, requestLine: "GET /health HTTP/1.0", interval: 2000, responseTimeout: 2000, healthyThreshold: 2,
                                 unhealthyThreshold: 3)
        let config = LBConfig(portRules: [
            PortRule(sourcePort: 80, targetPort: 8080, service: "shop/web", backendName: "shop"),
            PortRule(sourcePort: 8000, targetPort: 8080, selector: "tier=front, zone=a"),
        ], stickinessPolicy: StickinessPolicy(name: "session", cookie: "SRV", indirect: true, nocache: true, mode: .insert))
        let targets = Self.web(2, service: "shop/web", check: health) + Self.web(3, service: "app/front", from: 50, labels: ["tier": "front", "zone": "a"])
            + Self.web(1, service: "app/elsewhere", from: 60, labels: ["tier": "front", "zone": "b"])
        try check(LoadBalancerInput(stack: "app", config: config, targets: targets), "health-stickiness-selectors")
    }

    func testCustomConfigIsMergedAsRancherMergedIt() throws {
        let custom = """
            global
                maxconn 8000
                tune.ssl.default-dh-param 2048
            defaults
                timeout client 90s
                option forwardfor except 127.0.0.1
            frontend 80
                acl blocked src 10.9.9.9
                http-request deny if blocked
            backend
                balance leastconn
            backend 80_api_example_com_
                server $IP maxconn 50 weight 10
            userlist admins
                user admin insecure-password secret
            """
        let config = LBConfig(portRules: [PortRule(sourcePort: 80, targetPort: 8080, service: "web"),
                                          PortRule(sourcePort: 80, targetPort: 8080, service: "api", hostname: "api.example.com")], config: custom)
        try check(LoadBalancerInput(stack: "app", config: config, targets: Self.web(2) + Self.web(1, service: "app/api", from: 20)), "custom-config")
    }

    /// A v1 load balancer (`rancher/load-balancer-service`, links, target labels, `load_balancer_config`) and the same
    /// balancer written with `lb_config` render the same configuration.
    func testTheLegacyFormGivesTheSameConfigurationAsLBConfig() throws {
        let legacy = """
            lb:
              image: rancher/load-balancer-service
              ports: ["80:8080"]
              links: ["web:web"]
              labels:
                io.rancher.loadbalancer.target.web: example.com:80/admin=9000
            web:
              image: nginx
            """
        let modern = """
            version: '2'
            services:
              lb:
                image: rancher/lb-service-haproxy
                ports: ["80:80"]
              web:
                image: nginx
            """
        let modernRancher = """
            version: '2'
            services:
              lb:
                lb_config:
                  port_rules:
                  - source_port: 80
                    target_port: 9000
                    service: web
                    hostname: example.com
                    path: /admin
            """
        func rendered(_ compose: String, _ rancher: String?) throws -> String {
            let definition = try StackLoader().load(compose: SourceFile(name: "docker-compose.yml", text: compose),
                                                    rancher: rancher.map { SourceFile(name: "rancher-compose.yml", text: $0) }).definition
            let config = try XCTUnwrap(definition.service("lb")?.lbConfig)
            return try HAProxyRenderer.render(LoadBalancerInput(stack: "app", config: config, targets: Self.web(2)))
        }
        let fromLegacy = try rendered(legacy, nil)
        XCTAssertEqual(fromLegacy, try rendered(modern, modernRancher))
        try check(LoadBalancerInput(stack: "app", config: try XCTUnwrap(try StackLoader().load(
            compose: SourceFile(name: "docker-compose.yml", text: legacy)).definition.service("lb")?.lbConfig), targets: Self.web(2)), "legacy")
    }

    func testRulesHAProxyCannotServeAreRefusedWithTheirIndex() {
        func refused(_ rules: [PortRule]) -> String {
            let input = LoadBalancerInput(stack: "app", config: LBConfig(portRules: rules), targets: [])
            switch Result(catching: { () throws(LoadBalancerError) in try HAProxyRenderer.render(input) }) {
            case .success: return "rendered"
            case let .failure(error): return error.description
            }
        }
        XCTAssertEqual(refused([PortRule(sourcePort: 53, targetPort: 53, service: "dns", protocol: .udp)]),
                       "lb_config.port_rules[0]: protocol udp cannot be load-balanced: HAProxy has no UDP (publish the port on the service instead)")
        XCTAssertEqual(refused([PortRule(targetPort: 80, service: "web")]), "lb_config.port_rules[0]: source_port is required (1-65535)")
        XCTAssertEqual(refused([PortRule(sourcePort: 80, targetPort: 80, service: "web"), PortRule(sourcePort: 80, targetPort: 3306, service: "db", protocol: .tcp)]),
                       "lb_config.port_rules[1]: source_port 80 is already http in port_rules[0]; one port speaks one protocol")
        XCTAssertEqual(refused([PortRule(sourcePort: 80)]), "lb_config.port_rules[0]: needs a service or a selector to send traffic to")
        XCTAssertEqual(refused([PortRule(sourcePort: 443, targetPort: 80, service: "web", protocol: .https)]),
                       "lb_config.port_rules[0]: protocol https ends TLS and needs a certificate: set lb_config.default_cert or lb_config.certs (drover certs ls)")
        XCTAssertEqual(refused([PortRule(sourcePort: 443, targetPort: 80, service: "web", protocol: .sni),
                                PortRule(sourcePort: 443, targetPort: 80, service: "web", protocol: .tls)]),
                       "lb_config.port_rules[1]: source_port 443 is already sni in port_rules[0]; one port speaks one protocol")
    }

    func testCertificatesTheEnvironmentDoesNotHoldAreRefusedByName() {
        func refused(_ config: LBConfig, holding: [String]) -> String {
            let input = LoadBalancerInput(stack: "app", config: config, targets: [], certificates: Dictionary(uniqueKeysWithValues: holding.map { ($0, "PEM") }))
            switch Result(catching: { () throws(LoadBalancerError) in try HAProxyRenderer.render(input) }) {
            case .success: return "rendered"
            case let .failure(error): return error.description
            }
        }
        let https = [PortRule(sourcePort: 443, targetPort: 80, service: "web", protocol: .https)]
        XCTAssertEqual(refused(LBConfig(portRules: https, defaultCert: "site"), holding: ["a", "b"]),
                       "lb_config.default_cert: no certificate named \"site\" in this environment (it holds a, b; add one with `drover certs add`)")
        XCTAssertEqual(refused(LBConfig(portRules: https, certs: ["a", "gone"]), holding: []),
                       "lb_config.certs[0]: no certificate named \"a\" in this environment (it holds none; add one with `drover certs add`)")
        XCTAssertEqual(refused(LBConfig(portRules: https, certs: ["a", "gone"], defaultCert: "a"), holding: ["a"]),
                       "lb_config.certs[1]: no certificate named \"gone\" in this environment (it holds a; add one with `drover certs add`)")
    }

    func testTheSameInputGivesTheSameText() throws {
        let config = LBConfig(portRules: [PortRule(sourcePort: 80, targetPort: 8080, service: "web"),
                                          PortRule(sourcePort: 81, targetPort: 8080, service: "web", hostname: "a.example.com")])
        let input = LoadBalancerInput(stack: "app", config: config, targets: Self.web(3))
        var shuffled = input
        shuffled.targets.reverse()
        XCTAssertEqual(try HAProxyRenderer.render(input), try HAProxyRenderer.render(shuffled))
    }
}
