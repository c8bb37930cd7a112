import DroverModel

/// What changing a stack from one definition to another does to its services (rancher `up --upgrade`): which get new
/// containers (with the launch-config versions they move to), which only change settings (scale, health check,
/// metadata…), which are new and which left the files. Pure.
package struct StackChange: Equatable, Sendable {
    /// Service → launch-config versions after the upgrade (changed configs get the next version).
    package var upgraded: [String: [String: Int]] = [:]
    /// Services whose definition changed in ways that need no new containers.
    package var updated: [String] = []
    package var added: [String] = []
    /// Services no longer in the files; removed only with `prune`.
    package var removed: [String] = []

    /// True when applying the change would do nothing.
    package var isEmpty: Bool { upgraded.isEmpty && updated.isEmpty && added.isEmpty && removed.isEmpty }

    /// Compares `old` (running at `versions`, service → launch config → version) with `new`.
    package static func between(old: StackDefinition, versions: [String: [String: Int]], new: StackDefinition,
                               force: Bool, prune: Bool) -> StackChange {
        var change = StackChange()
        for service in new.services {
            guard let before = old.service(service.name), let current = versions[service.name] else {
                change.added.append(service.name)
                continue
            }
            let runs = service.kind == .service || service.kind == .loadBalancer
            let from = LaunchConfigVersions(service: before, versions: current)
            let to = from.next(for: service, forced: force)
            if runs && !to.changed(comparedTo: from).isEmpty {
                change.upgraded[service.name] = to.versions
            } else if before != service {
                change.updated.append(service.name)
            }
        }
        if prune {
            change.removed = old.services.map(\.name).filter { new.service($0) == nil }
        }
        return change
    }
}
