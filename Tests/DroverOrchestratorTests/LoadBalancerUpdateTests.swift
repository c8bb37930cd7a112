import DroverModel
import DroverOrchestrator
import TestSupport
import XCTest

/// Load balancers as the orchestrator keeps them, on a fake engine: each balancer container is given the configuration
/// its targets call for, again only when that changes; containers leave a balancer before they stop; a configuration
/// that cannot be rendered shows on the balancer's service.
final class LoadBalancerUpdateTests: XCTestCase {
    static let compose = """
        version: '2'
        services:
          web:
            image: busybox
          lb:
            image: rancher/lb-service-haproxy:v0.7.9
            ports: ["8080:80"]
        """

    static func rancher(webScale: Int = 3, certificate: String? = nil) -> String {
        """
        version: '2'
        services:
          web:
            scale: \(webScale)
            upgrade_strategy: {start_first: true, batch_size: 1}
          lb:
            scale: 1
            lb_config:
        \(certificate.map { "      default_cert: \($0)\n" } ?? "")      port_rules:
              - {source_port: 80, target_port: 8080, service: web\(certificate == nil ? "" : ", protocol: https")}
        """
    }

    /// The `server` lines of the configuration `name` was last given.
    private func servers(_ harness: ControllerHarness, _ name: String = "app-lb-1") -> [String] {
        (harness.engine.configuration(of: name)?.config ?? "").split(separator: "\n")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.hasPrefix("server ") }
    }

    func testABalancerIsGivenItsTargetsOnceAndAgainOnlyWhenTheyChange() throws {
        let harness = try ControllerHarness()
        try harness.deploy("app", Self.compose, Self.rancher())
        XCTAssertEqual(servers(harness).map { $0.split(separator: " ")[1] }, ["app-web-1", "app-web-2", "app-web-3"])
        XCTAssertEqual(try harness.serviceStates("app"), ["web": .active, "lb": .active])
        XCTAssertEqual(harness.engine.log.filter { $0.contains("configure") }.count, 1, "\(harness.engine.log)")

        harness.engine.clearLog()
        try harness.controller.reconcile.converge(environmentId: ControllerHarness.environment)
        XCTAssertEqual(harness.engine.log, [], "nothing changed: nothing is sent")

        try harness.controller.scale(harness.stackId("app") + "/web", to: 1, actor: "test")
        harness.settle()
        XCTAssertEqual(servers(harness).map { $0.split(separator: " ")[1] }, ["app-web-1"])
        let log = harness.engine.log
        let configured = try XCTUnwrap(log.firstIndex(of: "h1: configure app-lb-1 v1"), "\(log)")
        let stopped = try XCTUnwrap(log.firstIndex { $0.hasPrefix("h1: stop app-web-") }, "\(log)")
        XCTAssertLessThan(configured, stopped, "the balancer lets go of a container before it stops: \(log)")
    }

    func testAnUpgradeMovesTrafficToTheNewContainersBeforeTheOldStop() throws {
        let harness = try ControllerHarness()
        try harness.deploy("app", Self.compose, Self.rancher(webScale: 2))
        harness.engine.clearLog()
        try harness.controller.upgradeStack(harness.stackId("app"), source: try harness.source(
            Self.compose.replacingOccurrences(of: "image: busybox", with: "image: busybox\n    command: sleep 2"), Self.rancher(webScale: 2)),
            options: UpgradeOptions(), actor: "test")
        harness.settle()
        let log = harness.engine.log
        for old in ["app-web-1", "app-web-2"] {
            let stop = try XCTUnwrap(log.firstIndex(of: "h1: stop \(old) v1"), "\(log)")
            XCTAssertEqual(log[..<stop].last, "h1: configure app-lb-1 v1", "\(old) leaves the balancer before it stops: \(log)")
        }
        let names = servers(harness).map { $0.split(separator: " ")[1] }
        XCTAssertEqual(names, ["app-web-1", "app-web-2"], "the new containers carry the plain names; the old ones are gone")
        XCTAssertEqual(try harness.state("app"), .upgraded)
    }

    func testAnUnknownCertificateShowsOnTheBalancersService() throws {
        let harness = try ControllerHarness()
        try harness.deploy("app", Self.compose, Self.rancher(certificate: "missing"))
        let lb = try XCTUnwrap(try harness.store.service(harness.stackId("app") + "/lb"))
        XCTAssertEqual(lb.state, .error)
        XCTAssertTrue(lb.transitioningMessage?.contains("missing") == true, "\(lb.transitioningMessage ?? "")")
        XCTAssertNil(harness.engine.configuration(of: "app-lb-1"), "nothing was applied")
    }

    func testRanchersBalancerImageIsReplacedAndOthersKept() throws {
        let harness = try ControllerHarness()
        try harness.deploy("app", Self.compose, Self.rancher(webScale: 1))
        let specs = harness.engine.createdSpecs
        XCTAssertEqual(specs["app-lb-1"]?.config?.image, "drover-test/haproxy")
        XCTAssertEqual(specs["app-lb-1"]?.isLoadBalancer, true)
        XCTAssertEqual(specs["app-web-1"]?.config?.image, "busybox")
        XCTAssertEqual(specs["app-web-1"]?.isLoadBalancer, false)
    }
}

extension LoadBalancerUpdateTests {
    func testAPlanShowsWhatItDoesToEachBalancer() throws {
        let harness = try ControllerHarness()
        try harness.deploy("app", Self.compose, Self.rancher(webScale: 2))
        let scale = try harness.controller.previews.scale(harness.stackId("app") + "/web", to: 3)
        let diff = try XCTUnwrap(scale.loadBalancers["app/lb"], "\(scale.loadBalancers)")
        XCTAssertEqual(diff.split(separator: "\n").filter { $0.hasPrefix("+") || $0.hasPrefix("-") }, ["+    server app-web-3 <app-web-3>:8080"])
        let down = try harness.controller.previews.scale(harness.stackId("app") + "/web", to: 1)
        XCTAssertEqual(down.loadBalancers["app/lb"]?.split(separator: "\n").filter { $0.hasPrefix("-") }.count, 1, "\(down.loadBalancers)")
        let same = try harness.controller.previews.upgrade(harness.stackId("app"), source: try harness.source(Self.compose, Self.rancher(webScale: 2)),
                                                           options: UpgradeOptions())
        XCTAssertEqual(same.loadBalancers, [:], "nothing changes for the balancer")
    }
}
