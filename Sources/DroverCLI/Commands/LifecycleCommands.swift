import DroverModel
import Foundation

/// `drover start|stop|restart STACK|STACK/SERVICE…`: activate, deactivate or restart (rolling) services; a stack
/// name means every service of the stack.
enum LifecycleCommand {
    static func spec(_ name: String, _ abstract: String, rolling: Bool) -> CommandSpec {
        CommandSpec(name: name, abstract: abstract,
                    options: APIClient.options + (rolling ? [
                        .number("--batch-size", valueName: "N", minimum: 1, help: "Containers restarted at a time (default 1)."),
                        .number("--interval", valueName: "MS", minimum: 0, help: "Milliseconds between batches (default 0)."),
                    ] : []),
                    arguments: [ArgumentSpec(name: "stack|stack/service", help: "Stacks or services (several may be given).", variadic: true)])
    }

    /// Applies `action` to every named service and waits until none is in `transitional`.
    static func run(_ action: ServiceActionName, transitional: ResourceState, _ arguments: ParsedArguments, _ output: Output, command: CommandSpec) throws -> Int32 {
        let client = try APIClient(arguments)
        let body = ServiceActionRequest(batchSize: arguments.number("--batch-size"), intervalMillis: arguments.number("--interval"))
        var services: [String] = []
        for name in arguments.positionals {
            if name.contains("/") || name.contains(".") {
                services.append(try Inspect.serviceId(name, command: command))
            } else {
                services += try client.list(ServiceResource.self, client.environmentPath("/services?stackId=\(APIClient.escape(name))")).map(\.id)
            }
        }
        for service in services {
            try client.request("POST", client.environmentPath("/services/\(APIClient.escape(service))?action=\(action.rawValue)"), sending: body)
        }
        let deadline = Date().addingTimeInterval(600)
        for service in services {
            while true {
                let resource = try client.get(ServiceResource.self, client.environmentPath("/services/\(APIClient.escape(service))"))
                if resource.state != transitional {
                    output.out("\(service): \(resource.state.rawValue)" + (resource.transitioningMessage.map { " (\($0))" } ?? ""))
                    if resource.state == .error { return ExitCode.failedState }
                    break
                }
                if Date() > deadline { return ExitCode.timeout }
                Thread.sleep(forTimeInterval: 0.2)
            }
        }
        return ExitCode.success
    }
}

/// `drover start`.
enum StartCommand: Command {
    static let spec = LifecycleCommand.spec("start", "Start (activate) stopped services.", rolling: false)
    static func run(_ arguments: ParsedArguments, _ output: Output) throws -> Int32 {
        try LifecycleCommand.run(.activate, transitional: .activating, arguments, output, command: spec)
    }
}

/// `drover stop`.
enum StopCommand: Command {
    static let spec = LifecycleCommand.spec("stop", "Stop (deactivate) services: containers stopped and kept.", rolling: false)
    static func run(_ arguments: ParsedArguments, _ output: Output) throws -> Int32 {
        try LifecycleCommand.run(.deactivate, transitional: .deactivating, arguments, output, command: spec)
    }
}

/// `drover restart`.
enum RestartCommand: Command {
    static let spec = LifecycleCommand.spec("restart", "Restart services in batches (rolling restart).", rolling: true)
    static func run(_ arguments: ParsedArguments, _ output: Output) throws -> Int32 {
        try LifecycleCommand.run(.restart, transitional: .restarting, arguments, output, command: spec)
    }
}
