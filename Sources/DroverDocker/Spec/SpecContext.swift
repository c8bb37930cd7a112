/// What the spec builder needs to know beyond the launch config: names of other containers and volumes,
/// resolved by the caller from the current deployment.
package struct SpecContext: Sendable {
    /// Directory relative bind-mount sources (`./conf`) are resolved against.
    package var projectDirectory: String
    /// Launch-config name → container name, for the members of this container's deployment unit.
    package var unitMembers: [String: String]
    /// Service name → its current container names, for links, `volumes_from` and `service:x` of other services.
    package var serviceContainers: [String: [String]]
    /// Named volume → Docker volume name (stack-scoped volumes get the stack prefix; external ones keep their name).
    package var volumeNames: [String: String]
    /// The environment network; nil only when the container uses its own network mode.
    package var network: String?

    package init(projectDirectory: String = "/", unitMembers: [String: String] = [:], serviceContainers: [String: [String]] = [:],
                volumeNames: [String: String] = [:], network: String? = nil) {
        self.projectDirectory = projectDirectory
        self.unitMembers = unitMembers
        self.serviceContainers = serviceContainers
        self.volumeNames = volumeNames
        self.network = network
    }
}
