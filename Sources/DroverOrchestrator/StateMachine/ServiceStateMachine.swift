import DroverModel

/// Rancher 1.6's service (and stack) state machine: which action is valid in which state, the transitioning state
/// an action enters, and the state it settles in. Pure.
package enum ServiceStateMachine {
    /// An accepted action: the state entered at once, and the state reached when the work completes.
    package struct Transition: Equatable, Sendable {
        package var action: ResourceAction
        package var transitioning: ResourceState
        package var target: ResourceState
    }

    /// An action refused in the current state, naming the actions that are valid there.
    package struct InvalidAction: Error, Equatable, Sendable, CustomStringConvertible {
        package var action: ResourceAction
        package var state: ResourceState
        package var validActions: [ResourceAction]

        package var description: String {
            let valid = validActions.isEmpty ? "none while it is \(state.rawValue)" : validActions.map(\.rawValue).joined(separator: ", ")
            return "cannot \(action.rawValue): the service is \(state.rawValue) (valid actions: \(valid))"
        }
    }

    /// Every action's allowed starting states, transitioning state and settled state.
    static let table: [ResourceAction: (from: Set<ResourceState>, through: ResourceState, to: ResourceState)] = [
        .create: ([.requested], .registering, .inactive),
        .activate: ([.inactive, .error], .activating, .active),
        .deactivate: ([.active, .activating, .error, .upgraded, .canceledUpgrade], .deactivating, .inactive),
        .upgrade: ([.active, .inactive, .activating, .error], .upgrading, .upgraded),
        .finishupgrade: ([.upgraded], .finishingUpgrade, .active),
        .rollback: ([.upgrading, .upgraded, .canceledUpgrade], .rollingBack, .active),
        .cancelupgrade: ([.upgrading], .cancelingUpgrade, .canceledUpgrade),
        .continueupgrade: ([.canceledUpgrade], .upgrading, .upgraded),
        .restart: ([.active], .restarting, .active),
        .remove: ([.requested, .inactive, .active, .activating, .error, .upgraded, .canceledUpgrade, .deactivating], .removing, .removed),
    ]

    /// The actions valid in `state`, in a stable order.
    package static func validActions(in state: ResourceState) -> [ResourceAction] {
        ResourceAction.allCases.filter { table[$0]!.from.contains(state) }
    }

    /// Applies `action` in `state`, or refuses it.
    package static func transition(_ action: ResourceAction, from state: ResourceState) throws(InvalidAction) -> Transition {
        let rule = table[action]!
        guard rule.from.contains(state) else {
            throw InvalidAction(action: action, state: state, validActions: validActions(in: state))
        }
        return Transition(action: action, transitioning: rule.through, target: rule.to)
    }

    /// The state a transitioning service settles in when its work fails: upgrades stop where they are (upgraded
    /// work can still be rolled back), everything else goes to `error`.
    package static func failed(_ state: ResourceState) -> ResourceState {
        switch state {
        case .upgrading, .cancelingUpgrade: return .canceledUpgrade
        case .rollingBack, .finishingUpgrade: return .error
        default: return state.isTransitioning ? .error : state
        }
    }
}
