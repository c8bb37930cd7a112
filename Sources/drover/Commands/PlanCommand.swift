import DroverCompose
import DroverDocker
import DroverModel
import DroverOrchestrator
import Foundation

/// `drover plan --offline`: what deploying a compose project would do on a set of hosts, without doing it —
/// containers to create per host, why, and their `docker run` lines.
enum PlanCommand: Command {
    static let spec = CommandSpec(
        name: "plan",
        abstract: "Show what deploying a compose project would do: containers per host with their docker run lines.",
        options: [
            .flag("--offline", help: "Plan against the hosts given with --host instead of a server's (required until the server exists)."),
            .value("-f", "--file", valueName: "FILE", help: "The docker-compose file (default: docker-compose.yml)."),
            .value("--rancher-file", valueName: "FILE", help: "The rancher-compose file (default: rancher-compose.yml, if present)."),
            .value("-e", "--env-file", valueName: "FILE", help: "Variables for ${VAR}: KEY=VALUE lines, or a .yml/.json map."),
            .value("--set", valueName: "K=V", help: "Set a variable.", repeatable: true),
            .value("-s", "--stack", valueName: "NAME", help: "Stack name (default: the directory name)."),
            .value("--host", valueName: "NAME[:k=v,…]", help: "A host with its labels (default: one host named local).", repeatable: true),
            .format,
        ],
        discussion: "Exit status: 0 when everything can be placed, 1 when the files are invalid or a service is unschedulable.")

    /// One planned container, for JSON.
    struct Entry: Encodable {
        var action: String
        var container: String
        var version: Int
        var reason: String
        var dockerRun: String?
    }

    /// The JSON shape of a plan.
    struct PlanReport: Encodable {
        var stack: String
        var hosts: [String: [Entry]]
        var unschedulable: [String: String]
    }

    static func run(_ arguments: ParsedArguments, _ output: Output) throws -> Int32 {
        guard arguments.flag("--offline") else {
            throw CommandFailure(message: "plan needs a server, which does not exist yet: use --offline with --host", exitCode: ExitCode.usage)
        }
        let composePath = arguments.value("--file") ?? "docker-compose.yml"
        let directory = URL(fileURLWithPath: composePath).standardized.deletingLastPathComponent().path
        let stack = arguments.value("--stack") ?? URL(fileURLWithPath: directory).lastPathComponent
        let environment = ProcessInfo.processInfo.environment
        let sets = try ArgumentParser.keyValues(arguments.all("--set"), option: "--set", command: spec)
        let envFile = try arguments.value("--env-file").map { try VariableFiles.load($0, environment: environment) } ?? [:]
        let rancherPath = arguments.value("--rancher-file") ?? directory + "/rancher-compose.yml"
        let rancher = FileManager.default.fileExists(atPath: rancherPath) ? SourceFile(name: rancherPath, text: try Locations.read(rancherPath)) : nil
        let loader = StackLoader(variables: VariableSource(answers: sets, envFile: envFile, environment: environment), projectDirectory: directory)
        let compose = SourceFile(name: composePath, text: try Locations.read(composePath))
        let loaded: LoadedStack
        do {
            loaded = try loader.load(compose: compose, rancher: rancher)
        } catch {
            switch error {
            case let .invalid(diagnostics): return Report.diagnosticsFailure(diagnostics, json: arguments.value("--format") == "json", output)
            case .unreadable: throw CommandFailure(message: error.description)
            }
        }
        let hosts = try parseHosts(arguments.all("--host"))
        let desired = loaded.definition.services.map { DesiredService.initial(stack: stack, definition: $0) }
        var scheduler = Scheduler(hosts: hosts)
        let plan = Planner.plan(desired: desired, actual: [], scheduler: &scheduler)
        let volumes = [stack: loaded.definition.volumes]
        let instructions = InstructionBuilder.instructions(for: plan, desired: desired, environment: "default", volumes: volumes)
        var report = PlanReport(stack: stack, hosts: [:], unschedulable: plan.unschedulable)
        for host in plan.hosts {
            report.hosts[host] = zip(plan.actions[host] ?? [], instructions[host] ?? []).map { action, instruction in
                Entry(action: action.kind.rawValue, container: action.containerName, version: action.version, reason: action.reason,
                      dockerRun: DockerRunRenderer.render(instance: instruction.instance, projectDirectory: directory))
            }
        }
        if arguments.value("--format") == "json" {
            try output.json(report)
        } else {
            loaded.warnings.forEach { output.err($0.description) }
            for host in report.hosts.keys.sorted() {
                output.out("host \(host):")
                for entry in report.hosts[host]! {
                    output.out("  \(entry.action) \(entry.container) v\(entry.version)  (\(entry.reason))")
                    if let line = entry.dockerRun { output.out("    \(line)") }
                }
            }
            for (service, reason) in report.unschedulable.sorted(by: { $0.key < $1.key }) { output.err("unschedulable: \(service): \(reason)") }
        }
        return plan.unschedulable.isEmpty ? ExitCode.success : ExitCode.failure
    }

    /// `--host web1:zone=a,ssd=true` → a scheduling host; none given → one host `local`.
    static func parseHosts(_ values: [String]) throws -> [SchedulingHost] {
        guard !values.isEmpty else { return [SchedulingHost(id: "local", name: "local")] }
        return try values.map { value in
            let parts = value.split(separator: ":", maxSplits: 1).map(String.init)
            var labels: [String: String] = [:]
            for pair in (parts.count > 1 ? parts[1] : "").split(separator: ",") {
                let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
                guard kv.count == 2, !kv[0].isEmpty else { throw CommandFailure(message: "--host \(value): \"\(pair)\" is not k=v", exitCode: ExitCode.usage) }
                labels[kv[0]] = kv[1]
            }
            return SchedulingHost(id: parts[0], name: parts[0], labels: labels)
        }
    }
}
