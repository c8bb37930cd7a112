import DroverStore

/// Look-ups of what a command names, refused with `ControlError.notFound` when it does not exist.
extension StackStore {
    func existingStack(_ stackId: String) throws -> StoredStack {
        guard let stack = try stack(stackId) else { throw ControlError.notFound("stack \"\(stackId)\" does not exist") }
        return stack
    }

    func existingService(_ serviceId: String) throws -> StoredService {
        guard let service = try service(serviceId) else { throw ControlError.notFound("service \"\(serviceId)\" does not exist") }
        return service
    }
}
