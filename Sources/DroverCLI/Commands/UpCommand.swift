import DroverCompose
import DroverModel
import Foundation

/// `drover up`: rancher `up` against a Drover server — create the stack, or upgrade, confirm (finish) or roll back
/// its upgrade, then wait until it settles with live progress.
enum UpCommand: Command {
    static let spec = CommandSpec(
        name: "up", abstract: "Create or upgrade a stack from docker-compose.yml and rancher-compose.yml (rancher up).",
        options: APIClient.options + [
            ComposeProject.fileOption,
            ComposeProject.rancherFileOption,
            .value("-s", "--stack", valueName: "NAME", help: "Stack name (default: the compose file's directory name)."),
            .value("-e", "--env-file", valueName: "FILE", help: "Variables/answers: a .yml/.yaml/.json map, or KEY=VALUE lines."),
            .flag("-d", help: "Do not wait: return once the server accepted the change."),
            .flag("-u", "--recreate", "--upgrade", help: "Upgrade the services whose definition changed."),
            .flag("--force-recreate", "--force-upgrade", help: "Upgrade every service, changed or not."),
            .flag("-c", "--confirm-upgrade", help: "Finish the upgrade: remove the old containers."),
            .flag("-r", "--rollback", help: "Roll the upgrade back: restart the old containers, remove the new ones."),
            .flag("-p", "--pull", help: "Accepted for compatibility: agents pull an image whenever it is missing."),
            .number("--batch-size", valueName: "N", minimum: 1, help: "Containers upgraded at a time (default: the service's upgrade_strategy, else 1)."),
            .number("--interval", valueName: "MS", minimum: 0, help: "Milliseconds between batches (default: the service's upgrade_strategy)."),
            .flag("--prune", help: "Remove services that are no longer in the files."),
            .flag("--auto-rollback", help: "With --upgrade: roll back by itself when a batch fails (does not run, or fails its health_check)."),
            .flag("--render", help: "Print the compose files (several merged into one) after interpolation and exit."),
            .value("--description", valueName: "TEXT", help: "Stack description."),
            .flag("--wait", help: "Wait until the stack settles (the default unless -d)."),
            .waitTimeout,
            .format,
        ],
        discussion: "Exit status: 0 done, 1 rejected (diagnostics printed), 2 the stack ended in error or canceled-upgrade, 3 timed out, 64 usage, 69 no server.")

