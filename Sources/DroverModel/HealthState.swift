/// A container's health as its agent's checks find it, in Rancher's words: `initializing` after it starts until it
/// passes `healthy_threshold` checks in a row, `reinitializing` the same after a restart, `healthy`, and `unhealthy`
/// after `unhealthy_threshold` failures in a row (or when it is still not healthy at the initializing timeout).
package enum HealthState: String, Codable, Sendable, CaseIterable {
    case initializing, healthy, unhealthy, reinitializing
}

/// A service's health from its containers' (Rancher's service health states): `healthy` when every container is,
/// `initializing` while some still start and none is unhealthy, `degraded` when some are unhealthy, `unhealthy` when
/// all are, `started-once` for a start-once service whose containers ran and exited.
package enum ServiceHealth: String, Codable, Sendable, CaseIterable {
    case healthy, initializing, degraded, unhealthy
    case startedOnce = "started-once"

    /// The health of a service whose checked containers are in `states` (nil: no health check, which counts as
    /// healthy while running); nil when it has no running container to judge.
    package static func of(_ states: [HealthState?], startedOnce: Bool = false) -> ServiceHealth? {
        if startedOnce { return .startedOnce }
        guard !states.isEmpty else { return nil }
        let unhealthy = states.filter { $0 == .unhealthy }.count
        if unhealthy == states.count { return .unhealthy }
        if unhealthy > 0 { return .degraded }
        if states.contains(where: { $0 == .initializing || $0 == .reinitializing }) { return .initializing }
        return .healthy
    }
}
