/// The actions a stack answers to (`POST …/stacks/{stack}?action=`).
package enum StackActionName: String, Codable, Sendable, CaseIterable {
    case upgrade, plan, finishupgrade, rollback, cancelupgrade, continueupgrade, exportconfig
}

/// The actions a service answers to (`POST …/services/{service}?action=`).
package enum ServiceActionName: String, Codable, Sendable, CaseIterable {
    case restart, activate, deactivate
}
