import DroverModel

/// Renders a container spec as the equivalent `docker run` command line, shell-quoted, for plans and docs.
///
/// The docker CLI cannot express everything the API can: a multi-word entrypoint keeps its first word in
/// `--entrypoint` and puts the rest in front of the command (same argv), an exec-form health check becomes
/// `--health-cmd` with the words joined (a shell health check), false booleans are left out (Docker's default), and on
/// a user-defined network the CLI adds the `--hostname` to the aliases by itself.
package enum DockerRunRenderer {
    package static func render(name: String, spec: ContainerSpec) -> String {
        (["docker", "run", "-d", "--name", name] + options(spec) + [spec.image] + command(spec))
            .map(ShellQuote.quote).joined(separator: " ")
    }

    /// The options between `docker run` and the image, in a stable order.
    static func options(_ spec: ContainerSpec) -> [String] {
        var args: [String] = []
        func add(_ flag: String, _ value: String?) { if let value { args += [flag, value] } }
        func addAll(_ flag: String, _ values: [String]?) { for value in values ?? [] { args += [flag, value] } }
        func flag(_ name: String, _ value: Bool?) { if value == true { args.append(name) } }
        let host = spec.hostConfig
        add("--hostname", spec.hostname)
        add("--domainname", spec.domainname)
        add("--user", spec.user)
        flag("-t", spec.tty)
        flag("-i", spec.openStdin)
        if let entrypoint = spec.entrypoint { add("--entrypoint", entrypoint.first ?? "") }
        addAll("-e", spec.env)
        addAll("--label", spec.labels.map { labels in labels.keys.sorted().map { "\($0)=\(labels[$0]!)" } })
        add("--workdir", spec.workingDir)
        add("--stop-signal", spec.stopSignal)
        add("--stop-timeout", spec.stopTimeout.map(String.init))
        if let check = spec.healthcheck { args += health(check) }
        add("--mac-address", spec.macAddress)
        add("--network", host.networkMode)
        if let endpoint = spec.networkingConfig?.endpointsConfig.values.first {
            addAll("--network-alias", endpoint.aliases)
            addAll("--link", endpoint.links)
        }
        addAll("--link", host.links)
        for key in (host.portBindings ?? [:]).keys.sorted(by: portOrder) {
            for binding in host.portBindings![key]! {
                let prefix = binding.hostIp.isEmpty ? (binding.hostPort.isEmpty ? "" : "\(binding.hostPort):") : "\(binding.hostIp):\(binding.hostPort):"
                args += ["-p", prefix + key]
            }
        }
        for key in (spec.exposedPorts ?? [:]).keys.sorted(by: portOrder) where host.portBindings?[key] == nil {
            args += ["--expose", key]
        }
        addAll("-v", spec.volumes.map { $0.keys.sorted() })
        addAll("-v", host.binds)
        addAll("--volumes-from", host.volumesFrom)
        add("--volume-driver", host.volumeDriver)
        addAll("--tmpfs", host.tmpfs.map { tmpfs in tmpfs.keys.sorted().map { tmpfs[$0]!.isEmpty ? $0 : "\($0):\(tmpfs[$0]!)" } })
        addAll("--dns", host.dns)
        addAll("--dns-search", host.dnsSearch)
        addAll("--dns-option", host.dnsOptions)
        addAll("--add-host", host.extraHosts)
        addAll("--cap-add", host.capAdd)
        addAll("--cap-drop", host.capDrop)
        addAll("--device", host.devices?.map { "\($0.pathOnHost):\($0.pathInContainer):\($0.cgroupPermissions)" })
        addAll("--security-opt", host.securityOpt)
        if let policy = host.restartPolicy {
            add("--restart", policy.maximumRetryCount > 0 ? "\(policy.name):\(policy.maximumRetryCount)" : policy.name)
        }
        flag("--privileged", host.privileged)
        flag("--read-only", host.readonlyRootfs)
        flag("--init", host.initProcess)
        addAll("--ulimit", host.ulimits?.map { "\($0.name)=\($0.soft):\($0.hard)" })
        addAll("--sysctl", host.sysctls.map { sysctls in sysctls.keys.sorted().map { "\($0)=\(sysctls[$0]!)" } })
        add("--shm-size", host.shmSize.map(String.init))
        add("--memory", host.memory.map(String.init))
        add("--memory-reservation", host.memoryReservation.map(String.init))
        add("--memory-swap", host.memorySwap.map(String.init))
        add("--memory-swappiness", host.memorySwappiness.map(String.init))
        add("--cpu-shares", host.cpuShares.map(String.init))
        add("--cpu-quota", host.cpuQuota.map(String.init))
        add("--cpu-period", host.cpuPeriod.map(String.init))
        add("--cpuset-cpus", host.cpusetCpus)
        add("--blkio-weight", host.blkioWeight.map(String.init))
        add("--pid", host.pidMode)
        add("--ipc", host.ipcMode)
        add("--uts", host.utsMode)
        if let log = host.logConfig {
            add("--log-driver", log.type)
            addAll("--log-opt", log.config.keys.sorted().map { "\($0)=\(log.config[$0]!)" })
        }
        flag("--oom-kill-disable", host.oomKillDisable)
        add("--oom-score-adj", host.oomScoreAdj.map(String.init))
        addAll("--group-add", host.groupAdd)
        add("--cgroup-parent", host.cgroupParent)
        return args
    }

    /// The words after the image: the entrypoint's extra words, then the command.
    static func command(_ spec: ContainerSpec) -> [String] {
        Array((spec.entrypoint ?? []).dropFirst()) + (spec.cmd ?? [])
    }

    static func health(_ check: HealthConfig) -> [String] {
        if check.test.first == "NONE" { return ["--no-healthcheck"] }
        var args: [String] = []
        let words = Array(check.test.dropFirst())
        args += ["--health-cmd", check.test.first == "CMD-SHELL" ? words.joined(separator: " ") : words.map(ShellQuote.quote).joined(separator: " ")]
        func duration(_ flag: String, _ nanoseconds: Int64?) {
            if let nanoseconds { args += [flag, "\(Double(nanoseconds) / 1_000_000_000)s"] }
        }
        duration("--health-interval", check.interval)
        duration("--health-timeout", check.timeout)
        if let retries = check.retries { args += ["--health-retries", String(retries)] }
        duration("--health-start-period", check.startPeriod)
        return args
    }

    /// Orders `80/tcp` keys numerically.
    static func portOrder(_ left: String, _ right: String) -> Bool {
        let l = Int(left.split(separator: "/")[0]) ?? 0, r = Int(right.split(separator: "/")[0]) ?? 0
        return l == r ? left < right : l < r
    }
}

