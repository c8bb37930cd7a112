import DroverModel

/// Merges parsed docker-compose services with their rancher-compose entries into service definitions:
/// sidekicks folded into their primaries, service kinds decided, legacy load balancers converted, references checked.
struct StackAssembler {
    let composeFile: String
    let rancherFile: String
    let log: DiagnosticLog

    func assemble(_ compose: ComposeFile, _ rancher: [RancherService]) -> StackDefinition {
        let byName = Dictionary(compose.services.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
        var services: [String: ServiceDefinition] = [:]
        for service in compose.services {
            services[service.name] = ServiceDefinition(name: service.name, launchConfig: service.config, scale: service.replicas ?? 1)
        }
        for entry in rancher {
            if services[entry.name] == nil {
                guard entry.externalIps != nil || entry.hostname != nil else {
                    log.add(Diagnostic(.warning, file: rancherFile, line: entry.line, column: entry.column, path: entry.name,
                                       message: "service \"\(entry.name)\" is not defined in \(composeFile); its settings are ignored"))
                    continue
                }
                services[entry.name] = ServiceDefinition(name: entry.name, launchConfig: LaunchConfig(name: entry.name))
            }
            merge(entry, into: &services[entry.name]!)
        }
        let sidekickOwners = SidekickResolver(composeFile: composeFile, log: log).resolve(byName, &services)
        for name in services.keys.sorted() {
            services[name]!.kind = kind(of: services[name]!)
            if services[name]!.launchConfig.labels["io.rancher.scheduler.global"]?.lowercased() == "true" {
                services[name]!.global = true
                services[name]!.scale = nil
            }
            if services[name]!.kind == .external || services[name]!.kind == .alias {
                services[name]!.scale = 0
            }
            if services[name]!.kind == .loadBalancer, let compose = byName[name] {
                LegacyLoadBalancer.convert(compose, &services[name]!)
            }
            if services[name]!.kind == .alias {
                services[name]!.aliasTargets = services[name]!.launchConfig.links.map(\.target)
            }
        }
        checkImages(services, compose: byName)
        if compose.services.isEmpty && rancher.isEmpty {
            log.add(Diagnostic(.error, file: composeFile, line: 1, column: 1, path: "services", message: "the file defines no service: nothing to deploy"))
        }
        ReferenceChecker(composeFile: composeFile, rancherFile: rancherFile, log: log)
            .check(services, compose: byName, rancher: rancher, sidekickOwners: sidekickOwners)
        return StackDefinition(services: services.keys.sorted().map { services[$0]! },
                               volumes: compose.volumes, networks: compose.networks)
    }

    /// Every launch config of a service that runs containers needs an image: Drover runs images and builds none, so a
    /// service without one would only fail once deployed.
    private func checkImages(_ services: [String: ServiceDefinition], compose: [String: ComposeService]) {
        for name in services.keys.sorted() where services[name]!.kind == .service {
            for config in [services[name]!.launchConfig] + services[name]!.sidekicks where config.image == nil {
                guard let source = compose[config.name] else { continue }
                log.add(Diagnostic(.error, file: source.file ?? composeFile, line: source.line, column: source.column, path: "\(source.path).image",
                                   message: "no image: Drover runs images and builds none (set image:)"))
            }
        }
    }

    /// Applies the Rancher keys of `entry` over the docker-compose service.
    private func merge(_ entry: RancherService, into service: inout ServiceDefinition) {
        if let scale = entry.scale { service.scale = scale }
        if let value = entry.startOnCreate { service.startOnCreate = value }
        if let value = entry.retainIp { service.retainIp = value }
        service.scalePolicy = entry.scalePolicy ?? service.scalePolicy
        service.metadata = entry.metadata ?? service.metadata
        service.healthCheck = entry.healthCheck ?? service.healthCheck
        service.upgradeStrategy = entry.upgradeStrategy ?? service.upgradeStrategy
        service.lbConfig = mergedLB(entry.lbConfig, entry.legacyLB)
        service.externalIps = entry.externalIps ?? service.externalIps
        service.externalHostname = entry.hostname ?? service.externalHostname
        service.launchConfig.labels.merge(entry.labels) { _, new in new }
        service.storageDriver = entry.storageDriver
        service.networkDriver = entry.networkDriver
        if service.retainIp && service.upgradeStrategy.startFirst {
            log.add(Diagnostic(.error, file: rancherFile, line: entry.line, column: entry.column, path: "\(entry.name).retain_ip",
                               message: "retain_ip cannot be combined with upgrade_strategy.start_first (the new container would need the old one's IP while it still runs)"))
        }
    }

    private func mergedLB(_ modern: LBConfig?, _ legacy: LBConfig?) -> LBConfig? {
        guard let legacy else { return modern }
        var config = modern ?? LBConfig()
        config.config = config.config ?? legacy.config
        config.stickinessPolicy = config.stickinessPolicy ?? legacy.stickinessPolicy
        return config
    }

    /// The service kind, decided as Rancher 1.6 did (reference section 1).
    private func kind(of service: ServiceDefinition) -> ServiceKind {
        let image = service.launchConfig.image ?? ""
        if !service.externalIps.isEmpty || service.externalHostname != nil || image.hasPrefix("rancher/external-service") {
            return .external
        }
        if service.lbConfig?.portRules.contains(where: { $0.sourcePort != nil }) == true
            || image.hasPrefix("rancher/lb-service-haproxy") || image.hasPrefix("rancher/load-balancer-service") {
            return .loadBalancer
        }
        if image.hasPrefix("rancher/dns-service") { return .alias }
        return .service
    }
}
