import DroverModel

/// Parses `lb_config` (port rules, certs, custom config, stickiness) and the legacy `load_balancer_config`.
struct LBConfigParser {
    let reader: ValueReader

    func parse(_ node: YAMLNode, _ path: String) -> LBConfig? {
        guard let entries = reader.mapping(node, path) else { return nil }
        var config = LBConfig()
        for entry in entries {
            let keyPath = "\(path).\(entry.key)"
            switch entry.key {
            case "port_rules":
                for (offset, item) in (reader.list(entry.value, keyPath) ?? []).enumerated() {
                    if let rule = portRule(item, "\(keyPath)[\(offset)]") { config.portRules.append(rule) }
                }
            case "certs": config.certs = reader.stringList(entry.value, keyPath) ?? []
            case "default_cert": config.defaultCert = reader.string(entry.value, keyPath)
            case "config": config.config = reader.string(entry.value, keyPath)
            case "stickiness_policy": config.stickinessPolicy = stickiness(entry.value, keyPath)
            default: reader.log.warning(reader.file, entry, keyPath, "unknown key, ignored")
            }
        }
        return config
    }

    /// Legacy v1 `load_balancer_config`: `haproxy_config.{global,defaults}` and `lb_cookie_stickiness_policy`.
    func parseLegacy(_ node: YAMLNode, _ path: String) -> LBConfig? {
        guard let entries = reader.mapping(node, path) else { return nil }
        var config = LBConfig()
        for entry in entries {
            let keyPath = "\(path).\(entry.key)"
            switch entry.key {
            case "haproxy_config":
                var sections: [String] = []
                for section in ["global", "defaults"] {
                    if let text = entry.value[section].flatMap({ reader.string($0, "\(keyPath).\(section)") }), !text.isEmpty {
                        let body = text.split(separator: "\n").map { "    " + $0.trimmingCharacters(in: .whitespaces) }
                        sections.append(([section] + body).joined(separator: "\n"))
                    }
                }
                if !sections.isEmpty { config.config = sections.joined(separator: "\n") + "\n" }
            case "lb_cookie_stickiness_policy": config.stickinessPolicy = stickiness(entry.value, keyPath)
            case "name", "description": break
            default: reader.log.warning(reader.file, entry, keyPath, "unknown key, ignored")
            }
        }
        return config
    }

    private func portRule(_ node: YAMLNode, _ path: String) -> PortRule? {
        guard let entries = reader.mapping(node, path) else { return nil }
        var rule = PortRule()
        for entry in entries {
            let keyPath = "\(path).\(entry.key)"
            let value = entry.value
            switch entry.key {
            case "source_port": rule.sourcePort = reader.port(value, keyPath)
            case "target_port": rule.targetPort = reader.port(value, keyPath)
            case "service": rule.service = reader.nonEmptyString(value, keyPath)
            case "hostname": rule.hostname = reader.string(value, keyPath).flatMap { $0.isEmpty ? nil : $0 }
            case "path": rule.path = reader.string(value, keyPath).flatMap { $0.isEmpty ? nil : $0 }
            case "protocol":
                let allowed = PortRule.Scheme.allCases.map(\.rawValue)
                rule.protocol = reader.oneOf(value, keyPath, allowed).flatMap(PortRule.Scheme.init) ?? rule.protocol
            case "priority": rule.priority = reader.int(value, keyPath, min: 0)
            case "backend_name": rule.backendName = reader.string(value, keyPath)
            case "selector": rule.selector = reader.string(value, keyPath)
            default: reader.log.warning(reader.file, entry, keyPath, "unknown key, ignored")
            }
        }
        if rule.service == nil && rule.selector == nil && rule.sourcePort != nil {
            reader.error(node, path, "a port rule needs \"service\" or \"selector\"")
        }
        return rule
    }

    private func stickiness(_ node: YAMLNode, _ path: String) -> StickinessPolicy? {
        guard let entries = reader.mapping(node, path) else { return nil }
        var policy = StickinessPolicy()
        for entry in entries {
            let keyPath = "\(path).\(entry.key)"
            let value = entry.value
            switch entry.key {
            case "name": policy.name = reader.string(value, keyPath)
            case "cookie": policy.cookie = reader.string(value, keyPath)
            case "domain": policy.domain = reader.string(value, keyPath)
            case "indirect": policy.indirect = reader.bool(value, keyPath) ?? false
            case "nocache": policy.nocache = reader.bool(value, keyPath) ?? false
            case "postonly": policy.postonly = reader.bool(value, keyPath) ?? false
            case "mode":
                let allowed = StickinessPolicy.Mode.allCases.map(\.rawValue)
                policy.mode = reader.oneOf(value, keyPath, allowed).flatMap(StickinessPolicy.Mode.init) ?? policy.mode
            default: reader.log.warning(reader.file, entry, keyPath, "unknown key, ignored")
            }
        }
        return policy
    }
}
