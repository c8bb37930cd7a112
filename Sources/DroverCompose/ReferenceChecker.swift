import DroverModel

/// Checks that names used across services resolve: links, `volumes_from`, `network_mode: container:x`
/// inside deployment units, and load-balancer targets.
struct ReferenceChecker {
    let composeFile: String
    let rancherFile: String
    let log: DiagnosticLog

    func check(_ services: [String: ServiceDefinition], compose: [String: ComposeService], rancher: [RancherService],
               sidekickOwners: [String: String]) {
        for name in services.keys.sorted() {
            let service = services[name]!
            let unit = Set([service.launchConfig.name] + service.sidekicks.map(\.name))
            for config in [service.launchConfig] + service.sidekicks {
                guard let source = compose[config.name] else { continue }
                checkLinks(config, source, unit: unit, services, sidekickOwners)
                checkUnitReferences(config, source, unit: unit, services: services)
            }
            if let rules = service.lbConfig?.portRules, let entry = rancher.first(where: { $0.name == name }) {
                checkTargets(rules, entry, services, sidekickOwners)
            }
        }
    }

    /// Links name services of the stack; a link to a member of the same deployment unit is allowed (members
    /// reach each other by name anyway), a link to another primary's sidekick is not.
    private func checkLinks(_ config: LaunchConfig, _ source: ComposeService, unit: Set<String>,
                            _ services: [String: ServiceDefinition], _ sidekickOwners: [String: String]) {
        let node = LabelLocator.node(ofKey: "links", in: source)
        for link in config.links where !link.target.contains("/") && !unit.contains(link.target) {
            let path = "\(source.path).links"
            if let owner = sidekickOwners[link.target] {
                error(node, path, "links to sidekick \"\(link.target)\" are not supported; link to its primary \"\(owner)\" or use \"\(link.target).\(owner)\" as a host name")
            } else if services[link.target] == nil {
                error(node, path, "\"\(link.target)\" is not a service of this stack (for another stack write \"stack/service\")")
            }
        }
    }

    /// `volumes_from` and `network_mode: container:x` name members of the same deployment unit, or services.
    private func checkUnitReferences(_ config: LaunchConfig, _ source: ComposeService, unit: Set<String>,
                                     services: [String: ServiceDefinition]) {
        let known = { (name: String) in unit.contains(name) || services[name] != nil }
        for reference in config.volumesFrom {
            let parts = reference.split(separator: ":").map(String.init)
            let name = parts.first == "service" && parts.count > 1 ? parts[1] : parts.first ?? ""
            if reference.hasPrefix("container:") || known(name) { continue }
            error(LabelLocator.node(ofKey: "volumes_from", in: source), "\(source.path).volumes_from",
                  "\"\(name)\" is neither a launch config of this deployment unit (\(unit.sorted().joined(separator: ", "))) nor a service")
        }
        if let mode = config.networkMode, mode.hasPrefix("container:") || mode.hasPrefix("service:") {
            let name = String(mode.drop { $0 != ":" }.dropFirst())
            let node = source.node["network_mode"] ?? LabelLocator.node(ofKey: "net", in: source)
            if mode.hasPrefix("service:") ? services[name] == nil : !known(name) && !unit.isEmpty && services[name] == nil {
                error(node, "\(source.path).network_mode",
                      "\"\(name)\" is neither a launch config of this deployment unit (\(unit.sorted().joined(separator: ", "))) nor a service")
            }
        }
    }

    private func checkTargets(_ rules: [PortRule], _ entry: RancherService, _ services: [String: ServiceDefinition],
                              _ sidekickOwners: [String: String]) {
        for (index, rule) in rules.enumerated() {
            guard let target = rule.service, !target.contains("/") else { continue }
            let path = "\(entry.name).lb_config.port_rules[\(index)].service"
            if let owner = sidekickOwners[target] {
                log.add(Diagnostic(.error, file: rancherFile, line: entry.line, column: entry.column, path: path,
                                   message: "\"\(target)\" is a sidekick of \"\(owner)\"; only a primary service can be a load-balancer target"))
            } else if services[target] == nil {
                log.add(Diagnostic(.error, file: rancherFile, line: entry.line, column: entry.column, path: path,
                                   message: "\"\(target)\" is not a service of this stack (for another stack write \"stack/service\")"))
            }
        }
    }

    private func error(_ node: YAMLNode, _ path: String, _ message: String) {
        log.error(composeFile, node, path, message)
    }
}
