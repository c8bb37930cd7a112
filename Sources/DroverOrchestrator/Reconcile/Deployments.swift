import DroverModel
import DroverStore
import Foundation

/// Deploys stacks: records the stack, its first revision and its services in one transaction, then reconciles and
/// records each service's outcome — `active`, still `activating` with the scheduler's reason when units cannot be
/// placed (and retried on the next pass, never silently), or `error` with the agent's message.
public final class Deployments: Sendable {
    public let store: StackStore
    public let reconciler: Reconciler
    public let environmentId: String

    public init(store: StackStore, reconciler: Reconciler, environmentId: String) {
        self.store = store
        self.reconciler = reconciler
        self.environmentId = environmentId
    }

    /// Creates and deploys stack `name`; returns the stack id. Nothing is written, and nothing runs, when the
    /// stack cannot be recorded (a duplicate name, an unknown environment).
    @discardableResult
    public func deploy(name: String, definition: StackDefinition, dockerCompose: String, rancherCompose: String?,
                       answers: [String: String] = [:], externalId: String? = nil, actor: String) throws -> String {
        let stackId = "\(environmentId)/\(name)"
        let revision = StoredRevision(stackId: stackId, number: 0, dockerCompose: dockerCompose, rancherCompose: rancherCompose,
                                      answers: answers, definition: definition, externalId: externalId)
        try store.database.write {
            try store.createStack(id: stackId, environmentId: environmentId, name: name, revision: revision, actor: actor)
            try store.addServices(stackId: stackId, definition.services, state: ResourceState.activating.rawValue)
        }
        let desired = definition.services.map { DesiredService.initial(stack: name, definition: $0) }
        let outcome = try reconciler.reconcile(desired, volumes: [name: definition.volumes])
        for service in definition.services {
            let id = "\(stackId)/\(service.name)"
            let failures = outcome.failures.filter { $0.key.contains("/\(name)/\(service.name)/") }
            if let failure = failures.first {
                try store.setServiceState(id, state: ResourceState.error.rawValue, message: failure.message, environmentId: environmentId,
                                          actor: "drover", event: "service \(service.name) failed: \(failure.message)")
            } else if let reason = outcome.plan.unschedulable["\(name)/\(service.name)"] {
                try store.setServiceState(id, state: ResourceState.activating.rawValue, message: reason, environmentId: environmentId,
                                          actor: "drover", event: "service \(service.name) is waiting: \(reason)")
            } else {
                try store.setServiceState(id, state: ResourceState.active.rawValue, message: nil, environmentId: environmentId,
                                          actor: "drover", event: "service \(service.name) active")
            }
        }
        return stackId
    }
}
