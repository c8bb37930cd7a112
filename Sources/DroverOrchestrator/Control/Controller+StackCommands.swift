import DroverModel
import DroverStore

/// Creating and removing stacks, and scaling their services.
extension Controller {
    /// Records a new stack (revision 1, its services `activating`) in one transaction and starts deploying it.
    @discardableResult
    package func createStack(environmentId: String, name: String, source: StackSource, actor: String) throws -> StoredStack {
        guard try store.environment(environmentId) != nil else { throw ControlError.notFound("environment \"\(environmentId)\" does not exist") }
        try Self.checkNew(name, environmentId: environmentId, store: store, hint: "use upgrade (drover up --upgrade) to change it")
        let stackId = Self.stackId(environmentId, name)
        try store.database.write {
            try store.createStack(id: stackId, environmentId: environmentId, name: name, revision: source.revision, actor: actor)
            try store.setDescription(stackId, source.description)
            try store.addServices(stackId: stackId, source.definition.services, state: .activating)
            try store.setStackState(stackId, state: .activating, message: nil, environmentId: environmentId, actor: actor,
                                    event: "stack \(name) activating: \(source.definition.services.count) services")
        }
        reconcile.schedule(environmentId)
        return try store.existingStack(stackId)
    }

    /// Removes a stack: its services go at once (so nothing claims their containers), the containers are removed by
    /// a reconcile pass, with `volumes` its named volumes too (as `docker-compose down -v`), then the stack row; its
    /// events stay. A running upgrade is canceled first.
    package func removeStack(_ stackId: String, volumes: Bool = false, actor: String) throws {
        let stack = try store.existingStack(stackId)
        try Self.check(.remove, stack.state, "stack \(stack.name)")
        let upgrade = operations.current(stackId)
        upgrade?.cancellation.cancel()
        try store.database.write {
            try store.setRemoveVolumes(stackId, volumes)
            try store.setStackState(stackId, state: .removing, message: nil, environmentId: stack.environmentId, actor: actor,
                                    event: "stack \(stack.name) removing" + (volumes ? " with its volumes" : ""))
        }
        jobs.run { [operations] in
            upgrade?.done.wait()
            try operations.remove(stack, volumes: volumes, actor: actor)
        }
    }

    /// Sets a service's scale; a reconcile pass adds or removes units (the highest-numbered first). A stopped
    /// (inactive) service keeps its new scale and stays stopped until it is started.
    package func scale(_ serviceId: String, to scale: Int, actor: String) throws {
        let service = try store.existingService(serviceId)
        guard scale >= 0 else { throw ControlError.invalid("scale \(scale) is negative") }
        guard !service.definition.global else { throw ControlError.invalid("service \(service.name) is global (one container per host): it has no scale") }
        guard ![.removing, .removed].contains(service.state) && !ResourceState.ownedByUpgrade.contains(service.state) else {
            throw ControlError.refused("cannot scale service \(service.name) while it is \(service.state.rawValue); finish or roll back the upgrade first")
        }
        var definition = service.definition
        definition.scale = scale
        try store.database.write {
            try store.updateService(serviceId, definition: definition, versions: service.versions, previous: nil)
            try store.setServiceState(serviceId, state: service.state == .inactive ? .inactive : .activating, message: nil,
                                      environmentId: service.environmentId, actor: actor, event: "service \(service.name) scaled to \(scale)")
        }
        reconcile.schedule(service.environmentId)
    }
}
