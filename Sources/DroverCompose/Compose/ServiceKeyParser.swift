import Foundation
import DroverModel

/// Turns one docker-compose service mapping into a launch config, key by key.
///
/// Every key Rancher 1.6 accepted is understood (reference section 2), plus the v3 keys users paste
/// (`deploy.replicas`, `deploy.labels`, `healthcheck`). Unknown keys are warnings; bad values are errors.
struct ServiceKeyParser {
    let reader: ValueReader
    let variables: VariableSource
    /// Directory `env_file` paths are relative to; nil leaves them unread (catalog templates have no files).
    let projectDirectory: String?

    /// Parses the service `name` whose mapping is `node`.
    func parse(name: String, path base: String, node: YAMLNode, entry: YAMLEntry) -> ComposeService {
        var service = ComposeService(name: name, path: base, file: entry.keyFile, line: entry.keyLine, column: entry.keyColumn,
                                     config: LaunchConfig(name: name), node: node)
        guard let entries = reader.mapping(node, base) else { return service }
        for item in entries {
            apply(item, path: "\(base).\(item.key)", to: &service)
        }
        if let node = node["env_file"], !service.config.envFile.isEmpty {
            service.config.environment = envFileValues(service.config.envFile, node, "\(base).env_file")
                .merging(service.config.environment) { _, explicit in explicit }
        }
        return service
    }

    /// The variables of the service's `env_file`s, later files winning, as docker-compose reads them.
    private func envFileValues(_ paths: [String], _ node: YAMLNode, _ path: String) -> [String: String] {
        guard let projectDirectory else {
            reader.warning(node, path, "env_file is not read here (no project directory); its variables are not set")
            return [:]
        }
        var values: [String: String] = [:]
        for file in paths {
            let full = file.hasPrefix("/") ? file : projectDirectory + "/" + file
            guard let text = try? String(contentsOfFile: full, encoding: .utf8) else {
                reader.error(node, path, "cannot read env file \"\(file)\" (looked for \(full))")
                continue
            }
            do {
                values.merge(try EnvFile.parse(text, file: file, environment: variables.environment)) { _, later in later }
            } catch {
                reader.log.add(Diagnostic(.error, file: error.file, line: error.line, column: 1, path: path,
                                          message: "\"\(error.text)\" is not KEY=VALUE"))
            }
        }
        return values
    }

    private func apply(_ entry: YAMLEntry, path: String, to service: inout ComposeService) {
        let node = entry.value
        let r = reader
        switch entry.key {
        case "image": service.config.image = r.nonEmptyString(node, path)
        case "build": service.config.build = build(node, path)
        case "dockerfile":
            service.config.build = BuildSpec(context: service.config.build?.context ?? ".", dockerfile: r.string(node, path))
        case "command": service.config.command = command(node, path)
        case "entrypoint": service.config.entrypoint = command(node, path)
        case "environment": service.config.environment.merge(environment(node, path)) { _, new in new }
        case "env_file": service.config.envFile = r.stringOrList(node, path) ?? []
        case "labels": service.config.labels.merge(r.stringMap(node, path) ?? [:]) { _, new in new }
        case "ports": service.config.ports = r.ports(node, path)
        case "expose": service.config.expose = r.stringList(node, path) ?? []
        case "volumes": service.config.volumes = r.volumes(node, path)
        case "volumes_from": service.config.volumesFrom = r.stringList(node, path) ?? []
        case "volume_driver": service.config.volumeDriver = r.string(node, path)
        case "tmpfs": service.config.tmpfs = r.stringOrList(node, path) ?? []
        case "links": service.config.links = links(node, path)
        case "external_links": service.config.externalLinks = links(node, path)
        case "network_mode", "net": service.config.networkMode = r.nonEmptyString(node, path)
        case "networks": service.config.networks = networks(node, path)
        case "dns": service.config.dns = r.stringOrList(node, path) ?? []
        case "dns_search": service.config.dnsSearch = r.stringOrList(node, path) ?? []
        case "dns_opt": service.config.dnsOpt = r.stringOrList(node, path) ?? []
        case "extra_hosts": service.config.extraHosts = extraHosts(node, path)
        case "hostname": service.config.hostname = r.string(node, path)
        case "domainname": service.config.domainname = r.string(node, path)
        case "user": service.config.user = r.string(node, path)
        case "working_dir": service.config.workingDir = r.string(node, path)
        case "container_name": service.config.containerName = r.nonEmptyString(node, path)
        case "privileged": service.config.privileged = r.bool(node, path)
        case "tty": service.config.tty = r.bool(node, path)
        case "stdin_open": service.config.stdinOpen = r.bool(node, path)
        case "read_only": service.config.readOnly = r.bool(node, path)
        case "init": service.config.initProcess = r.bool(node, path)
        case "oom_kill_disable": service.config.oomKillDisable = r.bool(node, path)
        case "cap_add": service.config.capAdd = r.stringList(node, path) ?? []
        case "cap_drop": service.config.capDrop = r.stringList(node, path) ?? []
        case "devices": service.config.devices = r.stringList(node, path) ?? []
        case "security_opt": service.config.securityOpt = r.stringList(node, path) ?? []
        case "group_add": service.config.groupAdd = r.stringList(node, path) ?? []
        case "restart": service.config.restart = restart(node, path)
        case "stop_signal": service.config.stopSignal = r.nonEmptyString(node, path)
        case "stop_grace_period": service.config.stopGracePeriod = r.duration(node, path)
        case "ulimits": service.config.ulimits = ulimits(node, path)
        case "sysctls": service.config.sysctls = r.stringMap(node, path) ?? [:]
        case "shm_size": service.config.shmSize = r.byteSize(node, path)
        case "mem_limit": service.config.memLimit = r.byteSize(node, path)
        case "mem_reservation": service.config.memReservation = r.byteSize(node, path)
        case "memswap_limit": service.config.memswapLimit = memswap(node, path)
        case "mem_swappiness": service.config.memSwappiness = r.int(node, path, min: 0, max: 100)
        case "cpu_shares": service.config.cpuShares = r.int(node, path, min: 0)
        case "cpu_quota": service.config.cpuQuota = r.int(node, path)
        case "cpu_period": service.config.cpuPeriod = r.int(node, path, min: 0)
        case "cpuset": service.config.cpuset = r.string(node, path)
        case "blkio_weight": service.config.blkioWeight = r.int(node, path, min: 10, max: 1000)
        case "pid": service.config.pid = r.string(node, path)
        case "ipc": service.config.ipc = r.string(node, path)
        case "uts": service.config.uts = r.string(node, path)
        case "logging": service.config.logging = logging(node, path)
        case "log_driver":
            service.config.logging = Logging(driver: r.string(node, path), options: service.config.logging?.options ?? [:])
        case "log_opt":
            service.config.logging = Logging(driver: service.config.logging?.driver, options: r.stringMap(node, path) ?? [:])
        case "oom_score_adj": service.config.oomScoreAdj = r.int(node, path, min: -1000, max: 1000)
        case "mac_address": service.config.macAddress = r.string(node, path)
        case "cgroup_parent": service.config.cgroupParent = r.string(node, path)
        case "depends_on": service.config.dependsOn = dependsOn(node, path)
        case "healthcheck": service.config.healthcheck = healthcheck(node, path)
        case "deploy": deploy(node, path, &service)
        case "extends":
            r.error(node, path, "extends is not supported by Drover; copy the keys of the extended service instead")
        default:
            reader.log.warning(reader.file, entry, path, "unknown key, ignored")
        }
    }

