/// A validated stack as the compose files describe it: what Drover deploys.
package struct StackDefinition: Codable, Equatable, Sendable {
    /// Services sorted by name; sidekicks live inside their primary, not here.
    package var services: [ServiceDefinition]
    /// Top-level named volumes (`volumes:`), by name.
    package var volumes: [String: VolumeDefinition]
    /// Top-level networks (`networks:`), by name.
    package var networks: [String: NetworkDefinition]

    package init(services: [ServiceDefinition] = [], volumes: [String: VolumeDefinition] = [:],
                networks: [String: NetworkDefinition] = [:]) {
        self.services = services
        self.volumes = volumes
        self.networks = networks
    }

    /// The service called `name`.
    package func service(_ name: String) -> ServiceDefinition? {
        services.first { $0.name == name }
    }
}

/// A top-level named volume.
package struct VolumeDefinition: Codable, Equatable, Sendable {
    package var driver: String?
    package var driverOpts: [String: String]
    /// `external: true`: the volume exists outside the stack (Rancher: environment scope).
    package var external: Bool
    /// Name of the external volume when it differs from the key.
    package var externalName: String?
    /// Rancher's `per_container: true`: one volume per container.
    package var perContainer: Bool
    package var labels: [String: String]

    package init(driver: String? = nil, driverOpts: [String: String] = [:], external: Bool = false,
                externalName: String? = nil, perContainer: Bool = false, labels: [String: String] = [:]) {
        self.driver = driver
        self.driverOpts = driverOpts
        self.external = external
        self.externalName = externalName
        self.perContainer = perContainer
        self.labels = labels
    }
}

/// A top-level network.
package struct NetworkDefinition: Codable, Equatable, Sendable {
    package var driver: String?
    package var driverOpts: [String: String]
    package var external: Bool
    package var externalName: String?

    package init(driver: String? = nil, driverOpts: [String: String] = [:], external: Bool = false, externalName: String? = nil) {
        self.driver = driver
        self.driverOpts = driverOpts
        self.external = external
        self.externalName = externalName
    }
}
