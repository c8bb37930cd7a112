/// The states of services and stacks, named as in Rancher 1.6 (reference section 6).
public enum ResourceState: String, Codable, Sendable, CaseIterable {
    case requested, registering, inactive, activating, active
    case upgrading, upgraded
    case finishingUpgrade = "finishing-upgrade"
    case rollingBack = "rolling-back"
    case cancelingUpgrade = "canceling-upgrade"
    case canceledUpgrade = "canceled-upgrade"
    case restarting, deactivating, removing, removed, error

    /// True while the system is working towards another state (Rancher's `transitioning: yes`).
    public var isTransitioning: Bool {
        switch self {
        case .requested, .registering, .activating, .upgrading, .finishingUpgrade, .rollingBack, .cancelingUpgrade,
             .restarting, .deactivating, .removing:
            return true
        default:
            return false
        }
    }
}

/// The actions users (and the API's `?action=`) apply to services and stacks.
public enum ResourceAction: String, Codable, Sendable, CaseIterable {
    case create, activate, deactivate, upgrade, finishupgrade, rollback, cancelupgrade, continueupgrade, restart, remove
}
