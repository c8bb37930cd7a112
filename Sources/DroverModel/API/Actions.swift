/// The actions a stack answers to (`POST …/stacks/{stack}?action=`).
package enum StackActionName: String, Codable, Sendable, CaseIterable {
    case upgrade, plan, finishupgrade, rollback, cancelupgrade, continueupgrade, exportconfig
}

/// The actions a service answers to (`POST …/services/{service}?action=`).
package enum ServiceActionName: String, Codable, Sendable, CaseIterable {
    case restart, activate, deactivate
}

extension ResourceAction {
    /// The stack action that carries out this state-machine action, if a stack takes it (removal is `DELETE`).
    package var stackAction: StackActionName? {
        switch self {
        case .upgrade: return .upgrade
        case .finishupgrade: return .finishupgrade
        case .rollback: return .rollback
        case .cancelupgrade: return .cancelupgrade
        case .continueupgrade: return .continueupgrade
        case .create, .activate, .deactivate, .restart, .remove: return nil
        }
    }

    /// The service action that carries out this state-machine action, if a service takes it.
    package var serviceAction: ServiceActionName? {
        switch self {
        case .restart: return .restart
        case .activate: return .activate
        case .deactivate: return .deactivate
        case .create, .upgrade, .finishupgrade, .rollback, .cancelupgrade, .continueupgrade, .remove: return nil
        }
    }
}
