import DroverBasics
import DroverLoadBalancer
import DroverModel
import DroverStore

/// Keeps every load balancer's containers configured for the targets that run now. After containers start, their
/// balancers are given the new configuration; before containers stop or are removed, their balancers are given one
/// without them and the agent drains them (`BalancedAgent`), so no request is sent to a container on its way out.
/// Each balancer container is sent a configuration only when it differs from the one it was last given.
final class LoadBalancerUpdates: Sendable {
    let store: StackStore
    /// Balancer instance id → digest of the configuration it was last given.
    private let applied = Locked<[String: String]>([:])
    /// One update at a time: two interleaved would race to give a balancer their configurations.
    private let serial = Locked<Int>(0)
    /// Containers being stopped or removed right now: no configuration includes them until that is done, whatever
    /// else happens meanwhile (a stop may take a container's whole grace period).
    private let departing = Locked<Set<String>>([])

    init(store: StackStore) {
        self.store = store
    }

    /// Whether the environment has load balancers (when not, nothing here costs anything).
    func hasBalancers(_ environmentId: String) throws -> Bool {
        try store.services(environmentId: environmentId).contains { $0.kind == .loadBalancer }
    }

    /// Records what `agents` report as the environment's instances (`record`), then gives every running balancer
    /// container on a host in `active` the configuration rendered from them, without the departing containers.
    /// Returns the failures (a configuration that does not render, or that HAProxy refused) keyed by the balancer's
    /// instance, so the pass shows them on the balancer's service.
    func refresh(environmentId: String, agents: [String: any HostAgent], active: Set<String>,
                 record: () throws -> Void) throws -> [InstructionFailure] {
        try serial.withLock { _ in
            let leaving = departing.current
            try record()
            let services = try store.services(environmentId: environmentId).map(LoadBalancerInputs.Service.init)
            let balancers = services.filter(\.isBalancer)
            guard !balancers.isEmpty else { return [] }
            let instances = try store.instances(environmentId: environmentId)
            let containers = instances.map(LoadBalancerInputs.Container.init)
            let certificates = try self.certificates(LoadBalancerInputs.certificateNames(balancers), environmentId: environmentId)
            var failures: [InstructionFailure] = []
            var byHost: [String: [Instruction]] = [:]
            /// Balancer instance id → the digest of the configuration sent to it now.
            var sent: [String: String] = [:]
            let given = applied.current
            for balancer in balancers {
                let input = LoadBalancerInputs.input(for: balancer, services: services, containers: containers, certificates: certificates,
                                                     leaving: leaving)
                let running = instances.filter { $0.serviceId == balancer.id && $0.launchConfig == balancer.name && $0.state == .running }
                let files: LoadBalancerFiles
                do {
                    files = try HAProxyRenderer.files(input)
                } catch {
                    failures += running.map { InstructionFailure(key: "configure/\($0.id)", message: "lb_config: \(error)") }
                    continue
                }
                let digest = files.digest
                for container in running where given[container.id] != digest && active.contains(container.hostId) {
                    sent[container.id] = digest
                    byHost[container.hostId, default: []].append(Instruction(
                        kind: .configure, instance: spec(container, of: balancer, environmentId: environmentId), loadBalancer: files))
                }
            }
            for (host, instructions) in byHost.sorted(by: { $0.key < $1.key }) {
                guard let agent = agents[host] else { continue }
                for (instruction, result) in zip(instructions, agent.execute(instructions)) {
                    switch result {
                    case .success: applied.withLock { $0[instruction.instance.id] = sent[instruction.instance.id] }
                    case let .failure(failure): failures.append(failure)
                    }
                }
            }
            let present = Set(instances.map(\.id))
            applied.withLock { $0 = $0.filter { present.contains($0.key) } }
            return failures
        }
    }

    /// The environment's certificates among `names`, each as HAProxy reads it: the certificate, then its key.
    func certificates(_ names: Set<String>, environmentId: String) throws -> [String: String] {
        guard !names.isEmpty else { return [:] }
        var result: [String: String] = [:]
        for certificate in try store.certificates(environmentId: environmentId) where names.contains(certificate.name) {
            guard let key = try store.certificateKey(certificate.id) else { continue }
            let pem = certificate.certificate.hasSuffix("\n") ? certificate.certificate : certificate.certificate + "\n"
            result[certificate.name] = pem + key
        }
        return result
    }

    /// `instances` are about to be stopped or removed: configurations leave them out until `departed`.
    func depart(_ instances: Set<String>) {
        departing.withLock { $0.formUnion(instances) }
    }

    /// The stops or removals of `instances` are done.
    func departed(_ instances: Set<String>) {
        departing.withLock { $0.subtract(instances) }
    }

    /// What the balancer's agent needs to find its container.
    private func spec(_ container: StoredInstance, of balancer: LoadBalancerInputs.Service, environmentId: String) -> InstanceSpec {
        InstanceSpec(id: container.id, environment: environmentId, host: container.hostId, stack: balancer.stack,
                     service: balancer.name, unitIndex: container.unitIndex, deploymentUnit: container.deploymentUnit,
                     version: container.version, isLoadBalancer: true)
    }
}

/// A host's agent whose load balancers follow its containers: before it stops or removes containers, the
/// environment's balancers are given configurations without them (and drain them), and keep leaving them out until
/// the stops are done; after it creates or starts containers, configurations with them. Wraps the agents of
/// environments that have balancers.
struct BalancedAgent: HostAgent {
    let agent: any HostAgent
    let balancers: LoadBalancerUpdates
    /// Brings the balancers up to date.
    let update: @Sendable () -> Void

    var hostId: String { agent.hostId }

    func execute(_ instructions: [Instruction]) -> [Result<InstanceReport, InstructionFailure>] {
        let leaving = Set(instructions.filter { $0.kind == .stop || $0.kind == .remove }.map(\.instance.id))
        if !leaving.isEmpty {
            balancers.depart(leaving)
            update()
        }
        let results = agent.execute(instructions)
        balancers.departed(leaving)
        if !leaving.isEmpty || instructions.contains(where: { $0.kind == .create || $0.kind == .start }) { update() }
        return results
    }

    func report() throws -> [InstanceReport] {
        try agent.report()
    }
}
