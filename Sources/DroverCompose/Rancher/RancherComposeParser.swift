import DroverModel

/// Parses rancher-compose.yml in either layout (services at the top level, or under `services:`).
///
/// The catalog section (`.catalog` / `catalog`) is left to the catalog module.
struct RancherComposeParser {
    let reader: ValueReader

    func parse(_ root: YAMLNode) -> [RancherService] {
        guard let top = reader.mapping(root, "") else { return [] }
        let nested = root["services"] != nil
        var services: [RancherService] = []
        for entry in top {
            switch entry.key {
            case "version", ".catalog", "catalog": continue
            case "services" where nested:
                for service in reader.mapping(entry.value, "services") ?? [] {
                    services.append(parseService(service, path: "services.\(service.key)"))
                }
            default:
                if nested {
                    reader.log.warning(reader.file, entry, entry.key, "unknown top-level key, ignored (allowed: version, services, .catalog, catalog)")
                } else {
                    services.append(parseService(entry, path: entry.key))
                }
            }
        }
        return services
    }

    private func parseService(_ entry: YAMLEntry, path base: String) -> RancherService {
        var service = RancherService(name: entry.key, line: entry.keyLine, column: entry.keyColumn)
        let r = reader
        for item in r.mapping(entry.value, base) ?? [] {
            let node = item.value
            let path = "\(base).\(item.key)"
            switch item.key {
            case "scale": service.scale = r.int(node, path, min: 0)
            case "start_on_create": service.startOnCreate = r.bool(node, path)
            case "retain_ip": service.retainIp = r.bool(node, path)
            case "scale_policy": service.scalePolicy = scalePolicy(node, path)
            case "metadata": service.metadata = node.jsonValue
            case "health_check": service.healthCheck = healthCheck(node, path)
            case "upgrade_strategy": service.upgradeStrategy = upgradeStrategy(node, path)
            case "lb_config": service.lbConfig = LBConfigParser(reader: r).parse(node, path)
            case "load_balancer_config": service.legacyLB = LBConfigParser(reader: r).parseLegacy(node, path)
            case "default_cert":
                var config = service.lbConfig ?? LBConfig()
                config.defaultCert = r.string(node, path)
                service.lbConfig = config
            case "external_ips": service.externalIps = r.stringList(node, path)
            case "hostname": service.hostname = r.nonEmptyString(node, path)
            case "labels": service.labels = r.stringMap(node, path) ?? [:]
            case "storage_driver": service.storageDriver = node.jsonValue
            case "network_driver": service.networkDriver = node.jsonValue
            default: r.log.warning(r.file, item, path, "unknown key, ignored")
            }
        }
        return service
    }

    private func scalePolicy(_ node: YAMLNode, _ path: String) -> ScalePolicy? {
        guard reader.mapping(node, path) != nil else { return nil }
        let min = node["min"].flatMap { reader.int($0, "\(path).min", min: 0) }
        let max = node["max"].flatMap { reader.int($0, "\(path).max", min: 0) }
        let increment = node["increment"].flatMap { reader.int($0, "\(path).increment", min: 1) } ?? 1
        guard let min, let max else {
            reader.error(node, path, "scale_policy needs \"min\" and \"max\"")
            return nil
        }
        if min > max { reader.error(node, path, "min \(min) is greater than max \(max)"); return nil }
        return ScalePolicy(min: min, max: max, increment: increment)
    }

    private func upgradeStrategy(_ node: YAMLNode, _ path: String) -> UpgradeStrategy? {
        var strategy = UpgradeStrategy()
        for entry in reader.mapping(node, path) ?? [] {
            let keyPath = "\(path).\(entry.key)"
            switch entry.key {
            case "start_first": strategy.startFirst = reader.bool(entry.value, keyPath) ?? false
            case "batch_size": strategy.batchSize = reader.int(entry.value, keyPath, min: 1) ?? strategy.batchSize
            case "interval_millis": strategy.intervalMillis = reader.int(entry.value, keyPath, min: 0) ?? strategy.intervalMillis
            default: reader.log.warning(reader.file, entry, keyPath, "unknown key, ignored (allowed: start_first, batch_size, interval_millis)")
            }
        }
        return strategy
    }

    /// `health_check`: `port` is required; an empty or missing `request_line` means a TCP check.
    private func healthCheck(_ node: YAMLNode, _ path: String) -> HealthCheck? {
        guard let entries = reader.mapping(node, path) else { return nil }
        guard let portNode = node["port"] else {
            reader.error(node, path, "a health check needs \"port\"")
            return nil
        }
        guard let port = reader.port(portNode, "\(path).port") else { return nil }
        var check = HealthCheck(port: port)
        for entry in entries {
            let keyPath = "\(path).\(entry.key)"
            let value = entry.value
            switch entry.key {
            case "port": break
            case "request_line":
                let line = reader.string(value, keyPath) ?? ""
                check.requestLine = line.isEmpty ? nil : line
            case "interval": check.interval = reader.int(value, keyPath, min: 1) ?? check.interval
            case "response_timeout": check.responseTimeout = reader.int(value, keyPath, min: 1) ?? check.responseTimeout
            case "initializing_timeout": check.initializingTimeout = reader.int(value, keyPath, min: 0)
            case "reinitializing_timeout": check.reinitializingTimeout = reader.int(value, keyPath, min: 0)
            case "healthy_threshold": check.healthyThreshold = reader.int(value, keyPath, min: 1) ?? check.healthyThreshold
            case "unhealthy_threshold": check.unhealthyThreshold = reader.int(value, keyPath, min: 1) ?? check.unhealthyThreshold
            case "strategy":
                let allowed = HealthCheck.Strategy.allCases.map(\.rawValue)
                check.strategy = reader.oneOf(value, keyPath, allowed).flatMap(HealthCheck.Strategy.init) ?? check.strategy
            case "recreate_on_quorum_strategy_config":
                check.quorum = value["quorum"].flatMap { reader.int($0, "\(keyPath).quorum", min: 1) }
            default:
                reader.log.warning(reader.file, entry, keyPath, "unknown key, ignored")
            }
        }
        return check
    }
}
