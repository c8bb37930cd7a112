import Foundation

/// The `drover` executable: finds the command named on the command line, parses its options and runs it.
@main
enum Drover {
    static var commands: [String: any Command.Type] { [
        "validate": ValidateCommand.self,
        "plan": PlanCommand.self,
        "catalog ls": CatalogList.self,
        "catalog show": CatalogShow.self,
        "catalog render": CatalogRender.self,
        "catalog check": CatalogCheck.self,
        "catalog install": CatalogInstall.self,
        "catalog upgrade": CatalogUpgrade.self,
        "catalog save": CatalogSave.self,
        "server": ServerCommand.self,
        "agent": AgentCommand.self,
        "up": UpCommand.self,
        "stacks": StacksCommand.self,
        "ps": PsCommand.self,
        "hosts": HostsCommand.self,
        "rm": RemoveCommand.self,
        "rollback": RollbackCommand.self,
        "wait": WaitCommand.self,
        "export": ExportCommand.self,
        "scale": ScaleCommand.self,
        "start": StartCommand.self,
        "stop": StopCommand.self,
        "restart": RestartCommand.self,
        "logs": LogsCommand.self,
        "inspect": Inspect.self,
        "events": EventsCommand.self,
        "env ls": EnvList.self,
        "env create": EnvCreate.self,
        "keys create": KeysCreate.self,
        "config": ConfigCommand.self,
    ] }

    static let root = CommandSpec(
        name: "drover", abstract: "Drover: stacks and catalog templates in the style of Rancher 1.x.",
        subcommands: [ServerCommand.spec, AgentCommand.spec, UpCommand.spec, StacksCommand.spec, PsCommand.spec, HostsCommand.spec,
                      RemoveCommand.spec, RollbackCommand.spec, WaitCommand.spec, ScaleCommand.spec, StartCommand.spec, StopCommand.spec, RestartCommand.spec, LogsCommand.spec, Inspect.spec,
                      EventsCommand.spec, ExportCommand.spec, EnvCommand.spec, KeysCommand.spec, ConfigCommand.spec, ValidateCommand.spec,
                      PlanCommand.spec, CatalogCommand.spec])

    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        exit(run(arguments, Output()))
    }

    /// Dispatches `arguments` and returns the exit code.
    static func run(_ arguments: [String], _ output: Output) -> Int32 {
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
