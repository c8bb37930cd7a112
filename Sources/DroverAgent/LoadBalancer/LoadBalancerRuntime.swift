import DroverDocker
import DroverHTTP
import DroverLoadBalancer
import DroverModel
import Foundation

/// Applies configurations to the load balancers of one host without dropping a request. A new configuration is
/// written beside the live one and checked by the balancer's own HAProxy (`haproxy -c`); a refused one is never
/// applied. When only backend membership changed, the servers are added, drained and deleted through HAProxy's
/// runtime API — no reload; anything else is a master-worker reload (`SIGUSR2`), whose new worker takes the
/// listening sockets over from the old one, which finishes the requests it has.
package final class LoadBalancerRuntime: Sendable {
    let client: DockerClient
    /// The host directory under which each balancer's files live.
    package let base: String
    /// How long a server taken out waits for its last connections before a reload removes it instead.
    let drainTimeout: Double

    package init(client: DockerClient, base: String, drainTimeout: Double = 10) {
        self.client = client
        self.base = base
        self.drainTimeout = drainTimeout
    }

    /// The directory of a balancer's container.
    func directory(host: String, instance: InstanceSpec, containerName: String) -> LoadBalancerDirectory {
        LoadBalancerDirectory(base: base, host: host, instance: instance, containerName: containerName)
    }

    /// Applies `files` to the running balancer container `container` whose files are in `directory`.
    func apply(_ files: LoadBalancerFiles, container: String, name: String, directory: LoadBalancerDirectory) throws(AgentError) {
        let live = directory.liveConfig
        let certificatesChanged: Bool
        do {
            certificatesChanged = try directory.writeCertificates(files.files)
            guard certificatesChanged || live != files.config else { return }
            try directory.writeNext(files.config)
        } catch {
            throw .loadBalancer(container: name, reason: "cannot write its configuration in \(directory.path): \(error)")
        }
        // Servers alone: HAProxy checks each `add server` itself, and the rest of the configuration is the live one.
        if !certificatesChanged, let live, let changes = RuntimeChanges.between(live, files.config),
           applyAtRuntime(changes, socket: directory.socketPath) {
            try promote(directory, name: name)
            return
        }
        try check(container: container, name: name)
        // A just-started HAProxy takes a signal only once it runs a worker (before, SIGUSR2 would end it).
        let before = try runningWorker(socket: directory.socketPath, name: name)
        try promote(directory, name: name)
        try reload(container: container, name: name, socket: directory.socketPath, previousWorker: before)
    }

    /// `haproxy -c` on the next configuration inside the balancer's container: its HAProxy, its files.
    private func check(container: String, name: String) throws(AgentError) {
        let next = LoadBalancerFiles.directory + "/" + LoadBalancerFiles.configName + ".next"
        let result: (exitCode: Int, output: [LogLine])
        do {
            result = try client.exec(container, command: ["haproxy", "-c", "-f", next])
        } catch {
            throw .docker(error)
        }
        guard result.exitCode == 0 else {
            let lines = result.output.map(\.text).filter { $0.contains("ALERT") || $0.contains("error") }
            let text = (lines.isEmpty ? result.output.map(\.text) : lines).joined(separator: "; ")
                .replacingOccurrences(of: ".next", with: "")
            throw .invalidConfiguration(container: name, haproxy: text.isEmpty ? "exit code \(result.exitCode)" : text)
        }
    }

    private func promote(_ directory: LoadBalancerDirectory, name: String) throws(AgentError) {
        do {
            try directory.promoteNext()
        } catch {
            throw .loadBalancer(container: name, reason: "cannot replace \(directory.configPath): \(error)")
        }
    }

    /// Adds new servers first (so a backend never empties during a replacement), then drains and deletes the old
    /// ones, then adds back those whose line changed. False when HAProxy's runtime API does not answer (still
    /// starting), answered anything unexpected (it refused a server), or a server did not drain in time: the caller
    /// checks the configuration and reloads instead.
    private func applyAtRuntime(_ changes: RuntimeChanges, socket: String) -> Bool {
        let endpoint = HTTPEndpoint.unix(path: socket)
        func send(_ command: String, expecting expected: String) -> Bool {
            guard let answer = try? LineExchange.send(command, to: endpoint) else { return false }
            return answer.trimmingCharacters(in: .whitespacesAndNewlines) == expected
        }
        func add(_ addition: RuntimeChanges.Addition) -> Bool {
            let server = "\(addition.backend)/\(addition.server)"
            guard send("add server \(server) \(addition.arguments)", expecting: "New server registered."),
                  send("enable server \(server)", expecting: "") else { return false }
            return !addition.checked || send("enable health \(server)", expecting: "")
        }
        let removed = Set(changes.removals.map { "\($0.backend)/\($0.server)" })
        let (replaced, fresh) = (changes.additions.filter { removed.contains("\($0.backend)/\($0.server)") },
                                 changes.additions.filter { !removed.contains("\($0.backend)/\($0.server)") })
        for addition in fresh where !add(addition) { return false }
        for removal in changes.removals {
            let server = "\(removal.backend)/\(removal.server)"
            guard send("disable server \(server)", expecting: "") else { return false }
            let deadline = Date().addingTimeInterval(drainTimeout)
            while !send("del server \(server)", expecting: "Server deleted.") {
                guard Date() < deadline else { return false }
                Thread.sleep(forTimeInterval: 0.02)
            }
        }
        for addition in replaced where !add(addition) { return false }
        return true
    }

    /// The pid of the worker answering the runtime API, if one does.
    private func workerPid(_ socket: String) -> String? {
        guard let info = try? LineExchange.send("show info", to: .unix(path: socket), timeout: 2) else { return nil }
        return info.split(separator: "\n").first { $0.hasPrefix("Pid: ") }.map { String($0.dropFirst(5)) }
    }

    /// The pid of the worker answering the runtime API, waiting for one while the balancer starts.
    private func runningWorker(socket: String, name: String) throws(AgentError) -> String {
        let deadline = Date().addingTimeInterval(15)
        while true {
            if let pid = workerPid(socket) { return pid }
            guard Date() < deadline else {
                throw .loadBalancer(container: name, reason: "HAProxy's runtime API at \(socket) did not answer within 15 s (see its log: drover logs)")
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
    }

    /// Signals the master to reload and waits until a new worker answers the runtime API.
    private func reload(container: String, name: String, socket: String, previousWorker: String) throws(AgentError) {
        do {
            try client.killContainer(container, signal: "USR2")
        } catch {
            throw .docker(error)
        }
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline {
            if let pid = workerPid(socket), pid != previousWorker { return }
            Thread.sleep(forTimeInterval: 0.02)
        }
        throw .loadBalancer(container: name, reason: "HAProxy did not start a worker with the new configuration within 15 s (see its log: drover logs)")
    }
}
