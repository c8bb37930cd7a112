import DroverModel
@testable import DroverOrchestrator
import XCTest

final class UpgradePlanTests: XCTestCase {
    private func service(image: String, sidekickImage: String = "busybox") -> ServiceDefinition {
        var primary = LaunchConfig(name: "web")
        primary.image = image
        var sidekick = LaunchConfig(name: "data")
        sidekick.image = sidekickImage
        return ServiceDefinition(name: "web", launchConfig: primary, sidekicks: [sidekick], scale: 4)
    }

    func testOnlyChangedLaunchConfigsGetANewVersion() {
        let v1 = LaunchConfigVersions(initial: service(image: "nginx:1.24"))
        XCTAssertEqual(v1.versions, ["web": 1, "data": 1])
        let v2 = v1.next(for: service(image: "nginx:1.25"))
        XCTAssertEqual(v2.versions, ["web": 2, "data": 1])
        XCTAssertEqual(v2.changed(comparedTo: v1), ["web"])
        XCTAssertEqual(v2.next(for: service(image: "nginx:1.25")), v2, "no change, no new version")
        XCTAssertEqual(v2.next(for: service(image: "nginx:1.25"), forced: true).versions, ["web": 3, "data": 2])
        var withoutSidekick = service(image: "nginx:1.25")
        withoutSidekick.sidekicks = []
        XCTAssertEqual(v2.next(for: withoutSidekick).changed(comparedTo: v2), ["data"])
    }

    func testHashesAreStableAndSensitive() {
        XCTAssertEqual(DefinitionHash.of(service: service(image: "a")), DefinitionHash.of(service: service(image: "a")))
        XCTAssertNotEqual(DefinitionHash.of(service: service(image: "a")), DefinitionHash.of(service: service(image: "b")))
        var scaled = service(image: "a")
        scaled.scale = 9
        XCTAssertEqual(DefinitionHash.of(service: scaled), DefinitionHash.of(service: service(image: "a")), "scale is not a change of definition")
        XCTAssertEqual(DefinitionHash.of(service: service(image: "a")).count, 16)
    }

    func testStartFirstBatchesOfTwo() {
        let steps = UpgradePlan.steps(units: [3, 1, 4, 2, 5], changed: ["web"],
                                      strategy: UpgradeStrategy(startFirst: true, batchSize: 2, intervalMillis: 1000))
        XCTAssertEqual(steps, [
            .startNew(units: [1, 2], launchConfigs: ["web"]), .waitHealthy(units: [1, 2]), .stopOld(units: [1, 2], launchConfigs: ["web"]),
            .pause(milliseconds: 1000),
            .startNew(units: [3, 4], launchConfigs: ["web"]), .waitHealthy(units: [3, 4]), .stopOld(units: [3, 4], launchConfigs: ["web"]),
            .pause(milliseconds: 1000),
            .startNew(units: [5], launchConfigs: ["web"]), .waitHealthy(units: [5]), .stopOld(units: [5], launchConfigs: ["web"]),
        ])
    }

    func testStopFirstWithoutInterval() {
        XCTAssertEqual(UpgradePlan.steps(units: [1, 2], changed: ["web", "data"], strategy: UpgradeStrategy(startFirst: false, batchSize: 1, intervalMillis: 0)), [
            .stopOld(units: [1], launchConfigs: ["web", "data"]), .startNew(units: [1], launchConfigs: ["web", "data"]), .waitHealthy(units: [1]),
            .stopOld(units: [2], launchConfigs: ["web", "data"]), .startNew(units: [2], launchConfigs: ["web", "data"]), .waitHealthy(units: [2]),
        ])
        XCTAssertEqual(UpgradePlan.steps(units: [1, 2], changed: [], strategy: UpgradeStrategy()), [], "nothing changed, nothing to do")
    }

    func testRetainIpWithStartFirstIsRejected() {
        var definition = service(image: "a")
        definition.retainIp = true
        definition.upgradeStrategy.startFirst = true
        XCTAssertEqual(UpgradePlan.validate(definition), "service web: start_first cannot be combined with retain_ip")
        definition.upgradeStrategy.startFirst = false
        XCTAssertNil(UpgradePlan.validate(definition))
    }
}
