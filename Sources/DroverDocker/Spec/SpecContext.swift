/// What the spec builder needs to know beyond the launch config: names of other containers and volumes,
/// resolved by the caller from the current deployment.
public struct SpecContext: Sendable {
    /// Directory relative bind-mount sources (`./conf`) are resolved against.
    public var projectDirectory: String
    /// Launch-config name → container name, for the members of this container's deployment unit.
    public var unitMembers: [String: String]
    /// Service name → its current container names, for links, `volumes_from` and `service:x` of other services.
    public var serviceContainers: [String: [String]]
    /// Named volume → Docker volume name (stack-scoped volumes get the stack prefix; external ones keep their name).
    public var volumeNames: [String: String]
    /// The environment network; nil only when the container uses its own network mode.
    public var network: String?

    public init(projectDirectory: String = "/", unitMembers: [String: String] = [:], serviceContainers: [String: [String]] = [:],
                volumeNames: [String: String] = [:], network: String? = nil) {
        self.projectDirectory = projectDirectory
        self.unitMembers = unitMembers
        self.serviceContainers = serviceContainers
        self.volumeNames = volumeNames
        self.network = network
    }
}
