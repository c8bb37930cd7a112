import DroverCompose
import DroverDocker
import DroverModel
import Foundation
import TestSupport
import XCTest

/// Differential test against Debian's docker-compose 1.29.2 on the same engine: every project in
/// `Fixtures/compose/NN-topic/docker-compose.yml` is brought up by docker-compose and by Drover's spec builder, and
/// `docker inspect` of each pair of containers must agree on every field the compose keys control. Only the
/// differences in `Deliberate` (also listed in docs/compose.md) are normalised away.
final class ComposeDifferentialTests: EngineTestCase {
    /// The service keys of the issue; the fixtures together must use at least 40 of them.
    static let issueKeys: Set<String> = [
        "image", "command", "entrypoint", "environment", "env_file", "labels", "ports", "expose", "volumes", "tmpfs",
        "volumes_from", "links", "external_links", "network_mode", "dns", "dns_search", "dns_opt", "extra_hosts",
        "hostname", "domainname", "user", "working_dir", "privileged", "cap_add", "cap_drop", "devices", "security_opt",
        "restart", "tty", "stdin_open", "read_only", "init", "stop_signal", "stop_grace_period", "ulimits", "sysctls",
        "shm_size", "pid", "ipc", "uts", "logging", "log_driver", "log_opt", "mem_limit", "mem_reservation",
        "memswap_limit", "mem_swappiness", "cpu_shares", "cpu_quota", "cpu_period", "cpuset", "oom_kill_disable",
        "oom_score_adj", "group_add", "mac_address", "cgroup_parent",
    ]

    /// Fixtures whose containers are created but not started, and why.
    static let createOnly = [
        "15-create-only": "the sandbox's capability bounding set lacks CAP_SYS_RESOURCE: privileged containers and negative "
            + "oom_score_adj fail to start (runc: \"unable to apply caps: operation not permitted\")",
    ]

    /// Where Drover differs from docker-compose on purpose; the comparison normalises exactly these.
    enum Deliberate: CaseIterable {
        case containerNames, volumeNames, identityLabels, environmentNetwork, networkAliases, nameLinkAliases

        var reason: String {
            switch self {
            case .containerNames:
                "containers are named <stack>-<service>-<n> (compose: <project>_<service>_<n>): links, volumes_from and "
                    + "container:x modes are compared by the service they point to"
            case .volumeNames:
                "stack volumes are named <stack>_<volume> (compose: <project>_<volume>): compared by the file's volume name"
            case .identityLabels:
                "Drover labels containers with its io.rancher.* identity labels and io.drover.*, compose with "
                    + "com.docker.compose.*: neither set is compared"
            case .environmentNetwork:
                "containers without network_mode join the environment network drover-<environment> (compose: "
                    + "<project>_default, or the default bridge for v1 files): compared as one token"
            case .networkAliases:
                "on that network Drover's alias is <service>.<stack>, and the agent adds the stack network "
                    + "drover-<environment>-<stack> with <service> (compose: <service> and the short container id on "
                    + "<project>_default): aliases are not compared"
            case .nameLinkAliases:
                "compose also links each linked container under its container name and <service>_<n>; Drover links "
                    + "only the aliases the file names: those extra aliases are dropped"
            }
        }
    }

    static let externalVariable = "DIFF_EXTERNAL"
    static let shellVariable = "DIFF_FROM_SHELL"
    static let composeBinary = "/usr/bin/docker-compose"

