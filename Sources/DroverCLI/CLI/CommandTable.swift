import Foundation

/// The `drover` command line: every command once, in the order `drover --help` lists them, with the groups
/// (`catalog`, `env`, `keys`) they belong to. Dispatch and help both come from this table.
package enum DroverCLI {
    /// One entry of the table: a command, or a group of subcommands.
    enum Entry {
        case command(any Command.Type)
        case group(name: String, abstract: String, [any Command.Type])
    }

    static var table: [Entry] { [
        .command(ServerCommand.self), .command(AgentCommand.self), .command(UpCommand.self), .command(StacksCommand.self),
        .command(PsCommand.self), .command(HostsCommand.self), .command(RemoveCommand.self), .command(RollbackCommand.self),
        .command(WaitCommand.self), .command(ScaleCommand.self), .command(StartCommand.self), .command(StopCommand.self),
        .command(RestartCommand.self), .command(LogsCommand.self), .command(Inspect.self), .command(EventsCommand.self),
        .command(ExportCommand.self),
        .group(name: "env", abstract: "List and create environments.", [EnvList.self, EnvCreate.self]),
        .group(name: "keys", abstract: "Manage API keys.", [KeysCreate.self]),
        .group(name: "certs", abstract: "Manage the certificates load balancers serve TLS with.", [CertsAdd.self, CertsList.self, CertsRemove.self]),
        .command(ConfigCommand.self), .command(ValidateCommand.self), .command(PlanCommand.self),
        .group(name: "catalog", abstract: "Browse catalog templates, render them, and install or upgrade them on a server.",
               [CatalogList.self, CatalogShow.self, CatalogRender.self, CatalogCheck.self, CatalogInstall.self, CatalogUpgrade.self,
                CatalogSave.self]),
    ] }

    /// Every runnable command by its full name (`catalog render`).
    static var commands: [String: any Command.Type] { Dictionary(uniqueKeysWithValues: table.flatMap { entry -> [any Command.Type] in
        switch entry {
        case let .command(command): return [command]
        case let .group(_, _, commands): return commands
        }
    }.map { ($0.spec.name, $0) }) }

    /// The spec tree `--help` renders.
    static var root: CommandSpec { CommandSpec(name: "drover", abstract: "Drover: stacks and catalog templates in the style of Rancher 1.x.",
                                  subcommands: table.map { entry in
                                      switch entry {
                                      case let .command(command): return command.spec
                                      case let .group(name, abstract, commands):
                                          return CommandSpec(name: name, abstract: abstract, subcommands: commands.map { $0.spec })
                                      }
                                  }) }

    /// Dispatches `arguments` (without the program name) and returns the exit code; everything the command prints
    /// goes to `output`.
    package static func run(_ arguments: [String], _ output: Output) -> Int32 {
        var rest = arguments
        var spec = root
        var name = ""
        while let next = rest.first, let sub = spec.subcommands.first(where: { $0.name == (name.isEmpty ? next : "\(name) \(next)") }) {
            spec = sub
            name = sub.name
            rest.removeFirst()
        }
        if rest.contains("--help") || rest.contains("-h") || (name.isEmpty && rest.first == "help") {
            output.out(Help.text(spec))
            return ExitCode.success
        }
        guard let command = commands[name] else {
            let message = rest.first.map { "unknown command '\($0)'" } ?? "missing subcommand"
            output.err(UsageError(message: message, command: spec).description)
            return ExitCode.usage
        }
        do {
            let parsed = try ArgumentParser.parse(rest, for: command.spec)
            return try command.run(parsed, output)
        } catch let error as UsageError {
            output.err(error.description)
            return ExitCode.usage
        } catch let error as CommandFailure {
            output.err("error: \(error.message)")
            return error.exitCode
        } catch {
            output.err("error: \(error)")
            return ExitCode.failure
        }
    }
}
