import DroverModel

/// One service as docker-compose.yml describes it, before rancher-compose.yml is merged over it.
struct ComposeService {
    var name: String
    /// Key path of the service in its file: `services.web` (v2+) or `web` (v1).
    var path: String
    /// Where the service's key is, for messages about the service as a whole.
    var file: String?
    var line: Int
    var column: Int
    var config: LaunchConfig
    /// `deploy.replicas` (compose v3), used as the scale when rancher-compose.yml sets none.
    var replicas: Int?
    /// The raw service mapping, for locating individual keys in later stages.
    var node: YAMLNode
}
