import DroverAgent
import DroverDocker
import DroverModel
import Foundation

/// `drover agent`: joins this host to an environment and runs its containers.
enum AgentCommand: Command {
    static let spec = CommandSpec(
        name: "agent", abstract: "Run an agent: register this host with a server and carry out its instructions on the local Docker engine.",
        options: [
            .value("--url", valueName: "URL", help: "The Drover server."),
            .value("--token", valueName: "TOKEN", help: "An environment's registration token."),
            .value("--labels", valueName: "K=V,…", help: "Host labels (scheduling affinity)."),
            .value("--docker", valueName: "URL", help: "Docker engine (default $DOCKER_HOST or unix:///var/run/docker.sock)."),
            .value("--name", valueName: "NAME", help: "Host name (default: this machine's hostname)."),
            .value("--address", valueName: "IP", help: "The host's address, shown and used for published ports."),
            .value("--state-file", valueName: "FILE", help: "Where the host credential is kept (default ./drover-agent-<name>.json)."),
        ],
        discussion: "The agent re-adopts its containers after a restart and never touches containers of other hosts.")

    static func run(_ arguments: ParsedArguments, _ output: Output) throws -> Int32 {
        SignalWaiter.block()
        guard let url = arguments.value("--url") else { throw UsageError(message: "--url is required", command: spec) }
        guard let token = arguments.value("--token") else { throw UsageError(message: "--token is required", command: spec) }
        let name = arguments.value("--name") ?? ProcessInfo.processInfo.hostName
        let docker = try DockerClient(host: arguments.value("--docker") ?? ProcessInfo.processInfo.environment["DOCKER_HOST"] ?? "unix:///var/run/docker.sock")
        let host = HostRegistration(name: name, address: arguments.value("--address"), labels: try labels(arguments.value("--labels"), command: spec))
        var options = RemoteAgentLoop.Options(url: url, token: token, host: host, stateFile: arguments.value("--state-file") ?? "./drover-agent-\(name).json")
        options.heartbeatInterval = 3
        let loop = try RemoteAgentLoop(options: options, docker: docker) { output.err($0) }
        Thread.detachNewThread {
            SignalWaiter.waitForTermination()
            loop.stop()
        }
        loop.run()
        return ExitCode.success
    }

    /// `k=v,k2=v2` → labels.
    static func labels(_ text: String?, command: CommandSpec) throws -> [String: String] {
        guard let text, !text.isEmpty else { return [:] }
        return try ArgumentParser.keyValues(text.split(separator: ",").map(String.init), option: "--labels", command: command)
    }
}
