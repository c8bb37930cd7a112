import DroverModel
import Foundation

/// `drover rm STACK…|STACK/SERVICE…`: removes stacks, or single services, with their containers.
enum RemoveCommand: Command {
    static let spec = CommandSpec(name: "rm", abstract: "Remove stacks with their services and containers, or single services (STACK/SERVICE).",
                                  options: APIClient.options + [.flag("-d", help: "Do not wait for the containers to be gone."),
                                                                .flag("-v", "--volumes", help: "Also remove the stacks' named volumes (as docker-compose down -v)."),
                                                                .waitTimeout],
                                  arguments: [ArgumentSpec(name: "stack|stack/service", help: "Stack or service (several may be given).", variadic: true)])

    static func run(_ arguments: ParsedArguments, _ output: Output) throws -> Int32 {
        let client = try APIClient(arguments)
        var code = ExitCode.success
        for stack in arguments.positionals {
            if stack.contains("/") || stack.contains(".") {
                do {
                    let service = try Inspect.serviceId(stack, command: spec)
                    try client.request("DELETE", client.environmentPath("/services/\(APIClient.escape(service))"))
                    output.out("removed \(stack) (its containers go with the next reconcile pass)")
                } catch let failure as CommandFailure {
                    output.err("error: \(failure.message)")
                    code = failure.exitCode
                }
                continue
            }
            let removal: StackResource
            do {
                let path = "/stacks/\(APIClient.escape(stack))" + (arguments.flag("--volumes") ? "?removeVolumes=true" : "")
                removal = try client.delete(StackResource.self, client.environmentPath(path))
            } catch let failure as CommandFailure {
                // One stack that cannot be removed does not keep the others.
                output.err("error: \(failure.message)")
                code = failure.exitCode
                continue
            }
            if !arguments.flag("-d") {
                let waited = try StackWaiter(client: client, output: output, quiet: true)
                    .wait(stack: stack, targets: [], timeout: Double(arguments.number("--wait-timeout") ?? 600), after: Int.max)
                if waited != ExitCode.success {
                    code = waited
                    continue
                }
            }
            let volumes = (removal.volumes ?? []).joined(separator: ", ")
            if volumes.isEmpty {
                output.out("removed \(stack)")
            } else if removal.volumesRemoved == true {
                output.out("removed \(stack) with its volumes \(volumes)")
            } else {
                output.out("removed \(stack); its named volumes \(volumes) are kept on its hosts (`drover rm -v` removes them with the stack)")
            }
        }
        return code
    }
}

/// `drover rollback STACK [--to-revision N]`: undo the upgrade in progress, or go back to any stored revision.
enum RollbackCommand: Command {
    static let spec = CommandSpec(name: "rollback", abstract: "Roll a stack back: its current upgrade, or to a stored revision.",
                                  options: APIClient.options + [
                                      .number("--to-revision", valueName: "N", minimum: 1, help: "Go back to revision N (see `drover inspect STACK --revisions`)."),
                                      .flag("--dry-run", help: "Print what would change (per host) instead of changing it."),
                                      .flag("-d", help: "Do not wait."), .waitTimeout, .format,
                                  ],
                                  arguments: [ArgumentSpec(name: "stack", help: "Stack name.")])

    static func run(_ arguments: ParsedArguments, _ output: Output) throws -> Int32 {
        let client = try APIClient(arguments)
        let stack = arguments.positionals[0]
        let waiter = StackWaiter(client: client, output: output, quiet: arguments.value("--format") == "json")
        let start = try waiter.lastEventId()
        var body = StackRequest()
        body.revision = arguments.number("--to-revision")
        let path = client.environmentPath("/stacks/\(APIClient.escape(stack))?action=\(StackActionName.rollback.rawValue)")
        if arguments.flag("--dry-run") {
            body.dryRun = true
            return try PlanCommand.show(try client.request("POST", path, sending: body, as: PlanResource.self), arguments, output)
        }
        try client.request("POST", path, sending: body)
        return try StateCommand.finish(stack, waiter: waiter, start: start, arguments, output)
    }
}

