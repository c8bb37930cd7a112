import DroverBasics
import DroverModel
import DroverStore
import Foundation

/// The server's orchestration as the API sees it: every command (create, upgrade, finish, rollback, scale, …) is
/// checked against Rancher's state machine and recorded in one transaction, then handed to the parts that carry it
/// out — `ReconcileLoop` (passes that keep every environment at its desired state), `StackOperationRunner`
/// (upgrades, finishes, rollbacks, removals and restarts that run to completion in the server whatever happens to
/// the client) — while `PlanPreviews` says what a command would do without doing it.
package final class Controller: Sendable {
    package let store: StackStore
    package let agents: AgentRegistry
    package let reconcile: ReconcileLoop
    package let operations: StackOperationRunner
    package let previews: PlanPreviews
    /// Every thread the controller started; tests wait until it is idle.
    package let jobs: BackgroundJobs

    /// `unknownHostsGrace`: seconds after this start during which hosts whose agents have not reported yet are
    /// waited for instead of given up (a restarted server uses its heartbeat timeout).
    /// `loadBalancerImage`: what load balancers naming Rancher's balancer images run.
    package init(store: StackStore, agents: AgentRegistry, upgradeWaitTimeout: Double = 120, unknownHostsGrace: Double = 0,
                 loadBalancerImage: String? = nil, afterPass: @escaping @Sendable () -> Void = {}) {
        self.store = store
        self.agents = agents
        jobs = BackgroundJobs { [store] error in
            try? store.appendEvent(environmentId: nil, type: "drover", resourceId: "controller", actor: "drover", action: "error", message: "\(error)")
        }
        reconcile = ReconcileLoop(store: store, agents: agents, jobs: jobs, unknownHostsGrace: unknownHostsGrace,
                                  loadBalancerImage: loadBalancerImage, afterPass: afterPass)
        operations = StackOperationRunner(store: store, reconcile: reconcile, upgradeWaitTimeout: upgradeWaitTimeout)
        previews = PlanPreviews(store: store, reconcile: reconcile)
    }

    /// Durations of reconcile passes and upgrades.
    package var timings: ControlTimings { reconcile.timings }

    // MARK: - Checks shared by the commands

    /// The store id of a stack.
    package static func stackId(_ environmentId: String, _ name: String) -> String { "\(environmentId)/\(name)" }

    /// Applies Rancher's state machine: `action` must be valid in `state`.
    static func check(_ action: ResourceAction, _ state: ResourceState, _ what: String) throws {
        do {
            _ = try ServiceStateMachine.transition(action, from: state)
        } catch {
            let valid = error.validActions.map(\.rawValue).joined(separator: ", ")
            throw ControlError.refused("cannot \(action.rawValue) \(what): it is \(state.rawValue) (valid actions now: \(valid.isEmpty ? "none" : valid))")
        }
    }

    /// A new stack's name: valid, and not taken in the environment — also not in another case, since it becomes a DNS
    /// name (`service.stack`) and DNS ignores case.
    static func checkNew(_ name: String, environmentId: String, store: StackStore, hint: String) throws {
        try checkName(name)
        if let taken = try store.stacks(environmentId: environmentId).first(where: { $0.name.lowercased() == name.lowercased() }) {
            throw ControlError.conflict(taken.name == name ? "stack \"\(name)\" already exists; \(hint)"
                                        : "stack \"\(name)\" would have the DNS name of stack \"\(taken.name)\" (names ignore case); choose another name")
        }
    }

    /// Stack names as Rancher allowed them: letters, digits and hyphens, starting with a letter or digit.
    static func checkName(_ name: String) throws {
        let allowed = name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        guard !name.isEmpty, name.count <= 63, allowed, name.first != "-" else {
            throw ControlError.invalid("stack name \"\(name)\" is not valid: use letters, digits and hyphens (at most 63), not starting with a hyphen")
        }
    }
}
