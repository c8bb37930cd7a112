import DroverDocker

/// Why an agent could not carry out an instruction: the Docker engine refused, or a load balancer's configuration
/// could not be applied.
package enum AgentError: Error, Equatable, Sendable, CustomStringConvertible {
    case docker(DockerError)
    /// HAProxy refused the configuration (`haproxy -c`); the balancer keeps serving its previous one.
    case invalidConfiguration(container: String, haproxy: String)
    /// The configuration could not be written or applied.
    case loadBalancer(container: String, reason: String)

    package var description: String {
        switch self {
        case let .docker(error): return error.description
        case let .invalidConfiguration(container, haproxy):
            return "load balancer \(container) keeps its previous configuration: HAProxy refused the new one: \(haproxy)"
        case let .loadBalancer(container, reason): return "load balancer \(container): \(reason)"
        }
    }
}
