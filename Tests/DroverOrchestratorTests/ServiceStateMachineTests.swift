@testable import DroverOrchestrator
import DroverModel
import XCTest

/// Every action in every state: the valid ones transition as Rancher 1.6 did, the others are refused with the state
/// and the actions that are valid there.
final class ServiceStateMachineTests: XCTestCase {
    /// The expected transitions, written out independently of the implementation's table.
    static let expected: [ResourceAction: ([ResourceState], ResourceState, ResourceState)] = [
        .create: ([.requested], .registering, .inactive),
        .activate: ([.inactive, .error], .activating, .active),
        .deactivate: ([.active, .activating, .error, .upgraded, .canceledUpgrade], .deactivating, .inactive),
        .upgrade: ([.active, .inactive, .activating, .error], .upgrading, .upgraded),  // Drover: also a stack still waiting or failed
        .finishupgrade: ([.upgraded], .finishingUpgrade, .active),
        .rollback: ([.upgrading, .upgraded, .canceledUpgrade], .rollingBack, .active),
        .cancelupgrade: ([.upgrading], .cancelingUpgrade, .canceledUpgrade),
        .continueupgrade: ([.canceledUpgrade], .upgrading, .upgraded),
        .restart: ([.active], .restarting, .active),
        .remove: ([.requested, .inactive, .active, .activating, .error, .upgraded, .canceledUpgrade, .deactivating], .removing, .removed),
    ]

    func testEveryActionInEveryState() throws {
        var checked = 0
        for action in ResourceAction.allCases {
            let (from, through, to) = try XCTUnwrap(Self.expected[action])
            for state in ResourceState.allCases {
                checked += 1
                if from.contains(state) {
                    let transition = try ServiceStateMachine.transition(action, from: state)
                    XCTAssertEqual(transition, .init(action: action, transitioning: through, target: to), "\(action) in \(state)")
                    XCTAssertTrue(through.isTransitioning, "\(through)")
                } else {
                    XCTAssertThrowsError(try ServiceStateMachine.transition(action, from: state), "\(action) in \(state)") { error in
                        let invalid = error as! ServiceStateMachine.InvalidAction
                        XCTAssertEqual(invalid.state, state)
                        XCTAssertFalse(invalid.validActions.contains(action))
                        XCTAssertEqual(invalid.validActions, ServiceStateMachine.validActions(in: state))
                    }
                }
            }
        }
        XCTAssertEqual(checked, ResourceAction.allCases.count * ResourceState.allCases.count)
    }

    func testRefusalMessageNamesStateAndValidActions() {
        XCTAssertThrowsError(try ServiceStateMachine.transition(.finishupgrade, from: .active)) { error in
            XCTAssertEqual("\(error)", "cannot finishupgrade: the service is active (valid actions: deactivate, upgrade, restart, remove)")
        }
        XCTAssertThrowsError(try ServiceStateMachine.transition(.upgrade, from: .removed)) { error in
            XCTAssertEqual("\(error)", "cannot upgrade: the service is removed (valid actions: none while it is removed)")
        }
    }

    func testUpgradeFlowsEndWhereRancherEnds() throws {
        let upgrade = try ServiceStateMachine.transition(.upgrade, from: .active)
        let cancel = try ServiceStateMachine.transition(.cancelupgrade, from: upgrade.transitioning)
        let resume = try ServiceStateMachine.transition(.continueupgrade, from: cancel.target)
        let finish = try ServiceStateMachine.transition(.finishupgrade, from: resume.target)
        XCTAssertEqual([upgrade.target, cancel.target, resume.target, finish.target], [.upgraded, .canceledUpgrade, .upgraded, .active])
        XCTAssertEqual(ServiceStateMachine.failed(.upgrading), .canceledUpgrade)
        XCTAssertEqual(ServiceStateMachine.failed(.activating), .error)
        XCTAssertEqual(ServiceStateMachine.failed(.active), .active)
        XCTAssertEqual(ServiceStateMachine.validActions(in: .canceledUpgrade), [.deactivate, .rollback, .continueupgrade, .remove])
    }
}
