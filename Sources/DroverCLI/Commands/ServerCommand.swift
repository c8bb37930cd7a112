import DroverAgent
import DroverDocker
import DroverModel
import DroverServer
import Foundation

/// `drover server`: the API, the store and the orchestrator; with `--local-agent`, also an agent for this
/// machine's Docker engine — one command, one machine, a working system.
enum ServerCommand: Command {
    static let spec = CommandSpec(
        name: "server", abstract: "Run the Drover server (REST API, store, orchestrator), optionally with a local agent.",
        options: [
            .value("--listen", valueName: "ADDR:PORT", help: "Address to listen on (default 127.0.0.1:8080)."),
            .value("--data-dir", valueName: "DIR", help: "Where the SQLite database and the admin key live (default ./drover-data)."),
            .flag("--local-agent", help: "Run an agent in-process against the local Docker engine."),
            .value("--docker", valueName: "URL", help: "Docker engine of the local agent (default $DOCKER_HOST or unix:///var/run/docker.sock)."),
            .value("--host-name", valueName: "NAME", help: "Host name of the local agent (default: this machine's hostname)."),
            .value("--labels", valueName: "K=V,…", help: "Host labels of the local agent."),
            CatalogCommand.catalogOption,
            .value("--reconcile-interval", valueName: "SECONDS", help: "Seconds between reconcile passes (default 2)."),
            .value("--heartbeat-timeout", valueName: "SECONDS", help: "Seconds without a heartbeat before a host is disconnected (default 15)."),
            .value("--lb-image", valueName: "IMAGE",
                   help: "Image load balancers naming rancher/lb-service-haproxy run (default \(ServerRuntime.defaultLoadBalancerImage))."),
        ],
        discussion: "The first start creates an admin key and writes it to <data-dir>/admin-key (mode 0600).\nSIGTERM or Ctrl-C stops the server gracefully.")

    static func run(_ arguments: ParsedArguments, _ output: Output) throws -> Int32 {
        SignalWaiter.block()
        var options = ServerRuntime.Options()
        if let listen = arguments.value("--listen") {
            let parts = listen.split(separator: ":").map(String.init)
            guard parts.count == 2, let port = Int(parts[1]) else {
                throw UsageError(message: "--listen \(listen) is not ADDR:PORT", command: spec)
            }
            options.host = parts[0]
            options.port = port
        }
        options.dataDirectory = arguments.value("--data-dir") ?? "./drover-data"
        options.catalogs = try CatalogCommand.repositories(arguments).map { ($0.name, $0.path) }
        options.reconcileInterval = try seconds(arguments, "--reconcile-interval") ?? options.reconcileInterval
        options.heartbeatTimeout = try seconds(arguments, "--heartbeat-timeout") ?? options.heartbeatTimeout
        options.loadBalancerImage = arguments.value("--lb-image") ?? options.loadBalancerImage
        let runtime = try ServerRuntime(options: options)
        if arguments.flag("--local-agent") {
            let docker = try DockerClient(host: arguments.value("--docker") ?? ProcessInfo.processInfo.environment["DOCKER_HOST"] ?? "unix:///var/run/docker.sock")
            let info = try docker.info()
            let labels = try AgentCommand.labels(arguments.value("--labels"), command: spec)
            let registration = HostRegistration(name: arguments.value("--host-name") ?? ProcessInfo.processInfo.hostName, address: options.host,
                                                labels: labels, dockerVersion: info.serverVersion, memory: info.memTotal, cpu: info.cpus * 1000)
            var agent: LocalAgent?
            let host = try runtime.attachLocalAgent(registration) {
                agent = LocalAgent(executor: Executor(client: docker, host: $0, loadBalancerDirectory: options.dataDirectory + "/loadbalancers"))
                return agent!
            }
            // A container that dies or turns unhealthy is dealt with at once, not at the next periodic pass.
            agent?.startMonitoring { [runtime] in runtime.containersChanged(hostId: host.id) }
            output.err("local agent: host \(host.name) (\(host.id)) on \(docker.endpoint)")
        }
        try runtime.start()
        let url = "http://\(options.host):\(runtime.port)"
        output.err("drover server listening on \(url) (data in \(options.dataDirectory))")
        if let file = runtime.createdAdminKeyFile {
            output.err("admin key written to \(file) (readable only by you); it is printed nowhere else")
        } else {
            output.err("admin key: \(runtime.adminKeyFile)")
        }
        output.err("agents register with: drover agent --url \(url) --token \(try runtime.registrationToken())")
        SignalWaiter.waitForTermination()
        output.err("stopping")
        runtime.stop()
        return ExitCode.success
    }
}

extension ServerCommand {
    /// A positive number of seconds given with `option`, or nil.
    static func seconds(_ arguments: ParsedArguments, _ option: String) throws -> Double? {
        guard let text = arguments.value(option) else { return nil }
        guard let seconds = Double(text), seconds > 0 else { throw UsageError(message: "\(option) \(text) is not a positive number", command: spec) }
        return seconds
    }
}

/// SIGINT and SIGTERM taken synchronously: `block()` first thing, before any thread starts (threads inherit the mask,
/// so none takes the signal with its default action), then `waitForTermination()` once running. A signal that
/// arrives in between stays pending instead of being lost (with a signal handler installed after startup, a SIGTERM
/// sent right after the first answered request was dropped and the server never stopped).
enum SignalWaiter {
    static func block() {
        var set = terminationSignals()
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    /// Blocks until SIGINT or SIGTERM (which must have been blocked with `block()`).
    static func waitForTermination() {
        var set = terminationSignals()
        var number: Int32 = 0
        while sigwait(&set, &number) != 0 {}
    }

    private static func terminationSignals() -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        return set
    }
}