    /// `command`/`entrypoint`: a list as written, or a string split like a shell.
    private func command(_ node: YAMLNode, _ path: String) -> [String]? {
        if let items = node.sequence {
            return items.enumerated().compactMap { reader.string($0.element, "\(path)[\($0.offset)]") }
        }
        if node.isNull { return nil }
        guard let text = reader.string(node, path) else { return nil }
        do {
            return try ShellWords.split(text)
        } catch {
            reader.error(node, path, "\"\(text)\" has an unclosed quote or a trailing backslash")
            return nil
        }
    }

    /// `environment` as a map or a `KEY=VALUE` list; a bare key takes its value from the variables.
    private func environment(_ node: YAMLNode, _ path: String) -> [String: String] {
        var result: [String: String] = [:]
        for pair in reader.keyValues(node, path) ?? [] {
            if let value = pair.value {
                result[pair.key] = value
            } else if let value = variables.value(of: pair.key) {
                result[pair.key] = value
            } else {
                reader.warning(pair.node, "\(path).\(pair.key)", "has no value and the variable is not set; left out")
            }
        }
        return result
    }

    private func build(_ node: YAMLNode, _ path: String) -> BuildSpec? {
        if node.mapping != nil {
            guard let context = node["context"].flatMap({ reader.string($0, "\(path).context") }) else {
                reader.error(node, path, "build needs \"context\"")
                return nil
            }
            return BuildSpec(context: context, dockerfile: node["dockerfile"].flatMap { reader.string($0, "\(path).dockerfile") })
        }
        return reader.string(node, path).map { BuildSpec(context: $0) }
    }

    private func links(_ node: YAMLNode, _ path: String) -> [Link] {
        if let entries = node.mapping {
            return entries.compactMap { entry in
                let alias = entry.value.isNull ? entry.key : reader.string(entry.value, "\(path).\(entry.key)")
                return alias.map { Link(target: entry.key, alias: $0) }
            }
        }
        return (reader.stringList(node, path) ?? []).map { text in
            let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
            let target = parts.first ?? text
            let defaultAlias = String(target.split(separator: "/").last ?? Substring(target))
            return Link(target: target, alias: parts.count == 2 ? parts[1] : defaultAlias)
        }
    }

    private func networks(_ node: YAMLNode, _ path: String) -> [String] {
        if let entries = node.mapping { return entries.map(\.key) }
        return reader.stringList(node, path) ?? []
    }

