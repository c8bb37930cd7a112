/// The states of services and stacks, named as in Rancher 1.6 (reference section 6).
package enum ResourceState: String, Codable, Sendable, CaseIterable {
    case requested, registering, inactive, activating, active
    case upgrading, upgraded
    case finishingUpgrade = "finishing-upgrade"
    case rollingBack = "rolling-back"
    case cancelingUpgrade = "canceling-upgrade"
    case canceledUpgrade = "canceled-upgrade"
    case restarting, deactivating, removing, removed, error

    /// True while the system is working towards another state (Rancher's `transitioning: yes`).
    package var isTransitioning: Bool {
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
package enum ResourceAction: String, Codable, Sendable, CaseIterable {
    case create, activate, deactivate, upgrade, finishupgrade, rollback, cancelupgrade, continueupgrade, restart, remove
}

/// The states of a host: `active` while its agent heartbeats, `disconnected` once it missed them (its containers are
/// kept, new work goes elsewhere), `inactive` when an operator took it out of scheduling.
package enum HostState: String, Codable, Sendable, CaseIterable {
    case active, disconnected, inactive
}

/// What an API key may do: `admin` everything; in one environment `owner` and `member` change things and `readonly`
/// reads; `agent` is a host's own credential, good only on the agent endpoints.
package enum KeyRole: String, Codable, Sendable, CaseIterable {
    case admin, owner, member, readonly, agent
}
