import DroverCompose
import DroverModel
import Foundation

/// `drover validate`: loads compose files as `rancher up` would and prints the normalized stack or the diagnostics.
enum ValidateCommand: Command {
    static let spec = CommandSpec(
        name: "validate",
        abstract: "Check docker-compose.yml + rancher-compose.yml and print the stack definition Drover would deploy.",
        options: [
            ComposeProject.fileOption,
            ComposeProject.rancherFileOption,
            .value("-e", "--env-file", valueName: "FILE", help: "Variables for ${VAR}: KEY=VALUE lines, or a .yml/.json map."),
            .value("--set", valueName: "K=V", help: "Set a variable (takes precedence over the env file).", repeatable: true),
            .format,
        ],
        discussion: "Exit status: 0 when the files are valid (warnings allowed), 1 when they hold errors, 64 for a wrong command line.")

    static func run(_ arguments: ParsedArguments, _ output: Output) throws -> Int32 {
        let environment = ProcessInfo.processInfo.environment
        let project = ComposeProject(arguments, environment: environment)
        let files = try project.composeFiles()
        let rancher = try project.rancherFile()
        let sets = try ArgumentParser.keyValues(arguments.all("--set"), option: "--set", command: spec)
        let envFile = try arguments.value("--env-file").map { try VariableFiles.load($0, environment: environment) } ?? [:]
        let loader = StackLoader(variables: VariableSource(answers: sets, envFile: envFile, environment: environment),
                                 projectDirectory: project.directory.path)
        return try Report.stack({ () throws(ComposeError) in try loader.load(compose: files, rancher: rancher) },
                                json: arguments.value("--format") == "json", output)
    }
}

/// Prints a load's outcome the same way for every command that builds a stack definition.
enum Report {
    /// Runs `load`, printing the definition (stdout) and warnings (stderr), or every diagnostic; returns the exit code.
    static func stack(_ load: () throws(ComposeError) -> LoadedStack, json: Bool, _ output: Output) throws -> Int32 {
        guard let loaded = try attempt(load, json: json, output) else { return ExitCode.failure }
        if json {
            try output.json(StackReport(valid: true, stack: loaded.definition, diagnostics: loaded.warnings))
        } else {
            loaded.warnings.forEach { output.err($0.description) }
            output.out(try YAMLPrinter.render(loaded.definition))
        }
        return ExitCode.success
    }

    /// Runs `body`; when the files are invalid, prints every diagnostic and returns nil (the command then exits with
    /// `ExitCode.failure`). An unreadable file is a command failure.
    static func attempt<T>(_ body: () throws(ComposeError) -> T, json: Bool, _ output: Output) throws -> T? {
        do {
            return try body()
        } catch {
            switch error {
            case let .invalid(diagnostics):
                _ = diagnosticsFailure(diagnostics, json: json, output)
                return nil
            case .unreadable: throw CommandFailure(message: error.description)
            }
        }
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
