import DroverModel

/// Renders a load balancer's `haproxy.cfg` from its port rules and its running targets, as Rancher's lb-controller
/// laid it out (reference section 4): the built-in global and defaults, one frontend per source port, one backend per
/// (source port, hostname, path) or `backend_name`, server lines for the targets with their service's health check,
/// cookie stickiness, TLS ended on `https`/`tls` ports with the certificates of `TLSCertificates`, the custom `config`
/// merged in (`CustomConfig`), and a `listen default` on port 42 for the load balancer's own health check. Pure: the
/// same input gives the same text, byte for byte.
package enum HAProxyRenderer {
    /// The port the load balancer answers its own health check on.
    package static let healthPort = 42

    /// The configuration and the certificate files it reads, laid out as the balancer's container sees them
    /// (`LoadBalancerFiles`): what the agent is given.
    package static func files(_ input: LoadBalancerInput) throws(LoadBalancerError) -> LoadBalancerFiles {
        let certificates = try TLSCertificates(config: input.config, available: input.certificates)
        let config = try render(input, certificates: certificates, directory: LoadBalancerFiles.directory + "/" + LoadBalancerFiles.certificateDirectory)
        var files: [String: String] = [:]
        for (path, pem) in certificates.files { files[LoadBalancerFiles.certificateDirectory + "/" + path] = pem }
        return LoadBalancerFiles(config: config, files: files)
    }

    /// The configuration alone, with certificate files read from under `certificateDirectory`.
    package static func render(_ input: LoadBalancerInput,
                               certificateDirectory: String = LoadBalancerFiles.directory + "/" + LoadBalancerFiles.certificateDirectory)
        throws(LoadBalancerError) -> String {
        try render(input, certificates: try TLSCertificates(config: input.config, available: input.certificates), directory: certificateDirectory)
    }

    /// What a balancer's container starts with before its first configuration arrives: the built-in sections, the
    /// runtime API and the health check, no frontends.
    package static let bootstrap = ([global, defaults, listenDefault]).map { $0.joined(separator: "\n") }.joined(separator: "\n\n") + "\n"

    private static func render(_ input: LoadBalancerInput, certificates: TLSCertificates, directory: String) throws(LoadBalancerError) -> String {
        var rules: [RoutingRule] = []
        for (index, rule) in input.config.portRules.enumerated() {
            rules.append(try RoutingRule(rule, index: index, stack: input.stack))
        }
        try checkFrontends(rules)
        if certificates.isEmpty, let rule = rules.first(where: \.terminatesTLS) {
            throw .invalidRule(index: rule.index, reason: "protocol \(rule.scheme.rawValue) ends TLS and needs a certificate: "
                               + "set lb_config.default_cert or lb_config.certs (drover certs ls)")
        }
        let custom = CustomConfig(input.config.config)
        var sections = [custom.merged(global), custom.merged(defaults)]
        for port in Set(rules.map(\.sourcePort)).sorted() {
            let portRules = rules.filter { $0.sourcePort == port }.sorted { $0.rank < $1.rank }
            let tls = portRules[0].terminatesTLS ? certificates.bindOptions(directory: directory) : ""
            sections.append(custom.merged(frontend: frontend(port, portRules, bindOptions: tls), port: port))
        }
        var backends: [String: [RoutingRule]] = [:]
        for rule in rules { backends[rule.backend, default: []].append(rule) }
        // Targets sorted once and grouped by service: a rule names a service far more often than it selects by label.
        let targets = Targets(input.targets)
        for name in backends.keys.sorted() {
            sections.append(custom.merged(backend: backend(name, backends[name]!, targets: targets, stickiness: input.config.stickinessPolicy),
                                          name: name))
        }
        sections += custom.others
        sections.append(listenDefault)
        return sections.map { $0.joined(separator: "\n") }.joined(separator: "\n\n") + "\n"
    }

    /// Rules sharing a source port must agree on how that port speaks (one frontend has one mode, and ends TLS or not).
    private static func checkFrontends(_ rules: [RoutingRule]) throws(LoadBalancerError) {
        var first: [Int: RoutingRule] = [:]
        for rule in rules {
            if let other = first[rule.sourcePort], other.isHTTP != rule.isHTTP || other.terminatesTLS != rule.terminatesTLS {
                throw .invalidRule(index: rule.index, reason: "source_port \(rule.sourcePort) is already \(other.scheme.rawValue) in port_rules[\(other.index)]; "
                                   + "one port speaks one protocol")
            }
            first[rule.sourcePort] = first[rule.sourcePort] ?? rule
        }
    }

    static let global = ["global", "    maxconn 4096",
                         "    stats socket \(LoadBalancerFiles.directory)/\(LoadBalancerFiles.socketName) mode 600 level admin expose-fd listeners"]

    static let listenDefault = ["listen default", "    bind *:\(healthPort)"]

    static let defaults = [
        "defaults", "    mode tcp", "    option redispatch", "    option http-server-close", "    option forwardfor", "    retries 3",
        "    timeout connect 5s", "    timeout client 50s", "    timeout server 50s",
    ]

    /// A frontend: the bind (with `bindOptions`, which end TLS), its mode, then `use_backend` lines in Rancher's order
    /// and the default backend.
    private static func frontend(_ port: Int, _ rules: [RoutingRule], bindOptions: String) -> [String] {
        let http = rules[0].isHTTP
        var lines = ["frontend \(port)", "    bind *:\(port)\(bindOptions)", "    mode \(http ? "http" : "tcp")"]
        if rules.contains(where: { $0.scheme == .sni }) {
            lines += ["    tcp-request inspect-delay 5s", "    tcp-request content accept if { req_ssl_hello_type 1 }"]
        }
        var defaultBackend: String?
        var used: Set<String> = []
        for rule in rules {
            let conditions = self.conditions(rule)
            if conditions.isEmpty {
                defaultBackend = defaultBackend ?? rule.backend
                continue
            }
            let line = "    use_backend \(rule.backend) if " + conditions.joined(separator: " ")
            if used.insert(line).inserted { lines.append(line) }
        }
        if let defaultBackend { lines.append("    default_backend \(defaultBackend)") }
        return lines
    }

    /// The anonymous ACLs a rule's requests must match: host (or SNI name), then path.
    private static func conditions(_ rule: RoutingRule) -> [String] {
        var conditions: [String] = []
        if let host = rule.host {
            switch (host, rule.scheme) {
            case let (.exact(name), .sni): conditions.append("{ req_ssl_sni -i \(name) }")
            case let (.suffix(end), .sni): conditions.append("{ req_ssl_sni -m end -i \(end) }")
            case let (.prefix(start), .sni): conditions.append("{ req_ssl_sni -m beg -i \(start) }")
            case let (.exact(name), _): conditions.append("{ hdr(host) -i \(name) \(name):\(rule.sourcePort) }")
            case let (.suffix(end), _): conditions.append("{ hdr_end(host) -i \(end) \(end):\(rule.sourcePort) }")
            case let (.prefix(start), _): conditions.append("{ hdr_beg(host) -i \(start) }")
            }
        }
        if let path = rule.path, rule.isHTTP { conditions.append("{ path_beg -i \(path) }") }
        return conditions
    }

    /// The targets in server-name order, and by service.
    private struct Targets {
        let all: [LoadBalancerTarget]
        let byService: [String: [LoadBalancerTarget]]

        init(_ targets: [LoadBalancerTarget]) {
            all = targets.sorted { $0.name < $1.name }
            byService = Dictionary(grouping: all, by: \.service)
        }

        /// The targets of `rule`, in server-name order.
        func of(_ rule: RoutingRule) -> [LoadBalancerTarget] {
            rule.service.map { byService[$0] ?? [] } ?? all.filter(rule.matches)
        }
    }

    /// A backend: its mode, forwarded headers for HTTP, the health check of its targets' service, stickiness, and one
    /// server per target address.
    private static func backend(_ name: String, _ rules: [RoutingRule], targets: Targets, stickiness: StickinessPolicy?) -> [String] {
        let rule = rules[0]
        var lines = ["backend \(name)", "    mode \(rule.isHTTP ? "http" : "tcp")"]
        if rule.isHTTP {
            lines += ["    http-request set-header X-Forwarded-Port %[dst_port]",
                      "    http-request add-header X-Forwarded-Proto https if { ssl_fc }"]
        }
        var servers: [(LoadBalancerTarget, Int)] = []
        var addresses: Set<String> = []
        for rule in rules {
            for target in targets.of(rule) where addresses.insert(target.address).inserted {
                servers.append((target, rule.targetPort))
            }
        }
        let check = servers.first?.0.healthCheck
        if let check {
            lines.append("    timeout check \(check.responseTimeout)ms")
            if let request = check.requestLine, rule.isHTTP || request.hasPrefix("GET") { lines.append("    option httpchk \(request)") }
        }
        let sticky = rule.isHTTP ? stickiness : nil
        if let sticky {
            var cookie = "    cookie \(sticky.cookie ?? sticky.name ?? "lb") \(sticky.mode.rawValue)"
            if sticky.indirect { cookie += " indirect" }
            if sticky.nocache { cookie += " nocache" }
            if sticky.postonly { cookie += " postonly" }
            if let domain = sticky.domain { cookie += " domain \(domain)" }
            lines.append(cookie)
        }
        for (target, port) in servers {
            var line = "    server \(target.name) \(target.address):\(port)"
            if let check = target.healthCheck {
                line += " check port \(check.port) inter \(check.interval) rise \(check.healthyThreshold) fall \(check.unhealthyThreshold)"
            }
            if sticky != nil { line += " cookie \(target.name)" }
            lines.append(line)
        }
        return lines
    }
}
