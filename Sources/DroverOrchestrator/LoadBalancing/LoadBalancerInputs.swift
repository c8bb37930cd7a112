import DroverLoadBalancer
import DroverModel
import DroverStore

/// What a load balancer's configuration is made from, read off the environment's services and containers: its
/// `lb_config`, and as targets the running primary containers of plain services that have an address and are ready
/// (see `input`), with their launch config's labels (for selectors), Rancher's stack labels and their service's health
/// check. Pure.
package enum LoadBalancerInputs {
    /// A service as load balancing sees it (stored, or about to be in a plan).
    package struct Service: Sendable {
        package var id: String
        package var stack: String
        package var name: String
        package var definition: ServiceDefinition

        package init(id: String, stack: String, name: String, definition: ServiceDefinition) {
            self.id = id
            self.stack = stack
            self.name = name
            self.definition = definition
        }

        package init(_ stored: StoredService) {
            self.init(id: stored.id, stack: stored.stackName, name: stored.name, definition: stored.definition)
        }

        var isBalancer: Bool { definition.kind == .loadBalancer }
    }

    /// A container as load balancing sees it.
    package struct Container: Sendable {
        package var id: String
        package var serviceId: String
        package var name: String
        package var launchConfig: String
        package var running: Bool
        package var address: String?
        package var health: HealthState?

        package init(id: String, serviceId: String, name: String, launchConfig: String, running: Bool, address: String?,
                     health: HealthState? = nil) {
            self.health = health
            self.id = id
            self.serviceId = serviceId
            self.name = name
            self.launchConfig = launchConfig
            self.running = running
            self.address = address
        }

        package init(_ stored: StoredInstance) {
            self.init(id: stored.id, serviceId: stored.serviceId, name: stored.name, launchConfig: stored.launchConfig,
                      running: stored.state == .running, address: stored.address, health: stored.health)
        }
    }

    /// The input of `balancer`; containers in `leaving` (about to be stopped or removed) are no targets any more.
    /// A service's unhealthy containers are never targets; its initializing ones only while none of its containers
    /// is healthy (a new container gets requests once it passed its check, unless there is nothing better).
    package static func input(for balancer: Service, services: [Service], containers: [Container],
                              certificates: [String: String], leaving: Set<String> = []) -> LoadBalancerInput {
        let byId = Dictionary(services.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let candidates = containers.filter { container in
            guard container.running, container.health != .unhealthy, container.address != nil, !leaving.contains(container.id),
                  let service = byId[container.serviceId] else { return false }
            return service.definition.kind == .service && container.launchConfig == service.name
        }
        let ready = Set(candidates.filter { $0.health == nil || $0.health == .healthy }.map(\.serviceId))
        let targets = candidates.compactMap { container -> LoadBalancerTarget? in
            guard let address = container.address, let service = byId[container.serviceId],
                  container.health == nil || container.health == .healthy || !ready.contains(service.id) else { return nil }
            let key = "\(service.stack)/\(service.name)"
            var labels = service.definition.launchConfig.labels
            labels["io.rancher.stack.name"] = service.stack
            labels["io.rancher.stack_service.name"] = key
            return LoadBalancerTarget(name: container.name, address: address, service: key, labels: labels,
                                      healthCheck: service.definition.healthCheck)
        }
        return LoadBalancerInput(stack: balancer.stack, config: balancer.definition.lbConfig ?? LBConfig(), targets: targets,
                                 certificates: certificates)
    }

    /// The certificate names any of `balancers` refers to.
    package static func certificateNames(_ balancers: [Service]) -> Set<String> {
        Set(balancers.flatMap { service -> [String] in
            guard let config = service.definition.lbConfig else { return [] }
            return config.certs + (config.defaultCert.map { [$0] } ?? [])
        })
    }
}