/// `drover wait STACK`: waits until a stack settles.
enum WaitCommand: Command {
    static let spec = CommandSpec(name: "wait", abstract: "Wait until a stack is in a state (default active).",
                                  options: APIClient.options + [.value("--state", valueName: "STATE", help: "State to wait for (default active).", repeatable: true,
                                                                       allowed: ResourceState.allCases.map(\.rawValue)),
                                                                .waitTimeout, .format],
                                  arguments: [ArgumentSpec(name: "stack", help: "Stack name.")])

    static func run(_ arguments: ParsedArguments, _ output: Output) throws -> Int32 {
        let client = try APIClient(arguments)
        let waiter = StackWaiter(client: client, output: output, quiet: arguments.value("--format") == "json")
        let states = Set(arguments.all("--state").compactMap(ResourceState.init(rawValue:)))
        return try StateCommand.finish(arguments.positionals[0], waiter: waiter, start: try waiter.lastEventId(), arguments, output,
                                       targets: states.isEmpty ? [.active] : states)
    }
}

/// Shared ending of commands that change a stack: wait (unless -d), print the stack.
enum StateCommand {
    static func finish(_ stack: String, waiter: StackWaiter, start: Int, _ arguments: ParsedArguments, _ output: Output,
                       targets: Set<ResourceState> = [.active]) throws -> Int32 {
        var code = ExitCode.success
        if !arguments.flag("-d") {
            code = try waiter.wait(stack: stack, targets: targets, timeout: Double(arguments.number("--wait-timeout") ?? 600), after: start)
        }
        let resource = try waiter.client.get(StackResource.self, waiter.client.environmentPath("/stacks/\(APIClient.escape(stack))"))
        if arguments.value("--format") == "json" {
            try output.json(resource)
        } else {
            output.out("stack \(stack): \(resource.state.rawValue) at revision \(resource.revision)")
        }
        return code
    }
}

/// `drover export STACK [-o DIR]`: the compose files that recreate the stack.
enum ExportCommand: Command {
    static let spec = CommandSpec(name: "export", abstract: "Write the docker-compose.yml and rancher-compose.yml that recreate a stack.",
                                  options: APIClient.options + [.value("-o", "--output", valueName: "DIR", help: "Directory to write to (default: print).")],
                                  arguments: [ArgumentSpec(name: "stack", help: "Stack name.")])

    static func run(_ arguments: ParsedArguments, _ output: Output) throws -> Int32 {
        let client = try APIClient(arguments)
        let path = client.environmentPath("/stacks/\(APIClient.escape(arguments.positionals[0]))?action=\(StackActionName.exportconfig.rawValue)")
        let config = try client.request("POST", path, sending: StackRequest(), as: ComposeConfigResource.self)
        let compose = config.dockerComposeConfig
        let rancher = config.rancherComposeConfig
        let answers = config.environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\n")
        guard let directory = arguments.value("--output") else {
            output.out("# docker-compose.yml\n\(compose)\n# rancher-compose.yml\n\(rancher)")
            if !answers.isEmpty { output.out("# answers.env\n\(answers)") }
            return ExitCode.success
        }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try compose.write(toFile: directory + "/docker-compose.yml", atomically: true, encoding: .utf8)
        if !rancher.isEmpty { try rancher.write(toFile: directory + "/rancher-compose.yml", atomically: true, encoding: .utf8) }
        if !answers.isEmpty { try (answers + "\n").write(toFile: directory + "/answers.env", atomically: true, encoding: .utf8) }
        output.out("wrote \(directory)/docker-compose.yml" + (rancher.isEmpty ? "" : ", rancher-compose.yml") + (answers.isEmpty ? "" : ", answers.env"))
        return ExitCode.success
    }
}
