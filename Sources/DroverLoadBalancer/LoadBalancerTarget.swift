import DroverModel

/// A container a load balancer may send traffic to: where it listens, what it belongs to, and how its service checks
/// its health.
package struct LoadBalancerTarget: Equatable, Sendable {
    /// The server's name in HAProxy (the container's name).
    package var name: String
    /// Its address on the network the load balancer shares with it.
    package var address: String
    /// `stack/service`.
    package var service: String
    package var labels: [String: String]
    /// The target service's `health_check`, if it has one.
    package var healthCheck: HealthCheck?

    package init(name: String, address: String, service: String, labels: [String: String] = [:], healthCheck: HealthCheck? = nil) {
        self.name = name
        self.address = address
        self.service = service
        self.labels = labels
        self.healthCheck = healthCheck
    }
}

/// What a load balancer's configuration is made from: its stack (bare service names in rules are its stack's), its
/// `lb_config`, every running container it may target, and the environment's certificates (name → PEM certificate
/// and key) its TLS rules may present.
package struct LoadBalancerInput: Equatable, Sendable {
    package var stack: String
    package var config: LBConfig
    package var targets: [LoadBalancerTarget]
    package var certificates: [String: String]

    package init(stack: String, config: LBConfig, targets: [LoadBalancerTarget], certificates: [String: String] = [:]) {
        self.stack = stack
        self.config = config
        self.targets = targets
        self.certificates = certificates
    }
}