    private func extraHosts(_ node: YAMLNode, _ path: String) -> [String] {
        if node.mapping != nil {
            return (reader.keyValues(node, path) ?? []).map { "\($0.key):\($0.value ?? "")" }
        }
        return reader.stringList(node, path) ?? []
    }

    /// `restart`: `no` (also an unquoted YAML `no`), `always`, `unless-stopped`, `on-failure[:N]`.
    private func restart(_ node: YAMLNode, _ path: String) -> String? {
        if case .bool(false) = node.scalarType { return "no" }
        guard let text = reader.string(node, path) else { return nil }
        let policy = text.split(separator: ":").first.map(String.init) ?? text
        guard ["no", "always", "unless-stopped", "on-failure"].contains(policy) else {
            reader.error(node, path, "\"\(text)\" is not a restart policy (allowed: no, always, unless-stopped, on-failure[:N])")
            return nil
        }
        return text
    }

    private func ulimits(_ node: YAMLNode, _ path: String) -> [String: Ulimit] {
        var result: [String: Ulimit] = [:]
        for entry in reader.mapping(node, path) ?? [] {
            let itemPath = "\(path).\(entry.key)"
            if entry.value.mapping != nil {
                let soft = entry.value["soft"].flatMap { reader.int($0, "\(itemPath).soft") }
                let hard = entry.value["hard"].flatMap { reader.int($0, "\(itemPath).hard") }
                guard let soft, let hard else {
                    reader.error(entry.value, itemPath, "a ulimit mapping needs both \"soft\" and \"hard\"")
                    continue
                }
                result[entry.key] = Ulimit(soft: soft, hard: hard)
            } else if let value = reader.int(entry.value, itemPath) {
                result[entry.key] = Ulimit(soft: value, hard: value)
            }
        }
        return result
    }

    /// `memswap_limit` is a size, or -1 for unlimited swap.
    private func memswap(_ node: YAMLNode, _ path: String) -> Int64? {
        if case .int(-1) = node.scalarType { return -1 }
        return reader.byteSize(node, path)
    }

    private func logging(_ node: YAMLNode, _ path: String) -> Logging? {
        guard let entries = reader.mapping(node, path) else { return nil }
        var logging = Logging()
        for entry in entries {
            switch entry.key {
            case "driver": logging.driver = reader.string(entry.value, "\(path).driver")
            case "options": logging.options = reader.stringMap(entry.value, "\(path).options") ?? [:]
            default: reader.log.warning(reader.file, entry, "\(path).\(entry.key)", "unknown key, ignored")
            }
        }
        return logging
    }

    private func dependsOn(_ node: YAMLNode, _ path: String) -> [String] {
        if let entries = node.mapping { return entries.map(\.key) }
        return reader.stringList(node, path) ?? []
    }

    /// Docker's `healthcheck`: `test` as a list or a shell string, durations, retries, `disable`.
    private func healthcheck(_ node: YAMLNode, _ path: String) -> DockerHealthcheck? {
        guard let entries = reader.mapping(node, path) else { return nil }
        var check = DockerHealthcheck(test: [])
        for entry in entries {
            let keyPath = "\(path).\(entry.key)"
            switch entry.key {
            case "test":
                if let items = entry.value.sequence {
                    check.test = items.enumerated().compactMap { reader.string($0.element, "\(keyPath)[\($0.offset)]") }
                } else if let text = reader.string(entry.value, keyPath) {
                    check.test = text == "NONE" ? ["NONE"] : ["CMD-SHELL", text]
                }
            case "interval": check.interval = reader.duration(entry.value, keyPath)
            case "timeout": check.timeout = reader.duration(entry.value, keyPath)
            case "start_period": check.startPeriod = reader.duration(entry.value, keyPath)
            case "retries": check.retries = reader.int(entry.value, keyPath, min: 0)
            case "disable": if reader.bool(entry.value, keyPath) == true { check.test = ["NONE"] }
            default: reader.log.warning(reader.file, entry, keyPath, "unknown key, ignored")
            }
        }
        if check.test.isEmpty {
            reader.error(node, path, "a healthcheck needs \"test\" (or \"disable: true\")")
            return nil
        }
        return check
    }

    /// The v3 `deploy` keys Drover maps: `replicas` → scale, `labels` → labels, `mode: global`.
    private func deploy(_ node: YAMLNode, _ path: String, _ service: inout ComposeService) {
        for entry in reader.mapping(node, path) ?? [] {
            let keyPath = "\(path).\(entry.key)"
            switch entry.key {
            case "replicas": service.replicas = reader.int(entry.value, keyPath, min: 0)
            case "labels": service.config.labels.merge(reader.stringMap(entry.value, keyPath) ?? [:]) { _, new in new }
            case "mode":
                if reader.oneOf(entry.value, keyPath, ["replicated", "global"]) == "global" {
                    service.config.labels["io.rancher.scheduler.global"] = "true"
                }
            default: reader.log.warning(reader.file, entry, keyPath, "not used by Drover, ignored")
            }
        }
    }
}
