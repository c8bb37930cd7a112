import DroverModel

/// Follows one container's health checks and says its health (`HealthState`), as Rancher's health checks counted:
/// while (re)initializing it turns healthy after `healthyThreshold` passes in a row, and unhealthy only when the
/// initializing timeout (default 60 s) passes first; a healthy container turns unhealthy after `unhealthyThreshold`
/// failures in a row, and an unhealthy one healthy again after `healthyThreshold` passes. Pure: the caller passes time.
package struct HealthTracker: Equatable, Sendable {
    static let defaultInitializingTimeout = 60_000

    package let check: HealthCheck
    package private(set) var state: HealthState
    /// Why the last check failed, while it is failing.
    package private(set) var reason: String?
    private var passes = 0
    private var failures = 0
    /// When the container (re)started, in seconds.
    private let started: Double

    /// A tracker for a container that started at `started`; `restarted` when it ran before (reinitializing).
    package init(check: HealthCheck, started: Double, restarted: Bool = false) {
        self.check = check
        self.started = started
        state = restarted ? .reinitializing : .initializing
    }

    /// Counts one check's result at `now`; true when the health changed.
    package mutating func record(_ result: HealthProbe.Result, now: Double) -> Bool {
        let before = state
        switch result {
        case .healthy:
            (passes, failures, reason) = (passes + 1, 0, nil)
            if state != .healthy && passes >= check.healthyThreshold { state = .healthy }
        case let .unhealthy(why):
            (passes, failures, reason) = (0, failures + 1, why)
            switch state {
            case .healthy:
                if failures >= check.unhealthyThreshold { state = .unhealthy }
            case .initializing, .reinitializing:
                let timeout = (state == .initializing ? check.initializingTimeout : check.reinitializingTimeout ?? check.initializingTimeout)
                    ?? Self.defaultInitializingTimeout
                if (now - started) * 1000 >= Double(timeout) { state = .unhealthy }
            case .unhealthy:
                break
            }
        }
        return state != before
    }
}
