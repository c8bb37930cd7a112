/// What the planner decided: ordered actions per host, and the services it could not fully place, with why.
package struct Plan: Equatable, Sendable {
    /// Host id → the actions for that host's agent, in the order they must run.
    package var actions: [String: [PlanAction]]
    /// `stack/service` → why some of its units could not be placed. Nothing is created for those units; the
    /// reason is meant for the service's status, so unschedulable work is never a silent retry loop.
    package var unschedulable: [String: String]

    package init(actions: [String: [PlanAction]] = [:], unschedulable: [String: String] = [:]) {
        self.actions = actions
        self.unschedulable = unschedulable
    }

    /// Host ids with actions, sorted.
    package var hosts: [String] { actions.keys.sorted() }

    /// Every action, host by host in sorted order.
    package var allActions: [PlanAction] { hosts.flatMap { actions[$0] ?? [] } }

    /// True when no agent has anything to do (services may still be unschedulable).
    package var isEmpty: Bool { actions.values.allSatisfy(\.isEmpty) }
}
