import DroverDocker
import DroverLoadBalancer
import DroverModel
import Foundation

/// Carries out instructions on one host's Docker engine. Every operation is idempotent: a container is found by its
/// instance label before anything is created, so a retried or duplicated `create` adopts the existing container
/// instead of making a second one; `start`, `stop` and `remove` of something already in that state succeed.
/// It only ever touches containers labelled with its own host id.
package final class Executor: Sendable {
    package static let versionLabel = "io.drover.version"
    /// The unit number, so a re-adopted container knows its `<n>` without parsing its name.
    package static let unitLabel = "io.drover.unit"

    package let client: DockerClient
    package let host: String
    /// The host's load balancers: their files and how changes reach them.
    package let loadBalancers: LoadBalancerRuntime

    /// `loadBalancerDirectory`: where the host's load balancers keep their files (mounted into their containers, so
    /// on the Docker engine's own filesystem).
    package init(client: DockerClient, host: String,
                 loadBalancerDirectory: String = NSTemporaryDirectory() + "drover-loadbalancers") {
        self.client = client
        self.host = host
        self.loadBalancers = LoadBalancerRuntime(client: client, base: loadBalancerDirectory)
    }

    /// Carries out `instruction` and reports the container's resulting state.
    package func execute(_ instruction: Instruction) throws(AgentError) -> InstanceReport {
        let instance = instruction.instance
        let context = "\(instruction.kind.rawValue) container \(name(of: instance)) on host \(host)"
        if instruction.kind == .configure { return try configure(instance, instruction.loadBalancer) }
        do {
            switch instruction.kind {
            case .create: return try create(instance)
            case .start:
                guard let existing = try find(instance) else { return try create(instance) }
                try client.startContainer(existing.id)
                try reclaimName(existing, instance)
                return report(instance, dockerId: existing.id, state: .running)
            case .stop:
                guard let existing = try find(instance) else { return report(instance, dockerId: nil, state: .removed) }
                try client.stopContainer(existing.id, timeout: instance.stopTimeout)
                return report(instance, dockerId: existing.id, state: .stopped)
            case .remove:
                if let existing = try find(instance) {
                    try client.removeContainer(existing.id, force: true, volumes: true)
                    if existing.name == name(of: instance) { try handNameBack(instance) }
                }
                if instance.isLoadBalancer { loadBalancerDirectory(instance).remove() }
                return report(instance, dockerId: nil, state: .removed)
            case .probe:
                guard let existing = try find(instance) else { return report(instance, dockerId: nil, state: .removed) }
                var result = report(instance, dockerId: existing.id, state: existing.state == "running" ? .running : .exited)
                result.unhealthy = try probe(existing, instance)
                return result
            case .removeVolumes:
                for name in instance.volumeNames.values.sorted() { try client.removeVolume(name) }
                return report(instance, dockerId: nil, state: .removed)
            case .logs:
                guard let existing = try find(instance) else { return report(instance, dockerId: nil, state: .removed) }
                var result = report(instance, dockerId: existing.id, state: existing.state == "running" ? .running : .exited)
                var lines: [String] = []
                // Lines carry their time, so a follower asks for what came after the last one it has (no guessing by
                // overlaps); a container with a TTY writes no frames.
                let tty = try client.inspectContainerJSON(existing.id)["Config"]?["Tty"]?.bool ?? false
                try client.logs(existing.id, tail: instance.since == nil ? String(instance.tail ?? 100) : "all", since: instance.since,
                                timestamps: true, tty: tty) { line in
                    lines.append(line.text)
                    return true
                }
                result.output = lines
                return result
            case .configure:
                preconditionFailure("handled above")
            }
        } catch {
            throw .docker(error.during(context))
        }
    }

    /// Gives the instance's load-balancer container its configuration (see `LoadBalancerRuntime`).
    private func configure(_ instance: InstanceSpec, _ files: LoadBalancerFiles?) throws(AgentError) -> InstanceReport {
        let name = name(of: instance)
        guard let files else { throw .loadBalancer(container: name, reason: "the instruction carries no configuration") }
        let existing: ContainerSummary?
        do {
            existing = try find(instance)
        } catch {
            throw .docker(error)
        }
        guard let existing, existing.state == "running" else {
            throw .loadBalancer(container: name, reason: "its container is \(existing?.state ?? "missing"); it is configured once it runs")
        }
        try loadBalancers.apply(files, container: existing.id, name: name, directory: loadBalancerDirectory(instance))
        return report(instance, dockerId: existing.id, state: .running)
    }

    private func loadBalancerDirectory(_ instance: InstanceSpec) -> LoadBalancerDirectory {
        loadBalancers.directory(host: host, instance: instance, containerName: name(of: instance))
    }

    /// Reports every container of this host that Drover created, found by labels: what a restarted agent re-adopts.
    package func adopt() throws(DockerError) -> [InstanceReport] {
        var reports: [InstanceReport] = []
        for summary in try client.listContainers(labels: ["\(ContainerIdentity.hostLabel)=\(host)"]) {
            let labels = summary.labels
            guard let id = labels[ContainerIdentity.instanceLabel], let stackService = labels[ContainerIdentity.stackServiceLabel],
                  let slash = stackService.firstIndex(of: "/") else { continue }
            let service = String(stackService[stackService.index(after: slash)...])
            let launchConfig = labels[ContainerIdentity.launchConfigLabel].flatMap { $0 == ContainerIdentity.primaryLaunchConfig ? nil : $0 } ?? service
            let exitCode = summary.state == "exited" ? summary.exitCode : nil
            let state: InstanceReport.State = summary.state == "running" ? .running : summary.state == "exited" ? .exited : .stopped
            var report = InstanceReport(instanceId: id, dockerId: summary.id, name: summary.name,
                                          version: Int(labels[Self.versionLabel] ?? "") ?? 0, state: state, exitCode: exitCode,
                                          stack: String(stackService[..<slash]), service: service, launchConfig: launchConfig,
                                          unitIndex: Int(labels[Self.unitLabel] ?? "") ?? 0,
                                          deploymentUnit: labels[ContainerIdentity.deploymentUnitLabel] ?? "",
                                          startOnce: labels["io.rancher.container.start_once"]?.lowercased() == "true")
            let environment = labels[ContainerIdentity.environmentLabel] ?? ""
            report.address = summary.addresses[ContainerIdentity.networkName(environment: environment)]
            reports.append(report)
        }
        return reports
    }

    /// Creates (when missing) and starts the instance's container.
    private func create(_ instance: InstanceSpec) throws(DockerError) -> InstanceReport {
        if let existing = try find(instance) {
            if instance.config?.networkMode == nil { try joinStackNetwork(existing.id, instance) }
            if existing.state != "running" { try client.startContainer(existing.id) }
            return report(instance, dockerId: existing.id, state: .running)
        }
        guard let config = instance.config, let image = config.image else {
            throw .unexpected(operation: "create", reason: "instruction carries no launch config with an image")
        }
        try client.ensureImage(image, alwaysPull: config.labels["io.rancher.container.pull_image"] == "always")
        let network = ContainerIdentity.networkName(environment: instance.environment)
        if config.networkMode == nil {
            _ = try client.createNetwork(network, labels: [ContainerIdentity.environmentLabel: instance.environment])
        }
        var spec = ContainerSpecBuilder.build(config, identity: identity(instance), context: SpecContext(
            projectDirectory: instance.projectDirectory ?? "/", unitMembers: instance.unitMembers,
            serviceContainers: instance.serviceContainers, volumeNames: instance.volumeNames, network: network))
        spec.labels?[Self.versionLabel] = String(instance.version)
        spec.labels?[Self.unitLabel] = String(instance.unitIndex)
        if let check = instance.healthCheck, let json = try? JSONEncoder().encode(check) {
            spec.labels?[HealthMonitor.label] = String(decoding: json, as: UTF8.self)
        }
        if instance.isLoadBalancer {
            let directory = loadBalancerDirectory(instance)
            do {
                try directory.prepare(bootstrap: HAProxyRenderer.bootstrap)
            } catch {
                throw .unexpected(operation: "create", reason: "cannot prepare the load balancer's directory \(directory.path): \(error)")
            }
            spec.hostConfig.binds = (spec.hostConfig.binds ?? []) + [directory.bind]
        }
        let id: String
        do {
            id = try client.createContainer(name: name(of: instance), spec: spec)
        } catch where error.isConflict {
            if let existing = try findSoon(instance) {
                id = existing.id
            } else if try moveAsideOtherVersion(of: instance) {
                id = try client.createContainer(name: name(of: instance), spec: spec)
            } else {
                throw error
            }
        }
        if config.networkMode == nil { try joinStackNetwork(id, instance) }
        try client.startContainer(id)
        return report(instance, dockerId: id, state: .running)
    }

    /// Removes the stack networks of `removed` instances that no container uses any more: once per batch, after its
    /// creates, so a container replaced in the batch keeps its stack's network instead of tearing it down and
    /// building it again (each costs a few hundred milliseconds of iptables work).
    package func removeUnusedNetworks(of removed: [InstanceSpec]) throws(AgentError) {
        for network in Set(removed.map(stackNetwork)).sorted() {
            do {
                try client.removeNetworkIfUnused(network)
            } catch {
                throw .docker(error.during("remove network \(network) on host \(host)"))
            }
        }
    }

    /// The network of the instance's stack on this host.
    private func stackNetwork(_ instance: InstanceSpec) -> String {
        ContainerIdentity.stackNetworkName(environment: instance.environment, stack: instance.stack)
    }

    /// Attaches container `id` to its stack's network under its bare service name, unless it is attached already (a
    /// retried or duplicated `create`). The network is created when missing — again if the removal of the stack's
    /// last other container took it between creating and attaching.
    private func joinStackNetwork(_ id: String, _ instance: InstanceSpec) throws(DockerError) {
        let network = stackNetwork(instance)
        func attached() throws(DockerError) -> Bool {
            try client.inspectContainerJSON(id)["NetworkSettings"]?["Networks"]?[network] != nil
        }
        guard try !attached() else { return }
        let labels = [ContainerIdentity.environmentLabel: instance.environment, ContainerIdentity.stackLabel: instance.stack]
        for attempt in 1...3 {
            do {
                _ = try client.createNetwork(network, labels: labels)
            } catch {
                throw error.explainingAddressPools
            }
            do {
                return try client.connectNetwork(network, container: id, aliases: identity(instance).stackAliases)
            } catch where error.isNotFound && attempt < 3 {
                continue
            } catch {
                // A concurrent duplicate of this instruction attached it first.
                if try attached() { return }
                throw error
            }
        }
    }

    /// Runs the instance's health check against its container's address on the environment network (or its first
    /// network); nil when healthy, else why not.
    private func probe(_ container: ContainerSummary, _ instance: InstanceSpec) throws(DockerError) -> String? {
        guard let check = instance.healthCheck else { return nil }
        guard container.state == "running" else { return "the container is \(container.state)" }
        let networks = try client.inspectContainerJSON(container.id)["NetworkSettings"]?["Networks"]?.object ?? [:]
        let preferred = networks[ContainerIdentity.networkName(environment: instance.environment)] ?? networks.values.first
        guard let address = preferred?["IPAddress"]?.string, !address.isEmpty else { return "the container has no network address to check" }
        switch HealthProbe.check(address: address, port: check.port, requestLine: check.requestLine, timeoutMillis: check.responseTimeout) {
        case .healthy: return nil
        case let .unhealthy(reason): return reason
        }
    }

    /// During an upgrade the old and new version of a unit member coexist: the old container gives up the name
    /// `<stack>-<service>-<n>` and becomes `<stack>-<service>-<n>-v<version>`. Returns whether it moved one.
    private func moveAsideOtherVersion(of instance: InstanceSpec) throws(DockerError) -> Bool {
        guard let holder = try client.inspectContainer(name(of: instance)),
              let labels = holder.config.labels, labels[ContainerIdentity.hostLabel] == host,
              labels[ContainerIdentity.containerNameLabel] == name(of: instance),
              let version = labels[Self.versionLabel], version != String(instance.version) else { return false }
        try client.renameContainer(holder.id, to: "\(name(of: instance))-v\(version)")
        return true
    }

    /// A rolled-back old container takes its plain name back once the new one is gone.
    private func reclaimName(_ container: ContainerSummary, _ instance: InstanceSpec) throws(DockerError) {
        let canonical = name(of: instance)
        guard container.name != canonical, try client.inspectContainer(canonical) == nil else { return }
        try client.renameContainer(container.id, to: canonical)
    }

    /// Once the container holding a unit member's plain name is removed (a rollback removing the new version), the
    /// other version's container, moved aside to `<name>-v<version>`, takes the name back.
    private func handNameBack(_ instance: InstanceSpec) throws(DockerError) {
        let canonical = name(of: instance)
        let others = try client.listContainers(labels: ["\(ContainerIdentity.containerNameLabel)=\(canonical)", "\(ContainerIdentity.hostLabel)=\(host)"])
        guard let aside = others.first(where: { $0.name != canonical }), try client.inspectContainer(canonical) == nil else { return }
        try client.renameContainer(aside.id, to: canonical)
    }

    /// The container of this instance and version once another attempt finishes creating it: Docker reserves the
    /// name before it lists the container, so a retried `create` racing the one a killed agent left in flight gets a
    /// conflict and, for a moment, finds nothing. Looks again for up to 2 s before saying there is none.
    private func findSoon(_ instance: InstanceSpec) throws(DockerError) -> ContainerSummary? {
        let deadline = Date().addingTimeInterval(2)
        while true {
            if let existing = try find(instance) { return existing }
            guard Date() < deadline, try client.inspectContainer(name(of: instance)) == nil else { return nil }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    /// The container of this instance and version on this host, if any.
    private func find(_ instance: InstanceSpec) throws(DockerError) -> ContainerSummary? {
        try client.listContainers(labels: ["\(ContainerIdentity.instanceLabel)=\(instance.id)", "\(ContainerIdentity.hostLabel)=\(host)",
                                           "\(Self.versionLabel)=\(instance.version)"]).first
    }

    private func identity(_ instance: InstanceSpec) -> ContainerIdentity {
        ContainerIdentity(environment: instance.environment, host: host, stack: instance.stack, service: instance.service,
                          sidekick: instance.sidekick, index: instance.unitIndex, deploymentUnit: instance.deploymentUnit,
                          instance: instance.id)
    }

    private func name(of instance: InstanceSpec) -> String {
        identity(instance).containerName
    }

    private func report(_ instance: InstanceSpec, dockerId: String?, state: InstanceReport.State) -> InstanceReport {
        InstanceReport(instanceId: instance.id, dockerId: dockerId, name: name(of: instance), version: instance.version, state: state,
                       stack: instance.stack, service: instance.service, launchConfig: instance.sidekick ?? instance.service,
                       unitIndex: instance.unitIndex, deploymentUnit: instance.deploymentUnit,
                       startOnce: instance.config?.labels["io.rancher.container.start_once"]?.lowercased() == "true")
    }
}
