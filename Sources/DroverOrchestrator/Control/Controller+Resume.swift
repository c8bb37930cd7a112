import DroverModel
import DroverStore
import Foundation

/// What a restarted server does with work a previous process left half-done: upgrades, finishes, rollbacks and
/// removals carry on from where the store says they are (every step is idempotent, units already on the new
/// version are skipped), so nothing stays stuck in a transitioning state.
extension Controller {
    /// Resumes every unfinished stack operation; returns the stacks it resumed.
    @discardableResult
    package func resume() throws -> [String] {
        var resumed: [String] = []
        for stack in try store.stacks(environmentId: nil) {
            let actor = "drover (resumed after restart)"
            switch stack.state {
            case .upgrading:
                let options = try store.upgradeOptions(stack.id).flatMap { try? JSONDecoder().decode(UpgradeOptions.self, from: $0) } ?? UpgradeOptions()
                let names = try store.services(stackId: stack.id).filter { $0.state == .upgrading }.map(\.name)
                try store.appendEvent(environmentId: stack.environmentId, type: "stack", resourceId: stack.id, actor: actor, action: "upgrading",
                                      message: "stack \(stack.name): resuming its upgrade after a restart")
                runUpgrade(stack.id, services: names, options: options, actor: actor)
            case .cancelingUpgrade:
                for service in try store.services(stackId: stack.id) where service.state == .upgrading {
                    try store.setServiceState(service.id, state: .canceledUpgrade, message: nil,
                                              environmentId: stack.environmentId, actor: actor, event: "service \(service.name) canceled-upgrade")
                }
                try store.setStackState(stack.id, state: .canceledUpgrade, message: nil, environmentId: stack.environmentId,
                                        actor: actor, event: "stack \(stack.name) canceled-upgrade")
            case .finishingUpgrade:
                jobs.run { [operations] in try operations.finish(stack, actor: actor) }
            case .rollingBack:
                guard let previous = stack.previousRevision, let target = try store.revision(stackId: stack.id, number: previous) else { continue }
                jobs.run { [operations] in try operations.rollback(stack, to: target, actor: actor) }
            case .removing:
                jobs.run { [operations] in try operations.remove(stack, volumes: stack.removeVolumes, actor: actor) }
            default:
                continue
            }
            resumed.append(stack.name)
        }
        return resumed
    }
}
