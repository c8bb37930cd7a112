import DroverModel

/// Converts Rancher's v1 load balancers (`rancher/load-balancer-service` with `ports`, `links` and
/// `io.rancher.loadbalancer.target.*` labels) into port rules, as Rancher 1.6's upgrade path did.
enum LegacyLoadBalancer {
    static let targetLabelPrefix = "io.rancher.loadbalancer.target."

    /// Adds port rules to `service` when it is a legacy load balancer without any.
    static func convert(_ compose: ComposeService, _ service: inout ServiceDefinition) {
        guard (compose.config.image ?? "").hasPrefix("rancher/load-balancer-service") else { return }
        var config = service.lbConfig ?? LBConfig()
        guard config.portRules.isEmpty else { return }
        let sslPorts = Set(portList(compose.config.labels["io.rancher.loadbalancer.ssl.ports"]))
        let targets = compose.config.links.map(\.target) + compose.config.externalLinks.map(\.target)
        for port in compose.config.ports {
            let source = port.hostPort ?? port.containerPort
            let proto: PortRule.Scheme = sslPorts.contains(source) ? .https : .http
            for target in targets {
                let custom = compose.config.labels[targetLabelPrefix + target].map(targetRules) ?? []
                let matching = custom.filter { $0.sourcePort == nil || $0.sourcePort == source }
                if matching.isEmpty {
                    config.portRules.append(PortRule(sourcePort: source, targetPort: port.containerPort, service: target, protocol: proto))
                }
                for rule in matching {
                    config.portRules.append(PortRule(sourcePort: source, targetPort: rule.targetPort ?? port.containerPort,
                                                     service: target, hostname: rule.hostname, path: rule.path, protocol: proto))
                }
            }
        }
        service.lbConfig = config
    }

    /// `"example.com:80/path=8080, /api=81"` → rules with hostname, source port, path and target port.
    static func targetRules(_ value: String) -> [PortRule] {
        value.split(separator: ",").map { item in
            var text = item.trimmingCharacters(in: .whitespaces)
            var rule = PortRule()
            if let equals = text.lastIndex(of: "=") {
                rule.targetPort = Int(text[text.index(after: equals)...])
                text = String(text[..<equals])
            }
            if let slash = text.firstIndex(of: "/") {
                rule.path = String(text[slash...])
                text = String(text[..<slash])
            }
            if let colon = text.lastIndex(of: ":") {
                rule.sourcePort = Int(text[text.index(after: colon)...])
                text = String(text[..<colon])
            }
            if let port = Int(text) {
                rule.sourcePort = port
            } else if !text.isEmpty {
                rule.hostname = text
            }
            return rule
        }
    }

    private static func portList(_ value: String?) -> [Int] {
        (value ?? "").split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    }
}
