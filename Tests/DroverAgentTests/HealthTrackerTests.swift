import DroverAgent
import DroverModel
import XCTest

/// Rancher's health counting, as data: thresholds, the initializing timeout, recovery, and the service's health.
final class HealthTrackerTests: XCTestCase {
    private let check = HealthCheck(port: 80, interval: 2000, initializingTimeout: 10_000, healthyThreshold: 2, unhealthyThreshold: 3)
    private let failing = HealthProbe.Result.unhealthy("connection refused")

    func testInitializingTurnsHealthyAfterTheThresholdAndUnhealthyAfterFailuresInARow() {
        var tracker = HealthTracker(check: check, started: 0)
        XCTAssertEqual(tracker.state, .initializing)
        XCTAssertFalse(tracker.record(.healthy, now: 1))
        XCTAssertTrue(tracker.record(.healthy, now: 2), "two passes in a row")
        XCTAssertEqual(tracker.state, .healthy)
        XCTAssertFalse(tracker.record(failing, now: 3))
        XCTAssertFalse(tracker.record(failing, now: 4))
        XCTAssertFalse(tracker.record(.healthy, now: 5), "a pass resets the failures")
        for second in 6...7 { XCTAssertFalse(tracker.record(failing, now: Double(second))) }
        XCTAssertTrue(tracker.record(failing, now: 8), "three failures in a row")
        XCTAssertEqual(tracker.state, .unhealthy)
        XCTAssertEqual(tracker.reason, "connection refused")
        XCTAssertFalse(tracker.record(.healthy, now: 9))
        XCTAssertTrue(tracker.record(.healthy, now: 10), "back after two passes")
        XCTAssertNil(tracker.reason)
    }

    func testAContainerThatNeverPassesIsUnhealthyAtTheInitializingTimeout() {
        var tracker = HealthTracker(check: check, started: 100, restarted: true)
        XCTAssertEqual(tracker.state, .reinitializing)
        for second in 101...109 { XCTAssertFalse(tracker.record(failing, now: Double(second)), "failures wait for the timeout") }
        XCTAssertTrue(tracker.record(failing, now: 110))
        XCTAssertEqual(tracker.state, .unhealthy)
    }

    func testServiceHealthFromItsContainers() {
        XCTAssertEqual(ServiceHealth.of([.healthy, .healthy]), .healthy)
        XCTAssertEqual(ServiceHealth.of([.healthy, nil]), .healthy, "a container without a check counts as healthy")
        XCTAssertEqual(ServiceHealth.of([.healthy, .initializing]), .initializing)
        XCTAssertEqual(ServiceHealth.of([.healthy, .unhealthy, .initializing]), .degraded)
        XCTAssertEqual(ServiceHealth.of([.unhealthy, .unhealthy]), .unhealthy)
        XCTAssertEqual(ServiceHealth.of([], startedOnce: true), .startedOnce)
        XCTAssertNil(ServiceHealth.of([]))
    }
}
