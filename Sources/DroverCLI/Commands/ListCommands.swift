import DroverModel
import Foundation

/// `drover stacks`, `drover ps` and `drover hosts`: tables for people, `--format json` for scripts.
enum StacksCommand: Command {
    static let spec = CommandSpec(name: "stacks", abstract: "List the stacks of the environment.", options: APIClient.options + [.format])

    static func run(_ arguments: ParsedArguments, _ output: Output) throws -> Int32 {
        let client = try APIClient(arguments)
        let stacks = try client.list(client.environmentPath("/stacks"))
        return try Listing.print(stacks, arguments, output, header: ["NAME", "STATE", "REVISION", "SERVICES", "CATALOG", "MESSAGE"]) { stack in
            [stack["name"]?.string ?? "", stack["state"]?.string ?? "", "\(stack["revision"]?.int ?? 0)", "\(stack["serviceIds"]?.array?.count ?? 0)",
             stack["externalId"]?.string ?? "", stack["transitioningMessage"]?.string ?? ""]
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
        let stackFilter = arguments.value("--stack").map { "?stackId=\(APIClient.escape($0))" } ?? ""
        if arguments.flag("--containers") {
            let containers = try client.list(client.environmentPath("/containers\(stackFilter)"))
            return try Listing.print(containers, arguments, output, header: ["NAME", "STATE", "HOST", "SERVICE", "VERSION", "DOCKER ID"]) { container in
                [container["name"]?.string ?? "", container["state"]?.string ?? "", container["hostName"]?.string ?? "",
                 container["serviceId"]?.string ?? "", "v\(container["version"]?.int ?? 0)", String((container["externalId"]?.string ?? "").prefix(12))]
            }
        }
        let services = try client.list(client.environmentPath("/services\(stackFilter)"))
        return try Listing.print(services, arguments, output, header: ["ID", "KIND", "STATE", "SCALE", "IMAGE", "MESSAGE"]) { service in
            let scale = service["global"]?.bool == true ? "global" : "\(service["currentScale"]?.int ?? 0)/\(service["scale"]?.int ?? 0)"
            return [service["id"]?.string ?? "", service["kind"]?.string ?? "", service["state"]?.string ?? "", scale,
                    service["launchConfig"]?["image"]?.string ?? "", service["transitioningMessage"]?.string ?? ""]
        }
    }
}

/// `drover hosts`.
enum HostsCommand: Command {
    static let spec = CommandSpec(name: "hosts", abstract: "List the hosts of the environment.", options: APIClient.options + [.format])

    static func run(_ arguments: ParsedArguments, _ output: Output) throws -> Int32 {
        let client = try APIClient(arguments)
        let hosts = try client.list(client.environmentPath("/hosts"))
        return try Listing.print(hosts, arguments, output, header: ["ID", "NAME", "STATE", "ADDRESS", "DOCKER", "LABELS"]) { host in
            let labels = (host["labels"]?.object ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.string ?? "")" }.joined(separator: ",")
            return [host["id"]?.string ?? "", host["name"]?.string ?? "", host["state"]?.string ?? "", host["agentIpAddress"]?.string ?? "",
                    host["dockerVersion"]?.string ?? "", labels]
        }
    }
}

/// Prints resources as a table or as JSON.
enum Listing {
    static func print(_ items: [JSONValue], _ arguments: ParsedArguments, _ output: Output, header: [String],
                      row: (JSONValue) -> [String]) throws -> Int32 {
        if arguments.value("--format") == "json" {
            try output.json(items)
        } else {
            output.out(Table.render(header: header, rows: items.map(row)))
        }
        return ExitCode.success
    }
}