    static func run(_ arguments: ParsedArguments, _ output: Output) throws -> Int32 {
        let process = ProcessInfo.processInfo.environment
        let project = ComposeProject(arguments, environment: process)
        let stack = arguments.value("--stack") ?? project.stackName
        let upgrade = arguments.flag("--upgrade") || arguments.flag("--force-upgrade")
        let json = arguments.value("--format") == "json"
        if arguments.flag("--rollback") || (arguments.flag("--confirm-upgrade") && !upgrade) {
            let client = try APIClient(arguments)
            let waiter = StackWaiter(client: client, output: output, quiet: json)
            let start = try waiter.lastEventId()
            let action: StackActionName = arguments.flag("--rollback") ? .rollback : .finishupgrade
            try client.request("POST", client.environmentPath("/stacks/\(APIClient.escape(stack))?action=\(action.rawValue)"), sending: StackRequest())
            return try StateCommand.finish(stack, waiter: waiter, start: start, arguments, output)
        }
        let files = try project.composeFiles()
        let rancher = try project.rancherFile()
        let envFile = try arguments.value("--env-file").map { try VariableFiles.load($0, environment: process) } ?? [:]
        let variables = ComposeProject.variables(files + (rancher.map { [$0] } ?? []), envFile: envFile, environment: process)
        let loader = StackLoader(variables: VariableSource(answers: variables), projectDirectory: project.directory.path)
        var compose = files[0].text
        var merged: YAMLNode?
        if files.count > 1 {
            guard let root = try Report.attempt({ () throws(ComposeError) in try loader.merge(compose: files) }, json: json, output) else {
                return ExitCode.failure
            }
            merged = root
            compose = YAMLRenderer.render(root)
        }
        if arguments.flag("--render") {
            var problems: [Interpolator.Problem] = []
            let interpolator = Interpolator(source: VariableSource(answers: variables))
            if let merged {
                output.out("# \(project.composePaths.joined(separator: " + "))\n" + YAMLRenderer.render(loader.interpolated(merged)))
            } else {
                output.out("# \(files[0].name)\n" + (interpolator.interpolate(compose, problems: &problems) ?? compose))
            }
            if let rancher { output.out("# \(rancher.name)\n" + (interpolator.interpolate(rancher.text, problems: &problems) ?? rancher.text)) }
            return ExitCode.success
        }
        // The files are checked here first, so their warnings are shown and an invalid file is refused before anything is
        // sent (the server checks them again).
        guard let loaded = try Report.attempt({ () throws(ComposeError) in try loader.load(compose: files, rancher: rancher) },
                                              json: json, output) else { return ExitCode.failure }
        if !json { loaded.warnings.forEach { output.err($0.description) } }
        let client = try APIClient(arguments)
        let waiter = StackWaiter(client: client, output: output, quiet: json)
        let start = try waiter.lastEventId()
        let path = client.environmentPath("/stacks/\(APIClient.escape(stack))")
        var body = StackRequest(description: arguments.value("--description"), dockerCompose: compose, rancherCompose: rancher?.text,
                                environment: variables)
        body.batchSize = arguments.number("--batch-size")
        body.intervalMillis = arguments.number("--interval")
        let exists = (try? client.request("GET", path)) != nil
        let target: Set<ResourceState>
        var answer: StackResource
        if !exists {
            body.name = stack
            answer = try client.request("POST", client.environmentPath("/stacks"), sending: body, as: StackResource.self)
            target = [.active]
        } else if upgrade {
            body.forceUpgrade = arguments.flag("--force-upgrade")
            body.prune = arguments.flag("--prune")
            body.finishUpgrade = arguments.flag("--confirm-upgrade")
            body.rollbackOnFailure = arguments.flag("--auto-rollback")
            answer = try client.request("POST", path + "?action=upgrade", sending: body, as: StackResource.self)
            let upgrading = !(answer.change?.upgraded.isEmpty ?? true)
            target = upgrading && !arguments.flag("--confirm-upgrade") ? [.upgraded] : [.active]
        } else {
            let plan = try client.request("POST", path + "?action=plan", sending: body, as: PlanResource.self)
            let pending = plan.change.map { $0.upgraded + $0.updated + $0.added + $0.removed } ?? []
            if pending.isEmpty {
                output.err("stack \(stack) is up to date")
            } else {
                output.err("stack \(stack) exists and its files changed (\(pending.joined(separator: ", "))): run with --upgrade to apply")
            }
            answer = try client.get(StackResource.self, path)
            target = []
        }
        var code = ExitCode.success
        if !target.isEmpty && !arguments.flag("-d") {
            let timeout = Double(arguments.number("--wait-timeout") ?? 600)
            code = try waiter.wait(stack: stack, targets: target, timeout: timeout, after: start)
            answer = try client.get(StackResource.self, path)
        }
        if json {
            try output.json(answer)
        } else {
            output.out("stack \(stack): \(answer.state.rawValue) at revision \(answer.revision)")
        }
        return code
    }

    /// Rancher's default stack name: the directory name, lower case, other characters as hyphens.
    static func stackName(_ directory: String) -> String {
        let mapped = String(directory.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" })
        return mapped.trimmingCharacters(in: CharacterSet(charactersIn: "-")).isEmpty ? "default" : mapped.trimmingCharacters(in: CharacterSet(charactersIn: "-"))
    }

    /// Names used as `$NAME` or `${NAME…}` in compose texts.
    static func referencedVariables(_ text: String) -> Set<String> {
        var names: Set<String> = []
        var index = text.startIndex
        while let dollar = text[index...].firstIndex(of: "$") {
            var cursor = text.index(after: dollar)
            if cursor < text.endIndex && text[cursor] == "$" { index = text.index(after: cursor); continue }
            if cursor < text.endIndex && text[cursor] == "{" { cursor = text.index(after: cursor) }
            let name = text[cursor...].prefix { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
            if let first = name.first, !first.isNumber { names.insert(String(name)) }
            index = cursor
        }
        return names
    }
}
