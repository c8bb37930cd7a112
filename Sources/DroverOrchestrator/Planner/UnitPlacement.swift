import DroverModel

/// The scheduler's view of one deployment unit of a service: labels of all its launch configs (with the identity
/// labels later units' affinity rules look for), published ports of all of them, and their memory reservations.
enum UnitPlacement {
    /// Rancher's identity label names (the same as DroverDocker's `ContainerIdentity`, which the orchestrator
    /// must not import).
    static let stackLabel = "io.rancher.stack.name"
    static let stackServiceLabel = "io.rancher.stack_service.name"
    static let deploymentUnitLabel = "io.rancher.service.deployment.unit"

    /// The placement request for unit `unit` of `service`. Where members set the same label, the primary wins,
    /// then the earlier sidekick.
    static func request(_ service: DesiredService, unit: Int, deploymentUnit: String) -> PlacementRequest {
        let configs = [service.definition.launchConfig] + service.definition.sidekicks
        var labels: [String: String] = [:]
        for config in configs.reversed() {
            labels.merge(config.labels) { _, new in new }
        }
        labels[stackLabel] = service.stack
        labels[stackServiceLabel] = service.key
        labels[deploymentUnitLabel] = deploymentUnit
        return PlacementRequest(
            stack: service.stack, service: service.name,
            containerName: PlanIdentity.containerName(stack: service.stack, service: service.name,
                                                      launchConfig: service.name, unit: unit),
            labels: labels, ports: configs.flatMap { hostPorts($0.ports) },
            memory: configs.reduce(0) { $0 + ($1.memReservation ?? 0) })
    }

    /// The host ports a set of mappings publishes (ranges expanded; Docker-chosen ports need no check).
    static func hostPorts(_ mappings: [PortMapping]) -> [HostPort] {
        mappings.flatMap { mapping -> [HostPort] in
            guard let first = mapping.hostPort else { return [] }
            return (first...max(first, mapping.hostPortEnd ?? first)).map {
                HostPort(ip: mapping.hostIp ?? HostPort.anyAddress, port: $0, protocol: mapping.protocol)
            }
        }
    }
}
