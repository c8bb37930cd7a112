import DroverHTTP
import DroverModel
import Foundation

/// `drover env ls`.
enum EnvList: Command {
    static let spec = CommandSpec(name: "env ls", abstract: "List the environments the key sees.", options: APIClient.options + [.format])

    static func run(_ arguments: ParsedArguments, _ output: Output) throws -> Int32 {
        let client = try APIClient(arguments)
        return try Listing.print(try client.list(ProjectResource.self, "/v2-beta/projects"), arguments, output, header: ["ID", "NAME", "STATE"]) {
            [$0.id, $0.name, $0.state]
        }
    }
}

/// `drover env create NAME`: a new environment and the command its agents join with.
enum EnvCreate: Command {
    static let spec = CommandSpec(name: "env create", abstract: "Create an environment (admin keys only).", options: APIClient.options + [.format],
                                  arguments: [ArgumentSpec(name: "name", help: "Environment name.")])

    static func run(_ arguments: ParsedArguments, _ output: Output) throws -> Int32 {
        let client = try APIClient(arguments)
        let environment = try client.request("POST", "/v2-beta/projects", sending: ProjectCreateRequest(name: arguments.positionals[0]),
                                             as: ProjectResource.self)
        let tokens = try client.list(RegistrationTokenResource.self, "/v2-beta/projects/\(APIClient.escape(environment.id))/registrationtokens")
        if arguments.value("--format") == "json" {
            try output.json(["environment": try JSONValue(encoding: environment), "registrationToken": tokens.first.map { .string($0.token) } ?? .null])
        } else {
            output.out("environment \(environment.name) created with id \(environment.id)")
            if let token = tokens.first { output.out("agents join it with: \(token.command)") }
        }
        return ExitCode.success
    }
}

/// `drover keys create [--role R] [--name N]`: an API key of the environment.
enum KeysCreate: Command {
    static let spec = CommandSpec(name: "keys create", abstract: "Create an API key of the environment; the secret is printed once.",
                                  options: APIClient.options + [.value("--role", valueName: "ROLE", help: "owner, member (default) or readonly.",
                                                                       allowed: ["owner", "member", "readonly"]),
                                                                .value("--name", valueName: "NAME", help: "A name to recognise the key by."), .format])

    static func run(_ arguments: ParsedArguments, _ output: Output) throws -> Int32 {
        let client = try APIClient(arguments)
        let body = APIKeyCreateRequest(name: arguments.value("--name"), role: KeyRole(rawValue: arguments.value("--role") ?? "member"))
        let key = try client.request("POST", client.environmentPath("/apikeys"), sending: body, as: APIKeyResource.self)
        if arguments.value("--format") == "json" {
            try output.json(key)
        } else {
            output.out("DROVER_ACCESS_KEY=\(key.publicValue)\nDROVER_SECRET_KEY=\(key.secretValue ?? "")")
        }
        return ExitCode.success
    }
}

/// `drover config`: writes the settings the other commands read (`~/.drover/config.json`, mode 0600).
enum ConfigCommand: Command {
    static let spec = CommandSpec(name: "config", abstract: "Save the server URL, keys and environment for later commands.",
                                  options: APIClient.options + [.value("--key-file", valueName: "FILE",
                                                                       help: "Read DROVER_ACCESS_KEY/DROVER_SECRET_KEY from a file (e.g. the server's admin-key).")])

    static func run(_ arguments: ParsedArguments, _ output: Output) throws -> Int32 {
        var settings = APIClient.loadSettings()
        if let file = arguments.value("--key-file") {
            let values = try VariableFiles.load(file, environment: [:])
            settings.accessKey = values["DROVER_ACCESS_KEY"] ?? settings.accessKey
            settings.secretKey = values["DROVER_SECRET_KEY"] ?? settings.secretKey
        }
        if let url = arguments.value("--url") {
            guard url.hasPrefix("http://"), (try? HTTPEndpoint(url: url)) != nil else {
                throw UsageError(message: "--url \(url) is not a server address such as http://127.0.0.1:8080; nothing was saved", command: spec)
            }
            settings.url = url
        }
        settings.accessKey = arguments.value("--access-key") ?? settings.accessKey
        settings.secretKey = arguments.value("--secret-key") ?? settings.secretKey
        settings.environment = arguments.value("--env") ?? settings.environment
        let path = APIClient.settingsPath
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        guard FileManager.default.createFile(atPath: path, contents: try encoder.encode(settings), attributes: [.posixPermissions: 0o600]) else {
            throw CommandFailure(message: "\(path): cannot write")
        }
        output.out("saved \(path)")
        return ExitCode.success
    }
}
