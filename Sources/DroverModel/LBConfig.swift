/// A load balancer's configuration (`lb_config`).
public struct LBConfig: Codable, Equatable, Sendable {
    public var portRules: [PortRule]
    /// Certificate names for TLS frontends.
    public var certs: [String]
    public var defaultCert: String?
    /// Custom HAProxy configuration text merged into the generated one.
    public var config: String?
    public var stickinessPolicy: StickinessPolicy?

    public init(portRules: [PortRule] = [], certs: [String] = [], defaultCert: String? = nil, config: String? = nil,
                stickinessPolicy: StickinessPolicy? = nil) {
        self.portRules = portRules
        self.certs = certs
        self.defaultCert = defaultCert
        self.config = config
        self.stickinessPolicy = stickinessPolicy
    }
}

/// One load-balancer rule: traffic on `sourcePort` (matching hostname/path) goes to `service`:`targetPort`.
public struct PortRule: Codable, Equatable, Sendable {
    /// Protocols a port rule may use.
    public enum Scheme: String, Codable, Sendable, CaseIterable {
        case http, https, tcp, tls, sni, udp
    }

    public var sourcePort: Int?
    public var targetPort: Int?
    /// Target service, `svc` or `stack/svc`.
    public var service: String?
    public var hostname: String?
    public var path: String?
    public var `protocol`: Scheme
    public var priority: Int?
    public var backendName: String?
    /// Label selector choosing target containers instead of `service`.
    public var selector: String?

    public init(sourcePort: Int? = nil, targetPort: Int? = nil, service: String? = nil, hostname: String? = nil,
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
public struct StickinessPolicy: Codable, Equatable, Sendable {
    /// How HAProxy handles the cookie.
    public enum Mode: String, Codable, Sendable, CaseIterable {
        case insert, rewrite, prefix
    }

    public var name: String?
    public var cookie: String?
    public var domain: String?
    public var indirect: Bool
    public var nocache: Bool
    public var postonly: Bool
    public var mode: Mode

    public init(name: String? = nil, cookie: String? = nil, domain: String? = nil, indirect: Bool = false,
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
