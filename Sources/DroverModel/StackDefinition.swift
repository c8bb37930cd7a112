/// A validated stack as the compose files describe it: what Drover deploys.
public struct StackDefinition: Codable, Equatable, Sendable {
    /// Services sorted by name; sidekicks live inside their primary, not here.
    public var services: [ServiceDefinition]
    /// Top-level named volumes (`volumes:`), by name.
    public var volumes: [String: VolumeDefinition]
    /// Top-level networks (`networks:`), by name.
    public var networks: [String: NetworkDefinition]

    public init(services: [ServiceDefinition] = [], volumes: [String: VolumeDefinition] = [:],
                networks: [String: NetworkDefinition] = [:]) {
        self.services = services
        self.volumes = volumes
        self.networks = networks
    }

    /// The service called `name`.
    public func service(_ name: String) -> ServiceDefinition? {
        services.first { $0.name == name }
    }
}

/// A top-level named volume.
public struct VolumeDefinition: Codable, Equatable, Sendable {
    public var driver: String?
    public var driverOpts: [String: String]
    /// `external: true`: the volume exists outside the stack (Rancher: environment scope).
    public var external: Bool
    /// Name of the external volume when it differs from the key.
    public var externalName: String?
    /// Rancher's `per_container: true`: one volume per container.
    public var perContainer: Bool
    public var labels: [String: String]

    public init(driver: String? = nil, driverOpts: [String: String] = [:], external: Bool = false,
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
public struct NetworkDefinition: Codable, Equatable, Sendable {
    public var driver: String?
    public var driverOpts: [String: String]
    public var external: Bool
    public var externalName: String?

    public init(driver: String? = nil, driverOpts: [String: String] = [:], external: Bool = false, externalName: String? = nil) {
        self.driver = driver
        self.driverOpts = driverOpts
        self.external = external
        self.externalName = externalName
    }
}
