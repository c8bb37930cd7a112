import DroverModel
import DroverStore

/// Service lifecycle actions as Rancher had them: a rolling `restart`, `deactivate` (containers stopped and kept),
/// `activate` (started again). Each is checked against the state machine and recorded before it runs.
extension Controller {
    /// Restarts a service's containers in batches; the service is `restarting` meanwhile, then `active`.
    public func restart(_ serviceId: String, batchSize: Int = 1, intervalMillis: Int = 0, actor: String) throws {
        let service = try existingService(serviceId)
        try check(.restart, service.state, "service \(service.name)")
        try store.setServiceState(serviceId, state: ResourceState.restarting.rawValue, message: nil, environmentId: service.environmentId,
                                  actor: actor, event: "service \(service.name) restarting, \(max(1, batchSize)) at a time")
        background { [self] in
            let upgrader = Upgrader(reconciler: try reconciler(service.environmentId), waitTimeout: upgradeWaitTimeout)
            var state = ResourceState.active
            var message: String?
            do {
                try upgrader.restart(DesiredService(stack: service.stackName, definition: service.definition, versions: service.versions),
                                     batchSize: batchSize, intervalMillis: intervalMillis) { line in
                    try? store.appendEvent(environmentId: service.environmentId, type: "service", resourceId: serviceId, actor: "drover",
                                           action: "restart", message: "service \(service.name): \(line)")
                }
            } catch {
                (state, message) = (.error, "\(error)")
            }
            try recordInstances(environmentId: service.environmentId)
            try store.setServiceState(serviceId, state: state.rawValue, message: message, environmentId: service.environmentId, actor: "drover",
                                      event: "service \(service.name) " + (message.map { "restart failed: \($0)" } ?? "restarted"))
        }
    }

    /// Stops a service's containers and keeps them; reconcile passes leave the service alone until `activate`.
    public func deactivate(_ serviceId: String, actor: String) throws {
        let service = try existingService(serviceId)
        try check(.deactivate, service.state, "service \(service.name)")
        try store.setServiceState(serviceId, state: ResourceState.deactivating.rawValue, message: nil, environmentId: service.environmentId,
                                  actor: actor, event: "service \(service.name) deactivating")
        background { [self] in
            let upgrader = Upgrader(reconciler: try reconciler(service.environmentId), waitTimeout: upgradeWaitTimeout)
            try upgrader.stopAll(DesiredService(stack: service.stackName, definition: service.definition, versions: service.versions))
            try recordInstances(environmentId: service.environmentId)
            try store.setServiceState(serviceId, state: ResourceState.inactive.rawValue, message: nil, environmentId: service.environmentId,
                                      actor: actor, event: "service \(service.name) inactive: containers stopped")
            schedule(service.environmentId)
        }
    }

    /// Starts a deactivated (or failed) service again: its stopped containers are started (the same containers), then
    /// reconcile passes keep it at scale.
    public func activate(_ serviceId: String, actor: String) throws {
        let service = try existingService(serviceId)
        try check(.activate, service.state, "service \(service.name)")
        let upgrader = Upgrader(reconciler: try reconciler(service.environmentId), waitTimeout: upgradeWaitTimeout)
        try upgrader.startAll(DesiredService(stack: service.stackName, definition: service.definition, versions: service.versions))
        try store.setServiceState(serviceId, state: ResourceState.activating.rawValue, message: nil, environmentId: service.environmentId,
                                  actor: actor, event: "service \(service.name) activating")
        schedule(service.environmentId)
    }

    func existingService(_ serviceId: String) throws -> StoredService {
        guard let service = try store.service(serviceId) else { throw ControlError.notFound("service \"\(serviceId)\" does not exist") }
        return service
    }
}
