/// A load balancer's configuration (`lb_config`).
package struct LBConfig: Codable, Equatable, Sendable {
    package var portRules: [PortRule]
    /// Certificate names for TLS frontends.
    package var certs: [String]
    package var defaultCert: String?
    /// Custom HAProxy configuration text merged into the generated one.
    package var config: String?
    package var stickinessPolicy: StickinessPolicy?

    package init(portRules: [PortRule] = [], certs: [String] = [], defaultCert: String? = nil, config: String? = nil,
                stickinessPolicy: StickinessPolicy? = nil) {
        self.portRules = portRules
        self.certs = certs
        self.defaultCert = defaultCert
        self.config = config
        self.stickinessPolicy = stickinessPolicy
    }
}

/// One load-balancer rule: traffic on `sourcePort` (matching hostname/path) goes to `service`:`targetPort`.
package struct PortRule: Codable, Equatable, Sendable {
    /// Protocols a port rule may use.
    package enum Scheme: String, Codable, Sendable, CaseIterable {
        case http, https, tcp, tls, sni, udp
    }

    package var sourcePort: Int?
    package var targetPort: Int?
    /// Target service, `svc` or `stack/svc`.
    package var service: String?
    package var hostname: String?
    package var path: String?
    package var `protocol`: Scheme
    package var priority: Int?
    package var backendName: String?
    /// Label selector choosing target containers instead of `service`.
    package var selector: String?

    package init(sourcePort: Int? = nil, targetPort: Int? = nil, service: String? = nil, hostname: String? = nil,
                path: String? = nil, protocol: Scheme = .http, priority: Int? = nil, backendName: String? = nil,
                selector: String? = nil) {
        self.sourcePort = sourcePort
        self.targetPort = targetPort
        self.service = service
        self.hostname = hostname
        self.path = path
        self.protocol = `protocol`
        self.priority = priority
        self.backendName = backendName
        self.selector = selector
    }
}

/// Cookie stickiness for HTTP load balancing (`stickiness_policy`).
package struct StickinessPolicy: Codable, Equatable, Sendable {
    /// How HAProxy handles the cookie.
    package enum Mode: String, Codable, Sendable, CaseIterable {
        case insert, rewrite, prefix
    }

    package var name: String?
    package var cookie: String?
    package var domain: String?
    package var indirect: Bool
    package var nocache: Bool
    package var postonly: Bool
    package var mode: Mode

    package init(name: String? = nil, cookie: String? = nil, domain: String? = nil, indirect: Bool = false,
                nocache: Bool = false, postonly: Bool = false, mode: Mode = .insert) {
        self.name = name
        self.cookie = cookie
        self.domain = domain
        self.indirect = indirect
        self.nocache = nocache
        self.postonly = postonly
        self.mode = mode
    }
}
