import DroverModel
@testable import DroverStore
import Foundation
import XCTest

/// Stacks, revisions and events on a fresh database file per test.
final class StackStoreTests: XCTestCase {
    private var path = ""
    private var store: StackStore!

    override func setUpWithError() throws {
        path = NSTemporaryDirectory() + "drover-stackstore-\(UUID().uuidString).sqlite"
        store = try StackStore(path: path)
        try store.createEnvironment(id: "1a1", name: "Default", actor: "admin")
    }

    override func tearDown() {
        store = nil
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    private func revision(_ image: String, answers: [String: String] = [:]) -> StoredRevision {
        var config = LaunchConfig(name: "web")
        config.image = image
        return StoredRevision(stackId: "", number: 0, dockerCompose: "web:\n  image: \(image)\n", rancherCompose: nil, answers: answers,
                              definition: StackDefinition(services: [ServiceDefinition(name: "web", launchConfig: config)]), externalId: nil)
    }

    func testStackWithRevisionsRoundTrips() throws {
        try store.createStack(id: "1st1", environmentId: "1a1", name: "shop", revision: revision("nginx:1.24"), actor: "admin")
        let second = try store.addRevision(stackId: "1st1", revision("nginx:1.25", answers: ["TAG": "1.25"]), actor: "admin")
        XCTAssertEqual(second.number, 2)
        let revisions = try store.revisions(stackId: "1st1")
        XCTAssertEqual(revisions.map(\.number), [1, 2])
        XCTAssertEqual(revisions[1].definition.service("web")?.launchConfig.image, "nginx:1.25")
        XCTAssertEqual(revisions[1].answers, ["TAG": "1.25"])
        XCTAssertEqual(try store.database.execute("SELECT current_revision AS r FROM stacks").first?["r"].integer, 2)
        XCTAssertEqual(try store.events().map(\.message), ["environment Default created", "stack shop created at revision 1"])
    }

    func testRevisionsAndEventsCannotBeRewritten() throws {
        try store.createStack(id: "1st1", environmentId: "1a1", name: "shop", revision: revision("nginx"), actor: "admin")
        XCTAssertThrowsError(try store.database.execute("UPDATE revisions SET docker_compose = 'x'")) { error in
            XCTAssertTrue("\(error)".contains("revisions are immutable"), "\(error)")
        }
        XCTAssertThrowsError(try store.database.execute("UPDATE events SET message = 'x'")) { error in
            XCTAssertTrue("\(error)".contains("events are append-only"), "\(error)")
        }
    }

    func testAFailedCreateLeavesNoTrace() throws {
        try store.createStack(id: "1st1", environmentId: "1a1", name: "shop", revision: revision("nginx"), actor: "admin")
        XCTAssertThrowsError(try store.createStack(id: "1st2", environmentId: "1a1", name: "shop", revision: revision("nginx"), actor: "admin"))
        XCTAssertThrowsError(try store.createStack(id: "1st3", environmentId: "nope", name: "other", revision: revision("nginx"), actor: "admin"))
        XCTAssertEqual(try store.database.execute("SELECT id FROM stacks").map { try $0.text("id") }, ["1st1"])
        XCTAssertEqual(try store.database.execute("SELECT count(*) AS n FROM revisions").first?["n"].integer, 1)
        XCTAssertEqual(try store.events().count, 2)
    }

    func testReopeningKeepsEverythingAndDoesNotRemigrate() throws {
        try store.createStack(id: "1st1", environmentId: "1a1", name: "shop", revision: revision("nginx"), actor: "admin")
        store = nil
        let reopened = try StackStore(path: path)
        XCTAssertEqual(try reopened.revisions(stackId: "1st1").count, 1)
        XCTAssertEqual(try reopened.database.execute("SELECT id FROM schema_migrations ORDER BY id").map { try $0.text("id") },
                       Schema.migrations.map(\.id), "every migration applied once")
    }

    func testARowThatBreaksItsTypeIsAnErrorNamingTableAndColumn() throws {
        try store.createStack(id: "1st1", environmentId: "1a1", name: "shop", revision: revision("nginx"), actor: "admin")
        try store.database.execute("UPDATE stacks SET state = 'sleeping' WHERE id = '1st1'")
        XCTAssertThrowsError(try store.stack("1st1")) { error in
            XCTAssertEqual("\(error)", "the database holds text(\"sleeping\") in stacks.state, which must be one of "
                           + ResourceState.allCases.map(\.rawValue).joined(separator: ", ") + "; was it changed by hand?")
        }
        try store.database.execute("UPDATE stacks SET state = 'active', current_revision = NULL WHERE id = '1st1'")
        XCTAssertThrowsError(try store.stack("1st1")) { error in
            XCTAssertEqual("\(error)", "the database holds null in stacks.current_revision, which must be an integer; was it changed by hand?")
        }
    }

    func testInstancesAreWrittenOnlyWhereTheyChanged() throws {
        try store.createStack(id: "1a1/shop", environmentId: "1a1", name: "shop", revision: revision("nginx"), actor: "admin")
        try store.addServices(stackId: "1a1/shop", [ServiceDefinition(name: "web", launchConfig: LaunchConfig(name: "web"))], state: .active)
        let host = try store.registerHost(environmentId: "1a1", HostRegistration(name: "h1"), newId: "1h1", actor: "admin")
        func report(_ unit: Int, _ state: InstanceReport.State = .running) -> (host: String, report: InstanceReport) {
            (host.id, InstanceReport(instanceId: "shop/web/web/\(unit)/v1", dockerId: "d\(unit)", name: "shop-web-\(unit)", version: 1, state: state,
                                     stack: "shop", service: "web", launchConfig: "web", unitIndex: unit, deploymentUnit: "shop/web/\(unit)"))
        }
        func writes(_ reports: [(host: String, report: InstanceReport)]) throws -> Int64 {
            let before = store.database.changeCount
            try store.replaceInstances(hostIds: [host.id], reports: reports, environmentId: "1a1")
            return store.database.changeCount - before
        }
        let hundred = (1...100).map { report($0) }
        XCTAssertEqual(try writes(hundred), 100)
        XCTAssertEqual(try writes(hundred), 0, "nothing changed, nothing written")
        var changed = hundred
        changed[41] = report(42, .stopped)
        XCTAssertEqual(try writes(changed), 1, "one container stopped: one row written")
        XCTAssertEqual(try store.instances(environmentId: "1a1").first { $0.name == "shop-web-42" }?.state, .stopped)
        XCTAssertEqual(try writes(Array(changed.dropLast())), 1, "one container gone: one row deleted")
        XCTAssertEqual(try store.instances(environmentId: "1a1").count, 99)
        XCTAssertEqual(try writes(changed.dropLast() + [report(100, .removed)]), 0, "a removed container is not recorded")
    }
}
