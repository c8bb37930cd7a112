import DroverModel
@testable import DroverOrchestrator
import XCTest

/// `StackChange`: which services an `up --upgrade` gives new containers, which only change settings, which are added
/// and which are pruned — as data.
final class StackChangeTests: XCTestCase {
    private func service(_ name: String, image: String = "busybox", sidekick: String? = nil, scale: Int = 1) -> ServiceDefinition {
        var config = LaunchConfig(name: name)
        config.image = image
        var definition = ServiceDefinition(name: name, launchConfig: config)
        definition.scale = scale
        if let sidekick {
            var side = LaunchConfig(name: "side")
            side.image = sidekick
            definition.sidekicks = [side]
        }
        return definition
    }

    private let versions = ["web": ["web": 1, "side": 1], "db": ["db": 3]]

    func testNothingChangedIsEmpty() {
        let stack = StackDefinition(services: [service("web", sidekick: "a"), service("db")])
        XCTAssertTrue(StackChange.between(old: stack, versions: versions, new: stack, force: false, prune: false).isEmpty)
    }

    func testOnlyTheChangedLaunchConfigGetsANewVersion() {
        let old = StackDefinition(services: [service("web", sidekick: "a"), service("db")])
        let new = StackDefinition(services: [service("web", sidekick: "b"), service("db")])
        let change = StackChange.between(old: old, versions: versions, new: new, force: false, prune: false)
        XCTAssertEqual(change.upgraded, ["web": ["web": 1, "side": 2]], "the primary keeps its version; db is untouched")
        XCTAssertEqual(change.updated, [])
    }

    func testScaleIsASettingNotAnUpgrade() {
        let old = StackDefinition(services: [service("web", sidekick: "a"), service("db")])
        let new = StackDefinition(services: [service("web", sidekick: "a", scale: 5), service("db")])
        let change = StackChange.between(old: old, versions: versions, new: new, force: false, prune: false)
        XCTAssertEqual(change.upgraded, [:])
        XCTAssertEqual(change.updated, ["web"])
    }

    func testAddedRemovedPrunedAndForced() {
        let old = StackDefinition(services: [service("web", sidekick: "a"), service("db")])
        let new = StackDefinition(services: [service("web", sidekick: "a"), service("cache")])
        let kept = StackChange.between(old: old, versions: versions, new: new, force: false, prune: false)
        XCTAssertEqual(kept.added, ["cache"])
        XCTAssertEqual(kept.removed, [], "without prune a service that left the files stays")
        XCTAssertEqual(StackChange.between(old: old, versions: versions, new: new, force: false, prune: true).removed, ["db"])
        let forced = StackChange.between(old: old, versions: versions, new: old, force: true, prune: false)
        XCTAssertEqual(forced.upgraded, ["web": ["web": 2, "side": 2], "db": ["db": 4]])
    }
}
