import DroverCompose
import DroverModel
import Foundation

/// `drover validate`: loads compose files as `rancher up` would and prints the normalized stack or the diagnostics.
enum ValidateCommand: Command {
    static let spec = CommandSpec(
        name: "validate",
        abstract: "Check docker-compose.yml + rancher-compose.yml and print the stack definition Drover would deploy.",
        options: [
            .value("-f", "--file", valueName: "FILE", help: "The docker-compose file (default: docker-compose.yml)."),
            .value("--rancher-file", valueName: "FILE", help: "The rancher-compose file (default: rancher-compose.yml, if present)."),
            .value("-e", "--env-file", valueName: "FILE", help: "Variables for ${VAR}: KEY=VALUE lines, or a .yml/.json map."),
            .value("--set", valueName: "K=V", help: "Set a variable (takes precedence over the env file).", repeatable: true),
            .format,
        ],
        discussion: "Exit status: 0 when the files are valid (warnings allowed), 1 when they hold errors, 64 for a wrong command line.")

    static func run(_ arguments: ParsedArguments, _ output: Output) throws -> Int32 {
        let composePath = arguments.value("--file") ?? "docker-compose.yml"
        let compose = SourceFile(name: composePath, text: try Locations.read(composePath))
        var rancher: SourceFile?
        if let path = arguments.value("--rancher-file") {
            rancher = SourceFile(name: path, text: try Locations.read(path))
        } else {
            let sibling = ((composePath as NSString).deletingLastPathComponent as NSString).appendingPathComponent("rancher-compose.yml")
            if FileManager.default.fileExists(atPath: sibling) {
                rancher = SourceFile(name: sibling, text: try Locations.read(sibling))
            }
        }
        let environment = ProcessInfo.processInfo.environment
        let sets = try ArgumentParser.keyValues(arguments.all("--set"), option: "--set", command: spec)
        let envFile = try arguments.value("--env-file").map { try VariableFiles.load($0, environment: environment) } ?? [:]
        let directory = (composePath as NSString).deletingLastPathComponent
        let loader = StackLoader(variables: VariableSource(answers: sets, envFile: envFile, environment: environment),
                                 projectDirectory: directory.isEmpty ? FileManager.default.currentDirectoryPath : directory)
        return try Report.stack({ () throws(ComposeError) in try loader.load(compose: compose, rancher: rancher) },
                                json: arguments.value("--format") == "json", output)
    }
}

/// Prints a load's outcome the same way for every command that builds a stack definition.
enum Report {
    /// Runs `load`, printing the definition (stdout) and warnings (stderr), or every diagnostic; returns the exit code.
    static func stack(_ load: () throws(ComposeError) -> LoadedStack, json: Bool, _ output: Output) throws -> Int32 {
        let loaded: LoadedStack
        do {
            loaded = try load()
        } catch {
            switch error {
            case let .invalid(diagnostics): return diagnosticsFailure(diagnostics, json: json, output)
            case .unreadable: throw CommandFailure(message: error.description)
            }
        }
        if json {
            try output.json(StackReport(valid: true, stack: loaded.definition, diagnostics: loaded.warnings))
        } else {
            loaded.warnings.forEach { output.err($0.description) }
            output.out(try YAMLPrinter.render(loaded.definition))
        }
        return ExitCode.success
    }

    /// Prints diagnostics (errors first) and returns the failure exit code.
    static func diagnosticsFailure(_ diagnostics: [Diagnostic], json: Bool, _ output: Output) -> Int32 {
        if json {
            try? output.json(StackReport(valid: false, stack: nil, diagnostics: diagnostics))
        } else {
            (diagnostics.errors + diagnostics.warnings).forEach { output.err($0.description) }
            output.err("\(diagnostics.errors.count) error(s), \(diagnostics.warnings.count) warning(s)")
        }
        return ExitCode.failure
    }
}

/// The JSON shape of `validate` and `catalog render --format json`.
struct StackReport: Encodable {
    var valid: Bool
    var stack: StackDefinition?
    var diagnostics: [Diagnostic]
}

/// Reads variables from an env file or answers file: `.yml`/`.yaml`/`.json` as a map, anything else as KEY=VALUE lines.
enum VariableFiles {
    static func load(_ path: String, environment: [String: String]) throws -> [String: String] {
        let text = try Locations.read(path)
        let lower = path.lowercased()
        guard lower.hasSuffix(".yml") || lower.hasSuffix(".yaml") || lower.hasSuffix(".json") else {
            do {
                return try EnvFile.parse(text, file: path, environment: environment)
            } catch {
                throw CommandFailure(message: error.description)
            }
        }
        var parser = YAMLParser(file: path)
        let root: YAMLNode
        do {
            root = try parser.parse(text)
        } catch {
            throw CommandFailure(message: error.diagnostic.description)
        }
        guard let entries = root.mapping else {
            throw CommandFailure(message: "\(path):\(root.line):\(root.column): expected a map of variable: value, found \(root.kindDescription)")
        }
        var result: [String: String] = [:]
        for entry in entries {
            guard let value = entry.value.plainValue ?? (entry.value.isNull ? "" : nil) else {
                throw CommandFailure(message: "\(path):\(entry.value.line):\(entry.value.column): \(entry.key): expected a single value, found \(entry.value.kindDescription)")
            }
            result[entry.key] = value
        }
        return result
    }
}
