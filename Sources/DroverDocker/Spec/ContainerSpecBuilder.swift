import DroverModel
import Foundation

/// Translates a launch config into the Engine API create body: every docker-compose key Rancher accepted that
/// Docker supports, the identity labels, and the environment network with its aliases and unit links.
/// Pure: all names of other containers and volumes come from the `SpecContext`.
package enum ContainerSpecBuilder {
    package static func build(_ config: LaunchConfig, identity: ContainerIdentity, context: SpecContext) -> ContainerSpec {
        var spec = ContainerSpec(image: config.image ?? "")
        spec.hostname = config.labels["io.rancher.container.hostname_override"] == "container_name" ? identity.containerName : config.hostname
        spec.domainname = config.domainname
        spec.user = config.user
        spec.tty = config.tty
        spec.openStdin = config.stdinOpen
        spec.env = config.environment.isEmpty ? nil : config.environment.keys.sorted().map { "\($0)=\(config.environment[$0]!)" }
        spec.cmd = config.command
        spec.entrypoint = config.entrypoint
        spec.labels = config.labels.merging(identity.labels) { _, identity in identity }
        spec.workingDir = config.workingDir
        spec.stopSignal = config.stopSignal
        spec.stopTimeout = config.stopGracePeriod.map { Int($0.rounded(.up)) }
        spec.healthcheck = config.healthcheck.map(healthConfig)
        spec.macAddress = config.macAddress
        applyPorts(config, &spec)
        applyVolumes(config, context, &spec)
        applyHost(config, context, &spec.hostConfig)
        applyNetwork(config, identity, context, &spec)
        return spec
    }

    /// `ExposedPorts` from ports and expose; `PortBindings` from ports (ranges expanded port by port).
    static func applyPorts(_ config: LaunchConfig, _ spec: inout ContainerSpec) {
        var exposed: [String: EmptyObject] = [:]
        var bindings: [String: [PortBinding]] = [:]
        for port in config.ports {
            let count = (port.containerPortEnd ?? port.containerPort) - port.containerPort
            let hostCount = port.hostPort.map { (port.hostPortEnd ?? $0) - $0 } ?? 0
            for offset in 0...max(count, 0) {
                let key = "\(port.containerPort + offset)/\(port.protocol)"
                exposed[key] = EmptyObject()
                let hostPort: String
                if let start = port.hostPort {
                    hostPort = count == 0 && hostCount > 0 ? "\(start)-\(start + hostCount)" : "\(start + offset)"
                } else {
                    hostPort = ""
                }
                bindings[key, default: []].append(PortBinding(hostIp: port.hostIp ?? "", hostPort: hostPort))
            }
        }
        for entry in config.expose {
            let parts = entry.split(separator: "/")
            let proto = parts.count > 1 ? String(parts[1]) : "tcp"
            let bounds = parts.first.map { $0.split(separator: "-").compactMap { Int($0) } } ?? []
            guard let first = bounds.first else { continue }
            for port in first...(bounds.last ?? first) { exposed["\(port)/\(proto)"] = EmptyObject() }
        }
        spec.exposedPorts = exposed.isEmpty ? nil : exposed
        spec.hostConfig.portBindings = bindings.isEmpty ? nil : bindings
    }

    /// Binds for host paths and named volumes, `Volumes` for anonymous ones, `VolumesFrom`, tmpfs, volume driver.
    /// A bind without options is written `:rw`, as docker-compose does: Docker labels a named volume bound without
    /// a mode for SELinux (`z`), one bound `:rw` not.
    static func applyVolumes(_ config: LaunchConfig, _ context: SpecContext, _ spec: inout ContainerSpec) {
        var binds: [String] = []
        var anonymous: [String: EmptyObject] = [:]
        for mount in config.volumes {
            guard let source = mount.source else {
                anonymous[mount.target] = EmptyObject()
                continue
            }
            let resolved = mount.isBind ? absolutePath(source, base: context.projectDirectory) : (context.volumeNames[source] ?? source)
            binds.append("\(resolved):\(mount.target):\(mount.options.isEmpty ? "rw" : mount.options.joined(separator: ","))")
        }
        spec.volumes = anonymous.isEmpty ? nil : anonymous
        spec.hostConfig.binds = binds.isEmpty ? nil : binds
        let volumesFrom = config.volumesFrom.flatMap { reference -> [String] in
            var parts = reference.split(separator: ":").map(String.init)
            if parts.first == "service", parts.count >= 2 { parts.removeFirst() }
            if parts.first == "container", parts.count >= 2 { return [parts.dropFirst().joined(separator: ":")] }
            let mode = parts.count > 1 ? ":" + parts[1] : ""
            let name = parts.first ?? reference
            if let member = context.unitMembers[name] { return [member + mode] }
            return (context.serviceContainers[name] ?? [name]).map { $0 + mode }
        }
        spec.hostConfig.volumesFrom = volumesFrom.isEmpty ? nil : volumesFrom
        spec.hostConfig.volumeDriver = config.volumeDriver
        var tmpfs: [String: String] = [:]
        for entry in config.tmpfs {
            let parts = entry.split(separator: ":", maxSplits: 1).map(String.init)
            tmpfs[parts[0]] = parts.count > 1 ? parts[1] : ""
        }
        spec.hostConfig.tmpfs = tmpfs.isEmpty ? nil : tmpfs
    }

    /// The host-config keys that map one to one, and the `pid`/`ipc` namespaces.
    static func applyHost(_ config: LaunchConfig, _ context: SpecContext, _ host: inout HostConfig) {
        host.dns = config.dns.isEmpty ? nil : config.dns
        host.dnsSearch = config.dnsSearch.isEmpty ? nil : config.dnsSearch
        host.dnsOptions = config.dnsOpt.isEmpty ? nil : config.dnsOpt
        host.extraHosts = config.extraHosts.isEmpty ? nil : config.extraHosts
        host.capAdd = config.capAdd.isEmpty ? nil : config.capAdd
        host.capDrop = config.capDrop.isEmpty ? nil : config.capDrop
        host.devices = config.devices.isEmpty ? nil : config.devices.map(device)
        host.securityOpt = config.securityOpt.isEmpty ? nil : config.securityOpt
        host.restartPolicy = config.restart.map(restartPolicy)
        host.privileged = config.privileged
        host.readonlyRootfs = config.readOnly
        host.initProcess = config.initProcess
        host.ulimits = config.ulimits.isEmpty ? nil : config.ulimits.keys.sorted().map {
            UlimitSetting(name: $0, soft: config.ulimits[$0]!.soft, hard: config.ulimits[$0]!.hard)
        }
        host.sysctls = config.sysctls.isEmpty ? nil : config.sysctls
        host.shmSize = config.shmSize
        host.memory = config.memLimit
        host.memoryReservation = config.memReservation
        host.memorySwap = config.memswapLimit
        host.memorySwappiness = config.memSwappiness
        host.cpuShares = config.cpuShares
        host.cpuQuota = config.cpuQuota
        host.cpuPeriod = config.cpuPeriod
        host.cpusetCpus = config.cpuset
        host.blkioWeight = config.blkioWeight
        host.pidMode = config.pid.map { sharedNamespace($0, context) }
        host.ipcMode = config.ipc.map { sharedNamespace($0, context) }
        host.utsMode = config.uts
        host.logConfig = config.logging.map { LogConfig(type: $0.driver ?? "json-file", config: $0.options) }
        host.oomKillDisable = config.oomKillDisable
        host.oomScoreAdj = config.oomScoreAdj
        host.groupAdd = config.groupAdd.isEmpty ? nil : config.groupAdd
        host.cgroupParent = config.cgroupParent
    }

    /// The network mode, and on the environment network the aliases and links (links to other services resolve to
    /// their containers; the unit's other members are linked by their bare launch-config names).
    static func applyNetwork(_ config: LaunchConfig, _ identity: ContainerIdentity, _ context: SpecContext, _ spec: inout ContainerSpec) {
        var links: [String] = []
        for link in config.links + config.externalLinks {
            let targets = context.unitMembers[link.target].map { [$0] } ?? context.serviceContainers[link.target] ?? [link.target]
            links += targets.map { "\($0):\(link.alias)" }
        }
        let ownName = identity.sidekick ?? identity.service
        let unitLinks = context.unitMembers.keys.sorted().filter { $0 != ownName }.map { "\(context.unitMembers[$0]!):\($0)" }
        switch config.networkMode {
        case nil:
            guard let network = context.network else { break }
            spec.hostConfig.networkMode = network
            let allLinks = unitLinks + links.filter { !unitLinks.contains($0) }
            spec.networkingConfig = NetworkingConfig(endpointsConfig: [
                network: EndpointSettings(aliases: identity.networkAliases, links: allLinks.isEmpty ? nil : allLinks),
            ])
        case let mode? where mode.hasPrefix("container:") || mode.hasPrefix("service:"):
            spec.hostConfig.networkMode = sharedNamespace(mode, context)
            spec.hostname = nil
            spec.domainname = nil
            spec.macAddress = nil
            spec.exposedPorts = nil
            spec.hostConfig.portBindings = nil
            spec.hostConfig.dns = nil
            spec.hostConfig.dnsSearch = nil
            spec.hostConfig.dnsOptions = nil
            spec.hostConfig.extraHosts = nil
        case let mode?:
            spec.hostConfig.networkMode = mode
            if mode == "bridge" && !links.isEmpty { spec.hostConfig.links = links }
        }
    }

    /// A namespace mode (`network_mode`, `pid`, `ipc`): `container:x` and `service:x` become `container:<container>`
    /// of the unit member or service `x` (or `x` itself, a container's name), as docker-compose resolves them;
    /// `host`, `shareable`, `bridge`, … are kept.
    static func sharedNamespace(_ mode: String, _ context: SpecContext) -> String {
        guard mode.hasPrefix("container:") || mode.hasPrefix("service:") else { return mode }
        let name = String(mode.drop { $0 != ":" }.dropFirst())
        return "container:" + (context.unitMembers[name] ?? context.serviceContainers[name]?.first ?? name)
    }

    static func healthConfig(_ check: DockerHealthcheck) -> HealthConfig {
        func nanoseconds(_ seconds: Double?) -> Int64? { seconds.map { Int64(($0 * 1_000_000_000).rounded()) } }
        return HealthConfig(test: check.test, interval: nanoseconds(check.interval), timeout: nanoseconds(check.timeout),
                            retries: check.retries, startPeriod: nanoseconds(check.startPeriod))
    }

    /// `host[:container[:permissions]]`.
    static func device(_ text: String) -> DeviceMapping {
        let parts = text.split(separator: ":").map(String.init)
        return DeviceMapping(pathOnHost: parts[0], pathInContainer: parts.count > 1 ? parts[1] : parts[0],
                             cgroupPermissions: parts.count > 2 ? parts[2] : "rwm")
    }

    /// `no`, `always`, `unless-stopped`, `on-failure[:N]`.
    static func restartPolicy(_ text: String) -> RestartPolicy {
        let parts = text.split(separator: ":")
        return RestartPolicy(name: String(parts.first ?? "no"), maximumRetryCount: parts.count > 1 ? Int(parts[1]) ?? 0 : 0)
    }

    static func absolutePath(_ path: String, base: String) -> String {
        if path.hasPrefix("/") { return path }
        if path.hasPrefix("~") { return NSString(string: path).expandingTildeInPath }
        return URL(fileURLWithPath: base).appendingPathComponent(path).standardized.path
    }
}
