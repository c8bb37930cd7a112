/// Why a load balancer's configuration cannot be rendered: the rule or custom section and what is wrong with it.
package enum LoadBalancerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A port rule that cannot become HAProxy configuration (its index in `port_rules`, and why).
    case invalidRule(index: Int, reason: String)

    package var description: String {
        switch self {
        case let .invalidRule(index, reason): return "lb_config.port_rules[\(index)]: \(reason)"
        }
    }
}
