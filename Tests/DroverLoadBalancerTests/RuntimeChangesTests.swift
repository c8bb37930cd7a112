import DroverLoadBalancer
import DroverModel
import XCTest

/// What reaches HAProxy through its runtime API and what needs a reload, decided from the live and the next
/// configuration as rendered.
final class RuntimeChangesTests: XCTestCase {
    private func config(_ targets: [LoadBalancerTarget], rules: [PortRule]? = nil, stickiness: StickinessPolicy? = nil) throws -> String {
        let config = LBConfig(portRules: rules ?? [PortRule(sourcePort: 80, targetPort: 8080, service: "web")], stickinessPolicy: stickiness)
        return try HAProxyRenderer.render(LoadBalancerInput(stack: "app", config: config, targets: targets))
    }

    func testServersJoiningAndLeavingAreRuntimeChangesInOrder() throws {
        let web = HAProxyRendererTests.web(3)
        let changes = try XCTUnwrap(RuntimeChanges.between(try config(Array(web.prefix(2))), try config(Array(web.suffix(2)))))
        XCTAssertEqual(changes.additions.map { "\($0.backend)/\($0.server) \($0.arguments)" }, ["80__/app-web-3 10.42.0.13:8080"])
        XCTAssertEqual(changes.additions.map(\.checked), [false])
        XCTAssertEqual(changes.removals.map { "\($0.backend)/\($0.server)" }, ["80__/app-web-1"])
        XCTAssertEqual(RuntimeChanges.between(try config(web), try config(web))?.isEmpty, true, "the same configuration changes nothing")
    }

    func testAServerWhoseAddressChangedIsTakenOutAndAddedAgainWithItsCheck() throws {
        let check = HealthCheck(port: 8080, interval: 2000, responseTimeout: 2000, healthyThreshold: 2, unhealthyThreshold: 3)
        var moved = HAProxyRendererTests.web(1, check: check)
        let before = try config(moved)
        moved[0].address = "10.42.0.99"
        let changes = try XCTUnwrap(RuntimeChanges.between(before, try config(moved)))
        XCTAssertEqual(changes.removals.map { "\($0.backend)/\($0.server)" }, ["80__/app-web-1"])
        XCTAssertEqual(changes.additions.map(\.arguments), ["10.42.0.99:8080 check port 8080 inter 2000 rise 2 fall 3"])
        XCTAssertEqual(changes.additions.map(\.checked), [true])
    }

    func testRulesStickinessAndTheFirstConfigurationNeedAReload() throws {
        let web = HAProxyRendererTests.web(2)
        XCTAssertNil(RuntimeChanges.between(try config(web), try config(web, rules: [PortRule(sourcePort: 81, targetPort: 8080, service: "web")])),
                     "a new port is a new frontend")
        let sticky = StickinessPolicy(cookie: "lb")
        XCTAssertNil(RuntimeChanges.between(try config(Array(web.prefix(1)), stickiness: sticky), try config(web, stickiness: sticky)),
                     "HAProxy 2.6 adds no server with a cookie at run time")
        XCTAssertNil(RuntimeChanges.between(HAProxyRenderer.bootstrap, try config(web)), "the first configuration adds frontends")
    }
}
