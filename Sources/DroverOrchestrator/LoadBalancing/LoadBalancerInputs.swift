import DroverLoadBalancer
import DroverModel
import DroverStore

/// What a load balancer's configuration is made from, read off the environment's services and instances: its
/// `lb_config`, and as targets every running primary container of a plain service that has an address, with its
/// launch config's labels (for selectors), Rancher's stack labels and its service's health check. Pure.
package enum LoadBalancerInputs {
    /// The input of `balancer`; containers in `leaving` (about to be stopped or removed) are no targets any more.
    package static func input(for balancer: StoredService, services: [StoredService], instances: [StoredInstance],
                              certificates: [String: String], leaving: Set<String> = []) -> LoadBalancerInput {
        let byId = Dictionary(services.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let targets = instances.compactMap { instance -> LoadBalancerTarget? in
            guard instance.state == .running, let address = instance.address, !leaving.contains(instance.id),
                  let service = byId[instance.serviceId], service.kind == .service, instance.launchConfig == service.name else { return nil }
            let key = "\(service.stackName)/\(service.name)"
            var labels = service.definition.launchConfig.labels
            labels["io.rancher.stack.name"] = service.stackName
            labels["io.rancher.stack_service.name"] = key
            return LoadBalancerTarget(name: instance.name, address: address, service: key, labels: labels,
                                      healthCheck: service.definition.healthCheck)
        }
        return LoadBalancerInput(stack: balancer.stackName, config: balancer.definition.lbConfig ?? LBConfig(), targets: targets,
                                 certificates: certificates)
    }

    /// The certificate names any of `balancers` refers to.
    package static func certificateNames(_ balancers: [StoredService]) -> Set<String> {
        Set(balancers.flatMap { service -> [String] in
            guard let config = service.definition.lbConfig else { return [] }
            return config.certs + (config.defaultCert.map { [$0] } ?? [])
        })
    }
}
