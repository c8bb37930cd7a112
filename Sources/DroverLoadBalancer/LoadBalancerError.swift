/// Why a load balancer's configuration cannot be rendered: the rule or custom section and what is wrong with it.
package enum LoadBalancerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A port rule that cannot become HAProxy configuration (its index in `port_rules`, and why).
    case invalidRule(index: Int, reason: String)
    /// `default_cert` or an entry of `certs` names a certificate the environment does not hold.
    case unknownCertificate(field: String, name: String, available: [String])

    package var description: String {
        switch self {
        case let .invalidRule(index, reason): return "lb_config.port_rules[\(index)]: \(reason)"
        case let .unknownCertificate(field, name, available):
            let held = available.isEmpty ? "it holds none" : "it holds " + available.joined(separator: ", ")
            return "lb_config.\(field): no certificate named \"\(name)\" in this environment (\(held); add one with `drover certs add`)"
        }
    }
}
