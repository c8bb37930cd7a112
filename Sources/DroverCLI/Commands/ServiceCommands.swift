import DroverDocker
import DroverModel
import Foundation

/// `drover scale STACK/SERVICE=N…` (also `STACK.SERVICE=N`).
enum ScaleCommand: Command {
    static let spec = CommandSpec(name: "scale", abstract: "Set the scale of services.",
                                  options: APIClient.options + [.flag("--dry-run", help: "Print what would change (per host) instead of changing it."), .format],
                                  arguments: [ArgumentSpec(name: "stack/service=n", help: "Service and its new scale (several may be given).", variadic: true)])

    static func run(_ arguments: ParsedArguments, _ output: Output) throws -> Int32 {
        let client = try APIClient(arguments)
        for item in arguments.positionals {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let scale = Int(parts[1]) else { throw UsageError(message: "'\(item)' is not STACK/SERVICE=N", command: spec) }
            let service = try Inspect.serviceId(parts[0], command: spec)
            if arguments.flag("--dry-run") {
                let plan = try client.request("PUT", client.environmentPath("/services/\(APIClient.escape(service))"),
                                              sending: ServiceUpdateRequest(scale: scale, dryRun: true), as: PlanResource.self)
                if try PlanCommand.show(plan, arguments, output) != ExitCode.success { return ExitCode.failure }
                continue
            }
            let answer = try client.request("PUT", client.environmentPath("/services/\(APIClient.escape(service))"), sending: ServiceUpdateRequest(scale: scale),
                                            as: ServiceResource.self)
            output.out("\(service): scale \(answer.scale ?? scale)")
        }
        return ExitCode.success
    }
}

/// `drover logs CONTAINER|STACK/SERVICE [--tail N] [-f]`.
enum LogsCommand: Command {
    static let spec = CommandSpec(name: "logs", abstract: "Print the output of a container, or of every container of a service.",
                                  options: APIClient.options + [.number("--tail", valueName: "N", minimum: 0, help: "Lines per container (default 100)."),
                                                                .flag("-f", "--follow", help: "Keep printing new lines (polls every second; Ctrl-C stops).")],
                                  arguments: [ArgumentSpec(name: "container|stack/service", help: "A container name, or a service.")])

    static func run(_ arguments: ParsedArguments, _ output: Output) throws -> Int32 {
        let client = try APIClient(arguments)
        let target = arguments.positionals[0]
        let tail = arguments.number("--tail") ?? 100
        var containers = [target]
        if target.contains("/") || target.contains(".") {
            let service = try Inspect.serviceId(target, command: spec)
            containers = try client.list(ContainerResource.self, client.environmentPath("/containers?serviceId=\(APIClient.escape(service))")).map(\.name)
        }
        // Each container's newest line printed so far: following asks for the lines from then on and prints those after
        // it (lines of the same nanosecond as the last one printed count as seen).
        var printed: [String: LogTimestamp] = [:]
        repeat {
            for container in containers {
                var path = "/containers/\(APIClient.escape(container))/logs?tail=\(tail)"
                if let since = printed[container] { path += "&since=\(since)" }
                let logs = try client.get(LogsResource.self, client.environmentPath(path))
                for (line, time) in zip(logs.lines, logs.times.map(LogTimestamp.init(since:)))
                where printed[container].map({ last in time.map { $0 > last } ?? true }) ?? true {
                    output.out(containers.count > 1 ? "\(container) | \(line)" : line)
                }
                if let last = logs.times.last.flatMap(LogTimestamp.init(since:)) { printed[container] = last }
            }
            if arguments.flag("--follow") { Thread.sleep(forTimeInterval: 1) }
        } while arguments.flag("--follow")
        return ExitCode.success
    }
}

/// `drover inspect STACK|STACK/SERVICE|CONTAINER`: the resource as JSON.
enum Inspect: Command {
    static let spec = CommandSpec(name: "inspect", abstract: "Print a stack, service or container as JSON.",
                                  options: APIClient.options + [.flag("--revisions", help: "For a stack: its revisions.")],
                                  arguments: [ArgumentSpec(name: "name", help: "STACK, STACK/SERVICE or a container name.")])

    static func run(_ arguments: ParsedArguments, _ output: Output) throws -> Int32 {
        let client = try APIClient(arguments)
        let name = arguments.positionals[0]
        let path: String
        if name.contains("/") || name.contains(".") {
            path = "/services/\(APIClient.escape(try serviceId(name, command: spec)))"
        } else if (try? client.request("GET", client.environmentPath("/stacks/\(APIClient.escape(name))"))) != nil {
            path = "/stacks/\(APIClient.escape(name))" + (arguments.flag("--revisions") ? "/revisions" : "")
        } else {
            path = "/containers/\(APIClient.escape(name))"
        }
        let resource: JSONValue
        do {
            resource = try client.request("GET", client.environmentPath(path))
        } catch let failure as CommandFailure where path.hasPrefix("/containers/") && failure.message.hasPrefix("no container") {
            throw CommandFailure(message: "no stack, service or container named \(name) in environment \(client.environment)")
        }
        try output.json(resource)
        return ExitCode.success
    }

    /// `stack/service` or `stack.service` → the API's service id `stack.service`.
    static func serviceId(_ text: String, command: CommandSpec) throws -> String {
        let parts = text.split(separator: "/", maxSplits: 1).map(String.init)
        if parts.count == 2 { return "\(parts[0]).\(parts[1])" }
        guard text.contains(".") else { throw UsageError(message: "'\(text)' is not STACK/SERVICE", command: command) }
        return text
    }
}

/// `drover events [-f]`: the environment's event log.
enum EventsCommand: Command {
    /// An event's time as the local `YYYY-MM-DD HH:MM:SS`.
    static func time(_ seconds: Double) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter.string(from: Date(timeIntervalSince1970: seconds))
    }

    static let spec = CommandSpec(name: "events", abstract: "Print the event log of the environment.",
                                  options: APIClient.options + [.flag("-f", "--follow", help: "Keep printing new events."),
                                                                .number("--tail", valueName: "N", minimum: 0, help: "Start with the last N events (default 50)."), .format])

    static func run(_ arguments: ParsedArguments, _ output: Output) throws -> Int32 {
        let client = try APIClient(arguments)
        let json = arguments.value("--format") == "json"
        var events = try client.get(CollectionResource<EventResource>.self,
                                    client.environmentPath("/events?tail=\(arguments.number("--tail") ?? 50)")).data
        var last = 0
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        repeat {
            for event in events {
                last = max(last, event.id)
                if json {
                    output.out(String(decoding: try encoder.encode(event), as: UTF8.self))
                } else {
                    output.out("\(event.id)  \(Self.time(event.created))  \(event.resourceType)  \(event.action)  \(event.message)")
                }
            }
            guard arguments.flag("--follow") else { break }
            events = try client.get(CollectionResource<EventResource>.self, client.environmentPath("/events?after=\(last)&wait=20")).data
        } while true
        return ExitCode.success
    }
}
