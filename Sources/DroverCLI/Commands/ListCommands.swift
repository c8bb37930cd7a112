import DroverModel
import Foundation

/// `drover stacks`, `drover ps` and `drover hosts`: tables for people, `--format json` for scripts.
enum StacksCommand: Command {
    static let spec = CommandSpec(name: "stacks", abstract: "List the stacks of the environment.", options: APIClient.options + [.format])

    static func run(_ arguments: ParsedArguments, _ output: Output) throws -> Int32 {
        let client = try APIClient(arguments)
        let stacks = try client.list(StackResource.self, client.environmentPath("/stacks"))
        return try Listing.print(stacks, arguments, output, header: ["NAME", "STATE", "REVISION", "SERVICES", "CATALOG", "MESSAGE"]) { stack in
            [stack.name, stack.state.rawValue, "\(stack.revision)", "\(stack.serviceIds.count)", stack.externalId ?? "", stack.transitioningMessage ?? ""]
        }
    }
}

/// `drover ps`: services (as rancher ps), or containers with `-c`.
enum PsCommand: Command {
    static let spec = CommandSpec(name: "ps", abstract: "List services with their scale and state, or containers with -c.",
                                  options: APIClient.options + [.flag("-c", "--containers", help: "List containers instead of services."),
                                                                .value("-s", "--stack", valueName: "NAME", help: "Only this stack."), .format])

    static func run(_ arguments: ParsedArguments, _ output: Output) throws -> Int32 {
        let client = try APIClient(arguments)
        if let stack = arguments.value("--stack") {
            _ = try client.get(StackResource.self, client.environmentPath("/stacks/\(APIClient.escape(stack))"))
        }
        let stackFilter = arguments.value("--stack").map { "?stackId=\(APIClient.escape($0))" } ?? ""
        if arguments.flag("--containers") {
            let containers = try client.list(ContainerResource.self, client.environmentPath("/containers\(stackFilter)"))
            return try Listing.print(containers, arguments, output,
                                     header: ["NAME", "STATE", "HEALTH", "HOST", "IP", "SERVICE", "VERSION", "DOCKER ID"]) { container in
                [container.name, container.state.rawValue, container.healthState?.rawValue ?? "", container.hostName ?? "",
                 container.primaryIpAddress ?? "", container.serviceId, "v\(container.version)", String((container.externalId ?? "").prefix(12))]
            }
        }
        let services = try client.list(ServiceResource.self, client.environmentPath("/services\(stackFilter)"))
        return try Listing.print(services, arguments, output, header: ["ID", "KIND", "STATE", "HEALTH", "SCALE", "IMAGE", "MESSAGE"]) { service in
            let scale = service.global ? "global" : "\(service.currentScale)/\(service.scale ?? 0)"
            return [service.id, service.kind.rawValue, service.state.rawValue, service.healthState?.rawValue ?? "", scale,
                    service.launchConfig.image ?? "", service.transitioningMessage ?? ""]
        }
    }
}

/// `drover hosts`.
enum HostsCommand: Command {
    static let spec = CommandSpec(name: "hosts", abstract: "List the hosts of the environment.", options: APIClient.options + [.format])

    static func run(_ arguments: ParsedArguments, _ output: Output) throws -> Int32 {
        let client = try APIClient(arguments)
        let hosts = try client.list(HostResource.self, client.environmentPath("/hosts"))
        return try Listing.print(hosts, arguments, output, header: ["ID", "NAME", "STATE", "ADDRESS", "DOCKER", "LABELS"]) { host in
            let labels = host.labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
            return [host.id, host.name, host.state.rawValue, host.agentIpAddress ?? "", host.dockerVersion ?? "", labels]
        }
    }
}

/// Prints resources as a table or as JSON.
enum Listing {
    static func print<Item: Encodable>(_ items: [Item], _ arguments: ParsedArguments, _ output: Output, header: [String],
                                       row: (Item) -> [String]) throws -> Int32 {
        if arguments.value("--format") == "json" {
            try output.json(items)
        } else {
            output.out(Table.render(header: header, rows: items.map(row)))
        }
        return ExitCode.success
    }
}