    func testDockerComposeAndDroverCreateTheSameContainers() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.composeBinary) else {
            try RequiredParts.missing("docker-compose is not installed at \(Self.composeBinary)")
        }
        let started = Date()
        let fixtures = try Self.fixtureDirectories()
        let (keys, versions) = try Self.serviceKeys(fixtures)
        let covered = keys.intersection(Self.issueKeys)
        XCTAssertGreaterThanOrEqual(fixtures.count, 12)
        XCTAssertGreaterThanOrEqual(covered.count, 40, "keys used: \(covered.sorted())")
        XCTAssertTrue(versions.contains("1") && versions.contains { $0.hasPrefix("2") }, "formats used: \(versions.sorted())")
        print("compose differential: \(fixtures.count) fixtures use \(covered.count) of the issue's keys; "
              + "not used: \(Self.issueKeys.subtracting(covered).sorted())\nallowed differences:\n"
              + Deliberate.allCases.map { "- \($0): \($0.reason)" }.joined(separator: "\n") + "\ncreated, not started:\n"
              + Self.createOnly.map { "- \($0.key): \($0.value)" }.joined(separator: "\n"))

        let network = try makeNetwork(ContainerIdentity.networkName(environment: runId))
        let (external, externalId) = try makeExternalContainer(network: network)
        var variables = [Self.externalVariable: external, Self.shellVariable: "from the shell"]
        for (index, port) in FreePorts.take(7).enumerated() { variables["DIFF_PORT_\(index + 1)"] = String(port) }
        var runs: [FixtureRun] = []
        for (index, fixture) in fixtures.enumerated() {
            let file = fixture.appendingPathComponent("docker-compose.yml")
            do {
                let definition = try StackLoader(variables: VariableSource(environment: variables), projectDirectory: fixture.path)
                    .load(compose: SourceFile(name: file.path, text: try String(contentsOf: file, encoding: .utf8))).definition
                let run = FixtureRun(client: client, fixture: fixture, definition: definition, project: "\(runId)c\(index)",
                                     stack: "\(runId)d\(index)", environment: runId, network: network, variables: variables,
                                     knownNames: [external: "external", externalId: "external"])
                run.stackVolumes.forEach(removeAfterwards)
                runs.append(run)
            } catch {
                XCTFail("\(fixture.lastPathComponent): Drover cannot load the file: \(error)")
            }
        }
        let fixtureRuns = runs
        let failures = Failures(count: runs.count)
        DispatchQueue.concurrentPerform(iterations: runs.count) { index in failures[index] = fixtureRuns[index].compare() }
        failures.all.forEach { XCTFail($0) }
        print("compose differential: \(runs.count) fixtures compared in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
    }

    /// A running container outside both projects, on the default bridge and the environment network, for
    /// `external_links` and `volumes_from: container:x`; returns its name and id.
    private func makeExternalContainer(network: String) throws -> (String, String) {
        let name = "\(runId)-external"
        var spec = ContainerSpec(image: Self.busybox)
        spec.cmd = ["sleep", "300"]
        spec.volumes = ["/ext": EmptyObject()]
        spec.labels = ["io.drover.test": runId]
        spec.hostConfig.initProcess = true
        let id = try client.createContainer(name: name, spec: spec)
        try client.startContainer(id)
        try client.connectNetwork(network, container: id)
        return (name, id)
    }

    /// Failure messages by fixture, written by parallel runs.
    final class Failures: @unchecked Sendable {
        private let lock = NSLock()
        private var messages: [[String]]

        init(count: Int) {
            messages = Array(repeating: [], count: count)
        }

        subscript(index: Int) -> [String] {
            get { lock.withLock { messages[index] } }
            set { lock.withLock { messages[index] = newValue } }
        }

        var all: [String] { lock.withLock { Array(messages.joined()) } }
    }

    // MARK: - One fixture

    /// One fixture brought up by docker-compose (and down again), then by Drover, and compared. Fixtures run in
    /// parallel (each publishes its own host ports), so problems are returned as messages.
    struct FixtureRun: Sendable {
        let client: DockerClient
        let fixture: URL
        let definition: StackDefinition
        let project: String
        let stack: String
        let environment: String
        let network: String
        let variables: [String: String]
        /// Container id or name → service, for containers outside the projects.
        let knownNames: [String: String]

        var name: String { fixture.lastPathComponent }

        /// The file's volumes as Drover names them: `<stack>_<volume>`, external ones by their own name.
        var volumeNames: [String: String] {
            definition.volumes.reduce(into: [:]) { names, entry in
                names[entry.key] = entry.value.external ? entry.value.externalName ?? entry.key : "\(stack)_\(entry.key)"
            }
        }

        var stackVolumes: [String] {
            definition.volumes.filter { !$0.value.external }.keys.compactMap { volumeNames[$0] }
        }

        /// Every difference between the two tools' containers, as `fixture service field: both values`.
        func compare() -> [String] {
            var failures: [String] = []
            var names = knownNames
            let start = createOnly[name] == nil
            do {
                guard let compose = try composeUp(start: start, names: &names, failures: &failures) else { return failures }
                let drover = try droverUp(start: start, names: &names, failures: &failures)
                for service in definition.services {
                    guard let ours = drover.inspections[service.name] else { continue }
                    guard let theirs = compose.inspections[service.name] else {
                        failures.append("\(name) \(service.name): docker-compose created no container")
                        continue
                    }
                    for (tool, inspect) in [("docker-compose", theirs), ("Drover", ours)]
                    where start && inspect["State"]["Running"] != .bool(true) {
                        failures.append("\(name) \(service.name): \(tool)'s container is not running: \(text(inspect["State"]))")
                    }
                    for field in fields where field.applies(service.launchConfig) {
                        let expected = unset(field.value(theirs, Normalizer(side: compose, names: names)))
                        let actual = unset(field.value(ours, Normalizer(side: drover, names: names)))
                        if expected != actual {
                            failures.append("\(name) \(service.name) \(field.name): docker-compose \(text(expected)) ≠ Drover \(text(actual))")
                        }
                    }
                }
            } catch {
                failures.append("\(name): \(error)")
            }
            return failures
        }

        /// `docker-compose up -d` (or `up --no-start`), `docker inspect` of every service's container, and `down -v`.
        private func composeUp(start: Bool, names: inout [String: String], failures: inout [String]) throws -> Side? {
            let file = fixture.appendingPathComponent("docker-compose.yml").path
            defer {
                let (status, output) = (try? dockerCompose(["-p", project, "-f", file, "down", "-v", "-t", "0"])) ?? (-1, "")
                if status != 0 { failures.append("\(name): docker-compose down failed (\(status)): \(output)") }
                for container in (try? client.listContainers(labels: ["com.docker.compose.project=\(project)"])) ?? [] {
                    try? client.removeContainer(container.id, force: true, volumes: true)
                }
                try? client.removeNetwork("\(project)_default")
            }
            let (status, output) = try dockerCompose(["-p", project, "-f", file, "up"] + (start ? ["-d"] : ["--no-start"]))
            guard status == 0 else {
                failures.append("\(name): docker-compose up failed (\(status)): \(output)")
                return nil
            }
            var side = Side(namePrefix: "\(project)_", volumePrefix: "\(project)_",
                            defaultNetworks: ["default", "\(project)_default"])
            for container in try client.listContainers(labels: ["com.docker.compose.project=\(project)"]) {
                guard let service = container.labels["com.docker.compose.service"] else { continue }
                names[container.id] = service
                names[container.name] = service
                side.inspections[service] = try client.inspectContainerJSON(container.id)
            }
            return side
        }

        /// Creates (and starts) one container per service through `ContainerSpecBuilder`, services that others refer
        /// to first, labelled `io.drover.test`; inspects them and removes them again with their volumes.
        private func droverUp(start: Bool, names: inout [String: String], failures: inout [String]) throws -> Side {
            var side = Side(namePrefix: "\(stack)-", volumePrefix: "\(stack)_", defaultNetworks: [network])
            var ids: [String] = []
            defer {
                for id in ids { try? client.removeContainer(id, force: true, volumes: true) }
                for volume in stackVolumes { try? client.removeVolume(volume, force: true) }
            }
            for volume in stackVolumes { _ = try client.createVolume(volume, labels: ["io.drover.test": environment]) }
            var created: [String: [String]] = [:]
            for service in creationOrder(definition.services) {
                let identity = ContainerIdentity(environment: environment, host: "h1", stack: stack, service: service.name, index: 1,
                                                 deploymentUnit: "\(service.name)-u1", instance: "\(service.name)-1")
                let context = SpecContext(projectDirectory: fixture.path, serviceContainers: created, volumeNames: volumeNames,
                                          network: network)
                var spec = ContainerSpecBuilder.build(service.launchConfig, identity: identity, context: context)
                spec.labels?["io.drover.test"] = environment
                do {
                    let id = try client.createContainer(name: identity.containerName, spec: spec)
                    ids.append(id)
                    if start { try client.startContainer(id) }
                    created[service.name] = [identity.containerName]
                    names[id] = service.name
                    names[identity.containerName] = service.name
                    side.inspections[service.name] = try client.inspectContainerJSON(id)
                } catch {
                    failures.append("\(name) \(service.name): Drover's container does not run: \(error)")
                }
            }
            return side
        }

        /// Runs docker-compose in the fixture's directory with the fixture variables, killing it after `timeout`
        /// seconds; returns its exit status and output (collected in a file, which never fills up like a pipe).
        private func dockerCompose(_ arguments: [String], timeout: Double = 90) throws -> (Int32, String) {
            let log = FileManager.default.temporaryDirectory.appendingPathComponent("\(project)-\(UUID().uuidString).log")
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
            let output = try FileHandle(forWritingTo: log)
            defer {
                try? output.close()
                try? FileManager.default.removeItem(at: log)
            }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: composeBinary)
            process.arguments = ["--ansi", "never"] + arguments
            process.currentDirectoryURL = fixture
            process.environment = ProcessInfo.processInfo.environment.merging(variables) { _, fixture in fixture }
            process.standardOutput = output
            process.standardError = output
            let exited = DispatchSemaphore(value: 0)
            process.terminationHandler = { _ in exited.signal() }
            try process.run()
            if exited.wait(timeout: .now() + timeout) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                exited.wait()
                return (-1, "docker-compose \(arguments.joined(separator: " ")) timed out after \(timeout) s")
            }
            return (process.terminationStatus, (try? String(contentsOf: log, encoding: .utf8)) ?? "")
        }
    }

    /// Services in an order where everything a service refers to (links, volumes_from, depends_on, and
    /// `service:x`/`container:x` network, pid and ipc modes) exists before it.
    static func creationOrder(_ services: [ServiceDefinition]) -> [ServiceDefinition] {
        let byName = Dictionary(uniqueKeysWithValues: services.map { ($0.name, $0) })
        func references(_ config: LaunchConfig) -> [String] {
            let modes = [config.networkMode, config.pid, config.ipc].compactMap { $0 }
                .filter { $0.hasPrefix("service:") || $0.hasPrefix("container:") }
                .map { String($0.drop { $0 != ":" }.dropFirst()) }
            let volumesFrom = config.volumesFrom.filter { !$0.hasPrefix("container:") }.map { String($0.split(separator: ":")[0]) }
            return (config.links.map(\.target) + volumesFrom + modes + config.dependsOn).filter { byName[$0] != nil }
        }
        var ordered: [ServiceDefinition] = []
        var visited: Set<String> = []
        func visit(_ name: String) {
            guard visited.insert(name).inserted, let service = byName[name] else { return }
            references(service.launchConfig).sorted().forEach(visit)
            ordered.append(service)
        }
        services.map(\.name).sorted().forEach(visit)
        return ordered
    }

    // MARK: - Fixtures

    static func fixtureDirectories() throws -> [URL] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/compose")
        return try FileManager.default.contentsOfDirectory(at: root, includingPropertiesForKeys: nil)
            .filter { FileManager.default.fileExists(atPath: $0.appendingPathComponent("docker-compose.yml").path) }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// The service keys the fixture files use, and their format versions (`1` for version-less files).
    static func serviceKeys(_ fixtures: [URL]) throws -> (keys: Set<String>, versions: Set<String>) {
        var keys: Set<String> = []
        var versions: Set<String> = []
        for fixture in fixtures {
            var parser = YAMLParser(file: "docker-compose.yml")
            let root = try parser.parse(try String(contentsOf: fixture.appendingPathComponent("docker-compose.yml"), encoding: .utf8))
            let version = root["version"]?.scalarText
            versions.insert(version ?? "1")
            let services = version == nil ? root.mapping ?? [] : root["services"]?.mapping ?? []
            for service in services {
                keys.formUnion((service.value.mapping ?? []).map(\.key))
            }
        }
        return (keys, versions)
    }

    // MARK: - Comparison

    /// One tool's containers (`docker inspect` by service) and how that tool names things.
    struct Side {
        var namePrefix: String
        var volumePrefix: String
        var defaultNetworks: Set<String>
        var inspections: [String: JSONValue] = [:]

        init(namePrefix: String, volumePrefix: String, defaultNetworks: Set<String>) {
            self.namePrefix = namePrefix
            self.volumePrefix = volumePrefix
            self.defaultNetworks = defaultNetworks
        }
    }

    /// Brings one side's names to the form both sides share (see `Deliberate`).
    struct Normalizer {
        var side: Side
        var names: [String: String]

        /// `Deliberate.containerNames`: a container's id or name (Docker's leading `/` too) → its service.
        func service(_ reference: String) -> String {
            let name = reference.hasPrefix("/") ? String(reference.dropFirst()) : reference
            return names[name] ?? name
        }

        /// `Deliberate.volumeNames`: a volume name without the stack or project prefix; anonymous volumes as `<anonymous>`.
        func volume(_ name: String) -> String {
            if name.count == 64, name.allSatisfy(\.isHexDigit) { return "<anonymous>" }
            return name.hasPrefix(side.volumePrefix) ? String(name.dropFirst(side.volumePrefix.count)) : name
        }

        /// `Deliberate.environmentNetwork` and `containerNames` for network, pid and ipc modes.
        func mode(_ value: JSONValue) -> JSONValue {
            guard let mode = value.string else { return value }
            if side.defaultNetworks.contains(mode) { return .string("<default network>") }
            if mode.hasPrefix("container:") { return .string("container:" + service(String(mode.dropFirst("container:".count)))) }
            return value
        }

        /// `Deliberate.nameLinkAliases`: true for an alias that is only the target's container name or `<service>_<n>`.
        func isNameAlias(_ alias: String, target: String) -> Bool {
            alias == target || side.namePrefix + alias == target
        }
    }

    /// A compared field: its `docker inspect` name, whether it applies to a service, and its normalised value.
    struct Field {
        var name: String
        var applies: (LaunchConfig) -> Bool = { _ in true }
        var value: (JSONValue, Normalizer) -> JSONValue
    }

    /// Every field the compose keys control.
    static var fields: [Field] {
        func config(_ key: String, _ transform: @escaping (JSONValue, Normalizer) -> JSONValue = { value, _ in value }) -> Field {
            Field(name: "Config.\(key)") { transform($0["Config"][key], $1) }
        }
        func host(_ key: String, _ transform: @escaping (JSONValue, Normalizer) -> JSONValue = { value, _ in value }) -> Field {
            Field(name: "HostConfig.\(key)") { transform($0["HostConfig"][key], $1) }
        }
        return [
            config("Image"), config("Cmd"), config("Entrypoint"), config("Env") { value, _ in sorted(value) },
            config("User"), config("WorkingDir"), config("Tty"), config("OpenStdin"), config("ExposedPorts"),
            config("Labels", labels), config("StopSignal"), config("StopTimeout"), config("Healthcheck"), config("MacAddress"),
            Field(name: "Config.Hostname", applies: { $0.hostname != nil }) { inspect, _ in inspect["Config"]["Hostname"] },
            Field(name: "Config.Domainname", applies: { $0.domainname != nil }) { inspect, _ in inspect["Config"]["Domainname"] },
            host("NetworkMode") { $1.mode($0) },
            host("PortBindings") { value, _ in .object((value.object ?? [:]).mapValues(sorted)) },
            Field(name: "HostConfig.Binds+Mounts", value: declaredMounts),
            Field(name: "HostConfig.Links+endpoint Links", value: links),
            host("VolumesFrom", volumesFrom), host("VolumeDriver"), host("Tmpfs"),
            host("Dns"), host("DnsSearch"), host("DnsOptions"), host("ExtraHosts"), host("CapAdd"), host("CapDrop"),
            host("Devices"), host("SecurityOpt"), host("RestartPolicy", restartPolicy), host("Privileged"),
            host("ReadonlyRootfs"), host("Init"), host("Ulimits") { value, _ in sorted(value) }, host("Sysctls"), host("ShmSize"),
            host("Memory"), host("MemoryReservation"), host("MemorySwap"), host("MemorySwappiness"), host("CpuShares"),
            host("CpuQuota"), host("CpuPeriod"), host("CpusetCpus"), host("BlkioWeight"), host("PidMode") { $1.mode($0) },
            host("IpcMode") { $1.mode($0) }, host("UTSMode"), host("LogConfig"), host("OomKillDisable"), host("OomScoreAdj"),
            host("GroupAdd"), host("CgroupParent"),
            Field(name: "Mounts", value: mounts),
        ]
    }

    /// Docker reports a list, map or string the client did not send as null, but one sent empty as `[]`, `{}` or `""`
    /// (docker-compose always sends `Binds: []`, `VolumesFrom: []`, `PortBindings: {}`; Drover leaves unset keys
    /// out): both mean "unset", so every compared value treats empty as null. Booleans are compared as reported.
    static func unset(_ value: JSONValue) -> JSONValue {
        switch value {
        case let .array(items) where items.isEmpty: return .null
        case let .object(fields) where fields.isEmpty: return .null
        case .string(""): return .null
        default: return value
        }
    }

    /// The order of environment entries, ulimits and bindings of one port means nothing to Docker.
    static func sorted(_ value: JSONValue) -> JSONValue {
        guard let items = value.array else { return value }
        return .array(items.sorted { text($0) < text($1) })
    }

    /// `Deliberate.identityLabels`: labels without compose's and Drover's identity labels.
    static func labels(_ value: JSONValue, _: Normalizer) -> JSONValue {
        let identity = Set(ContainerIdentity(environment: "e", host: "h", stack: "s", service: "x", index: 1,
                                             deploymentUnit: "u", instance: "i").labels.keys).union(["io.drover.test"])
        return .object((value.object ?? [:]).filter { !$0.key.hasPrefix("com.docker.compose.") && !identity.contains($0.key) })
    }

    /// Docker reports the policy a client did not send as `""` and `restart: "no"` as `"no"`: the same policy.
    static func restartPolicy(_ value: JSONValue, _: Normalizer) -> JSONValue {
        guard var policy = value.object else { return value }
        if policy["Name"] == .string("") { policy["Name"] = .string("no") }
        return .object(policy)
    }

    /// Binds (`source:target[:options]`) and API mounts (`HostConfig.Mounts`, docker-compose's form of a long
    /// volume entry, read as the bind `source:target:ro|rw`) as one list of `{source, target, options}`.
    static func declaredMounts(_ inspect: JSONValue, _ normalizer: Normalizer) -> JSONValue {
        func source(_ text: String) -> String { text.hasPrefix("/") ? text : normalizer.volume(text) }
        var mounts: [JSONValue] = []
        for bind in inspect["HostConfig"]["Binds"].array ?? [] {
            let parts = (bind.string ?? "").split(separator: ":", maxSplits: 2).map(String.init)
            guard parts.count >= 2 else { continue }
            let options = parts.count > 2 ? parts[2].split(separator: ",").map(String.init).sorted() : []
            mounts.append(.object(["source": .string(source(parts[0])), "target": .string(parts[1]),
                                   "options": .array(options.map(JSONValue.string))]))
        }
        for mount in inspect["HostConfig"]["Mounts"].array ?? [] {
            mounts.append(.object(["source": .string(source(mount["Source"].string ?? "")), "target": mount["Target"],
                                   "options": .array([.string(mount["ReadOnly"] == .bool(true) ? "ro" : "rw")])]))
        }
        return sorted(.array(mounts))
    }

    /// `HostConfig.Links` (`/target:/container/alias`, bridge) and the network endpoints' links (`target:alias`) as one
    /// set of `service:alias` (`Deliberate.containerNames`, `nameLinkAliases`).
    static func links(_ inspect: JSONValue, _ normalizer: Normalizer) -> JSONValue {
        var links: [(target: String, alias: String)] = []
        for link in inspect["HostConfig"]["Links"].array ?? [] {
            let parts = (link.string ?? "").split(separator: ":", maxSplits: 1).map(String.init)
            if parts.count == 2 { links.append((String(parts[0].dropFirst()), String(parts[1].split(separator: "/").last ?? ""))) }
        }
        for endpoint in (inspect["NetworkSettings"]["Networks"].object ?? [:]).values {
            for link in endpoint["Links"].array ?? [] {
                let parts = (link.string ?? "").split(separator: ":", maxSplits: 1).map(String.init)
                if parts.count == 2 { links.append((parts[0], parts[1])) }
            }
        }
        let kept = links.filter { !normalizer.isNameAlias($0.alias, target: $0.target) }
            .map { "\(normalizer.service($0.target)):\($0.alias)" }
        return .array(Set(kept).sorted().map(JSONValue.string))
    }

    /// `container[:mode]` → `service[:mode]`; `rw` is the default and left out.
    static func volumesFrom(_ value: JSONValue, _ normalizer: Normalizer) -> JSONValue {
        .array((value.array ?? []).map { entry in
            let parts = (entry.string ?? "").split(separator: ":").map(String.init)
            let mode = parts.count > 1 && parts[1] != "rw" ? ":" + parts[1] : ""
            return .string(normalizer.service(parts.first ?? "") + mode)
        })
    }

    /// The container's effective mounts by destination: type, source (volume names normalised), RW, propagation, and
    /// the mode flags beyond `ro`/`rw` and propagation (`z`, `Z`, `nocopy`). Docker reports every volume given
    /// through `HostConfig.Mounts` (docker-compose's long form) with mode `z`, the same volume bound with a mode
    /// without it: that `z` is left out.
    static func mounts(_ inspect: JSONValue, _ normalizer: Normalizer) -> JSONValue {
        let apiTargets = Set((inspect["HostConfig"]["Mounts"].array ?? []).compactMap { $0["Target"].string })
        let implied: Set<String> = ["ro", "rw", "private", "rprivate", "shared", "rshared", "slave", "rslave"]
        let mounts = (inspect["Mounts"].array ?? []).map { mount -> JSONValue in
            let type = mount["Type"].string ?? ""
            let destination = mount["Destination"].string ?? ""
            var flags = Set((mount["Mode"].string ?? "").split(separator: ",").map(String.init)).subtracting(implied)
            if type == "volume" && apiTargets.contains(destination) { flags.remove("z") }
            let source = type == "volume" ? normalizer.volume(mount["Name"].string ?? "") : mount["Source"].string ?? ""
            return .object(["Type": .string(type), "Destination": .string(destination), "Source": .string(source), "RW": mount["RW"],
                            "Propagation": mount["Propagation"], "Mode": .array(flags.sorted().map(JSONValue.string))])
        }
        return .array(mounts.sorted { ($0["Destination"].string ?? "") < ($1["Destination"].string ?? "") })
    }

    /// Compact JSON with sorted keys, for messages and sorting.
    static func text(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "\(value)"
    }
}

private extension JSONValue {
    subscript(_ key: String) -> JSONValue {
        if case let .object(fields) = self { return fields[key] ?? .null }
        return .null
    }

    var string: String? {
        if case let .string(text) = self { return text }
        return nil
    }

    var array: [JSONValue]? {
        if case let .array(items) = self { return items }
        return nil
    }

    var object: [String: JSONValue]? {
        if case let .object(fields) = self { return fields }
        return nil
    }
}