/// POSIX shell quoting: words of safe characters stay bare, everything else is single-quoted.
package enum ShellQuote {
    package static func quote(_ word: String) -> String {
        let safe = word.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_./:=@,+%".unicodeScalars.contains($0)) }
        if safe && !word.isEmpty { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

extension DockerRunRenderer {
    /// The `docker run` line an agent's `create` of `instance` amounts to, with the `docker network connect` to its
    /// stack's network; nil when it carries no launch config.
    package static func render(instance: InstanceSpec, projectDirectory: String? = nil) -> String? {
        guard let config = instance.config else { return nil }
        let identity = ContainerIdentity(environment: instance.environment, host: instance.host, stack: instance.stack, service: instance.service,
                                         sidekick: instance.sidekick, index: instance.unitIndex, deploymentUnit: instance.deploymentUnit,
                                         instance: instance.id)
        let spec = ContainerSpecBuilder.build(config, identity: identity, context: SpecContext(
            projectDirectory: projectDirectory ?? instance.projectDirectory ?? "/", unitMembers: instance.unitMembers,
            serviceContainers: instance.serviceContainers, volumeNames: instance.volumeNames,
            network: config.networkMode == nil ? ContainerIdentity.networkName(environment: instance.environment) : nil))
        let run = render(name: identity.containerName, spec: spec)
        guard config.networkMode == nil else { return run }
        let connect = ["docker", "network", "connect"] + identity.stackAliases.flatMap { ["--alias", $0] }
            + [ContainerIdentity.stackNetworkName(environment: instance.environment, stack: instance.stack), identity.containerName]
        return run + " && " + connect.map(ShellQuote.quote).joined(separator: " ")
    }
}
