import DroverModel

/// One step of an in-service upgrade, as the upgrade engine carries it out.
package enum UpgradeStep: Equatable, Sendable {
    /// Start the new-version containers of these launch configs in these units.
    case startNew(units: [Int], launchConfigs: [String])
    /// Stop (not remove) the old-version containers of these launch configs in these units.
    case stopOld(units: [Int], launchConfigs: [String])
    /// Wait until the new containers of these units are running (and healthy when the service has a health check).
    case waitHealthy(units: [Int])
    /// Pause between batches.
    case pause(milliseconds: Int)
}

/// Rancher 1.6's in-service upgrade as an ordered list of steps (reference section 6): units in batches of
/// `batchSize`; with `startFirst` each batch starts its new containers, waits for them, then stops the old ones;
/// otherwise it stops the old ones first; then it waits for the new ones and pauses `intervalMillis` before the next
/// batch. Old containers are stopped, never removed: `finish` removes them, `rollback` restarts them. Pure.
package enum UpgradePlan {
    package static func steps(units: [Int], changed launchConfigs: [String], strategy: UpgradeStrategy) -> [UpgradeStep] {
        guard !launchConfigs.isEmpty else { return [] }
        let size = max(1, strategy.batchSize)
        let ordered = units.sorted()
        var steps: [UpgradeStep] = []
        for start in stride(from: 0, to: ordered.count, by: size) {
            let batch = Array(ordered[start..<min(start + size, ordered.count)])
            if start > 0 && strategy.intervalMillis > 0 { steps.append(.pause(milliseconds: strategy.intervalMillis)) }
            if strategy.startFirst {
                steps += [.startNew(units: batch, launchConfigs: launchConfigs), .waitHealthy(units: batch),
                          .stopOld(units: batch, launchConfigs: launchConfigs)]
            } else {
                steps += [.stopOld(units: batch, launchConfigs: launchConfigs), .startNew(units: batch, launchConfigs: launchConfigs),
                          .waitHealthy(units: batch)]
            }
        }
        return steps
    }

    /// Rejects strategies Rancher refused: `start_first` with `retain_ip` (the new container would need the old IP).
    package static func validate(_ service: ServiceDefinition) -> String? {
        service.retainIp && service.upgradeStrategy.startFirst
            ? "service \(service.name): start_first cannot be combined with retain_ip" : nil
    }
}
