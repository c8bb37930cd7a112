import CMalloc
import DroverBasics
import DroverCatalog
import DroverHTTP
import DroverModel
import DroverOrchestrator
import DroverStore
import Foundation

/// A running Drover server: the SQLite store under the data directory, the `Default` environment with a
/// registration token, the first admin key (written once to `<data-dir>/admin-key`, mode 0600), the catalogs, the
/// controller, the API on an HTTP listener, and the background loop (heartbeats of in-process agents, disconnected
/// hosts, a reconcile pass of every environment every `reconcileInterval` seconds).
package final class ServerRuntime: Sendable {
    /// How to run the server.
    package struct Options: Sendable {
        package var host = "127.0.0.1"
        package var port = 8080
        package var dataDirectory = "./drover-data"
        /// Catalog name → directory.
        package var catalogs: [(name: String, path: String)] = []
        package var reconcileInterval = 2.0
        /// Seconds without a heartbeat after which a host is disconnected.
        package var heartbeatTimeout = 15.0
        package var upgradeWaitTimeout = 120.0
        /// What load balancers naming Rancher's balancer images run: a public haproxy image by default (it reads
        /// `/usr/local/etc/haproxy/haproxy.cfg` and runs master-worker, as Drover's load balancers need).
        package var loadBalancerImage = ServerRuntime.defaultLoadBalancerImage

        package init() {}
    }

    package let options: Options
    package let store: StackStore
    package let controller: Controller
    package let api: APIServer
    package let http: HTTPServer
    /// The admin key file, when this start created it.
    package let createdAdminKeyFile: String?
    package static let defaultEnvironment = "default"
    package static let defaultLoadBalancerImage = "haproxy:2.6"
    /// Hosts of the in-process agents, heartbeaten by the loop.
    private let localHosts = Locked<[String]>([])
    private let stopping = Cancellation()
    private let loopDone = DispatchSemaphore(value: 0)

    package init(options: Options) throws {
        self.options = options
        ServerRuntime.limitHeapGrowth()
        try FileManager.default.createDirectory(atPath: options.dataDirectory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        store = try StackStore(path: (options.dataDirectory as NSString).appendingPathComponent("drover.sqlite"))
        if try store.environment(Self.defaultEnvironment) == nil {
            try store.createEnvironment(id: Self.defaultEnvironment, name: "Default", actor: "drover")
        }
        if try store.registrationTokens(environmentId: Self.defaultEnvironment).isEmpty {
            try store.addRegistrationToken(SecretHash.token(32), environmentId: Self.defaultEnvironment)
        }
        let catalogs = try options.catalogs.map { try CatalogRepository(name: $0.name, path: $0.path) }
        controller = Controller(store: store, agents: AgentRegistry(), upgradeWaitTimeout: options.upgradeWaitTimeout,
                                unknownHostsGrace: options.heartbeatTimeout, loadBalancerImage: options.loadBalancerImage,
                                afterPass: ServerRuntime.releaseFreedMemory)
        api = APIServer(controller: controller, catalogs: catalogs)
        let keyFile = (options.dataDirectory as NSString).appendingPathComponent("admin-key")
        createdAdminKeyFile = try api.authenticator.ensureAdminKey(file: keyFile) ? keyFile : nil
        let api = self.api
        http = HTTPServer { request in api.handle(request) }
    }

    /// The path of the admin key file.
    package var adminKeyFile: String { (options.dataDirectory as NSString).appendingPathComponent("admin-key") }

    /// The registration token of the default environment.
    package func registrationToken() throws -> String {
        try store.registrationTokens(environmentId: Self.defaultEnvironment).first!.token
    }

    /// Registers an in-process agent's host in the default environment (same name → same id, so it re-adopts its
    /// containers) and makes `makeAgent(hostId)` its agent.
    @discardableResult
    package func attachLocalAgent(_ registration: HostRegistration, makeAgent: (String) -> any HostAgent) throws -> StoredHost {
        let host = try store.registerHost(environmentId: Self.defaultEnvironment, registration, newId: "1h" + SecretHash.token(10).lowercased(),
                                          actor: "drover")
        controller.agents.register(makeAgent(host.id))
        localHosts.withLock { $0.append(host.id) }
        controller.reconcile.schedule(Self.defaultEnvironment)
        return host
    }

    /// A container of the in-process agent's host stopped running: a pass over its environment now.
    package func containersChanged(hostId: String) {
        guard let host = try? store.host(hostId) else { return }
        controller.reconcile.schedule(host.environmentId)
    }

    /// Starts listening and the background loop, and resumes what a previous process left half-done.
    package func start() throws {
        try http.start(host: options.host, port: options.port)
        try controller.resume()
        Thread.detachNewThread { [self] in loop() }
    }

    /// The bound port.
    package var port: Int { http.port }

    /// Stops accepting, lets requests in flight finish, ends the loop.
    package func stop() {
        stopping.cancel()
        http.stop()
        loopDone.wait()
    }

    private var isRunning: Bool { !stopping.isCancelled }

    private func loop() {
        defer { loopDone.signal() }
        while isRunning {
            for host in localHosts.current { try? store.heartbeat(hostId: host) }
            _ = try? store.disconnectHosts(silentSince: Date().timeIntervalSince1970 - options.heartbeatTimeout)
            for environment in (try? store.environments()) ?? [] { controller.reconcile.schedule(environment.id) }
            let deadline = Date().addingTimeInterval(options.reconcileInterval)
            while isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        }
    }

    /// glibc gives every new thread its own malloc arena and keeps freed memory in them; a server with a thread per
    /// connection and per background job would grow by arenas. Two arenas keep the heap compact. Blocks of 128 KiB
    /// and more (request bodies such as an agent's report of every container, answers, JSON buffers) are always
    /// mapped on their own and handed back when freed: left to itself glibc raises that threshold after the first
    /// such block is freed and carves later ones out of the arenas, where they leave holes.
    static func limitHeapGrowth() {
        _ = mallopt(M_ARENA_MAX, 2)
        _ = mallopt(M_MMAP_THRESHOLD, 128 * 1024)
    }

    /// Hands memory freed since the last pass back to the system (a pass plans everything afresh); called after
    /// every reconcile pass.
    static func releaseFreedMemory() {
        _ = malloc_trim(0)
    }
}
