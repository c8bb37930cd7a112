import DroverModel
import DroverStore

/// Service lifecycle commands as Rancher had them: a rolling `restart`, `deactivate` (containers stopped and kept),
/// `activate` (started again). Each is checked against the state machine and recorded before it runs.
extension Controller {
    /// Restarts a service's containers in batches; the service is `restarting` meanwhile, then `active`.
    package func restart(_ serviceId: String, batchSize: Int = 1, intervalMillis: Int = 0, actor: String) throws {
        let service = try store.existingService(serviceId)
        try Self.check(.restart, service.state, "service \(service.name)")
        try store.setServiceState(serviceId, state: .restarting, message: nil, environmentId: service.environmentId,
                                  actor: actor, event: "service \(service.name) restarting, \(max(1, batchSize)) at a time")
        jobs.run { [operations] in try operations.restart(service, batchSize: batchSize, intervalMillis: intervalMillis) }
    }

    /// Stops a service's containers and keeps them; reconcile passes leave the service alone until `activate`. A
    /// service already inactive is left as it is (nothing to do is not an error).
    package func deactivate(_ serviceId: String, actor: String) throws {
        let service = try store.existingService(serviceId)
        if service.state == .inactive { return }
        try Self.check(.deactivate, service.state, "service \(service.name)")
        try store.setServiceState(serviceId, state: .deactivating, message: nil, environmentId: service.environmentId,
                                  actor: actor, event: "service \(service.name) deactivating")
        jobs.run { [operations] in try operations.deactivate(service, actor: actor) }
    }

    /// Removes one service and its containers (Rancher's service remove), in one transaction; a pass removes the
    /// containers. The stack's files still name it: a later `up --upgrade` brings it back, `--prune` does not.
    package func removeService(_ serviceId: String, actor: String) throws {
        let service = try store.existingService(serviceId)
        try Self.check(.remove, service.state, "service \(service.name)")
        try store.database.write {
            try store.deleteService(serviceId)
            try store.appendEvent(environmentId: service.environmentId, type: "service", resourceId: serviceId, actor: actor, action: "removed",
                                  message: "service \(service.name) removed with its containers")
        }
        reconcile.schedule(service.environmentId)
    }

    /// Starts a deactivated (or failed) service again: its stopped containers are started (the same containers), then
    /// reconcile passes keep it at scale. A service already active is left as it is.
    package func activate(_ serviceId: String, actor: String) throws {
        let service = try store.existingService(serviceId)
        if service.state == .active { return }
        try Self.check(.activate, service.state, "service \(service.name)")
        try operations.activate(service)
        try store.setServiceState(serviceId, state: .activating, message: nil, environmentId: service.environmentId,
                                  actor: actor, event: "service \(service.name) activating")
        reconcile.schedule(service.environmentId)
    }
}
