import DroverCompose
import DroverDocker
import DroverModel
import DroverOrchestrator
import Foundation

/// `drover plan`: what deploying (or, for an existing stack, upgrading) a compose project would do, without doing
/// it — containers to create, stop or remove per host, why, and their `docker run` lines. Asks the server, or with
/// `--offline` plans against the hosts given with `--host`.
enum PlanCommand: Command {
    static let spec = CommandSpec(
        name: "plan",
        abstract: "Show what deploying a compose project would do: containers per host with their docker run lines.",
        options: APIClient.options + [
            .flag("--offline", help: "Plan against the hosts given with --host instead of asking the server."),
            .flag("--force-recreate", "--force-upgrade", help: "Plan an upgrade of every service, changed or not."),
            .flag("--prune", help: "Plan the removal of services no longer in the files."),
            ComposeProject.fileOption,
            ComposeProject.rancherFileOption,
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
        let environment = ProcessInfo.processInfo.environment
        let project = ComposeProject(arguments, environment: environment)
        let directory = project.directory.path
        let stack = arguments.value("--stack") ?? project.stackName
        let sets = try ArgumentParser.keyValues(arguments.all("--set"), option: "--set", command: spec)
        let envFile = try arguments.value("--env-file").map { try VariableFiles.load($0, environment: environment) } ?? [:]
        let files = try project.composeFiles()
        let rancher = try project.rancherFile()
        let loader = StackLoader(variables: VariableSource(answers: sets, envFile: envFile, environment: environment), projectDirectory: directory)
        guard let prepared = try Report.attempt({ () throws(ComposeError) in
            (try loader.load(compose: files, rancher: rancher), try ComposeProject.dockerCompose(files, loader))
        }, json: arguments.value("--format") == "json", output) else { return ExitCode.failure }
        let (loaded, compose) = prepared
        guard arguments.flag("--offline") else {
            let variables = ComposeProject.variables(files + (rancher.map { [$0] } ?? []), envFile: envFile, sets: sets, environment: environment)
            return try online(stack: stack, compose: compose, rancher: rancher?.text, variables: variables, arguments, output)
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

    /// Asks the server for the plan of creating the stack, or of upgrading it when it exists.
    static func online(stack: String, compose: String, rancher: String?, variables: [String: String], _ arguments: ParsedArguments,
                       _ output: Output) throws -> Int32 {
        let client = try APIClient(arguments)
        var body = StackRequest(dockerCompose: compose, rancherCompose: rancher, environment: variables,
                                forceUpgrade: arguments.flag("--force-upgrade"), prune: arguments.flag("--prune"))
        let path = client.environmentPath("/stacks/\(APIClient.escape(stack))")
        let plan: PlanResource
        if (try? client.request("GET", path)) != nil {
            plan = try client.request("POST", path + "?action=plan", sending: body, as: PlanResource.self)
        } else {
            body.name = stack
            plan = try client.request("POST", client.environmentPath("/stacks?action=plan"), sending: body, as: PlanResource.self)
        }
        return try show(plan, arguments, output)
    }

    /// Prints a server plan (text or JSON); exit 1 when something cannot be placed.
    static func show(_ plan: PlanResource, _ arguments: ParsedArguments, _ output: Output) throws -> Int32 {
        if arguments.value("--format") == "json" {
            try output.json(plan)
        } else {
            if let change = plan.change {
                for (key, names) in [("upgraded", change.upgraded), ("updated", change.updated), ("added", change.added), ("removed", change.removed)]
                where !names.isEmpty {
                    output.out("\(key): \(names.joined(separator: ", "))")
                }
            }
            if plan.hosts.isEmpty && plan.unschedulable.isEmpty { output.out("nothing to do") }
            for host in plan.hosts.keys.sorted() {
                output.out("host \(host):")
                for step in plan.hosts[host] ?? [] {
                    output.out("  \(step.action) \(step.container) v\(step.version)  (\(step.reason))")
                    if let line = step.dockerRun { output.out("    \(line)") }
                }
            }
            for (service, diff) in (plan.loadBalancers ?? [:]).sorted(by: { $0.key < $1.key }) {
                output.out("load balancer \(service): haproxy.cfg")
                for line in diff.split(separator: "\n") { output.out("  \(line)") }
            }
            for (service, reason) in plan.unschedulable.sorted(by: { $0.key < $1.key }) { output.err("unschedulable: \(service): \(reason)") }
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
