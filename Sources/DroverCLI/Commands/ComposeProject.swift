import DroverCompose
import Foundation

/// The files of a compose project, found the way `rancher up` and docker-compose find them, for `up`, `plan` and
/// `validate`: `-f` (repeatable; later files are merged over earlier ones), else `$COMPOSE_FILE` (paths separated by
/// `$COMPOSE_PATH_SEPARATOR`, default `:`), else `docker-compose.yml`; `--rancher-file`, else `rancher-compose.yml`
/// beside the first compose file when it exists. The project directory is the first compose file's.
struct ComposeProject {
    static let fileOption = OptionSpec.value(
        "-f", "--file", valueName: "FILE",
        help: "Compose file; give several to merge them, later over earlier (default: $COMPOSE_FILE, else docker-compose.yml).",
        repeatable: true)
    static let rancherFileOption = OptionSpec.value(
        "--rancher-file", valueName: "FILE", help: "Rancher compose file (default: rancher-compose.yml beside the first compose file, if present).")

    var composePaths: [String]
    var rancherPath: String?
    /// The first compose file's directory, absolute: `env_file` paths are relative to it and it names the stack.
    var directory: URL

    init(_ arguments: ParsedArguments, environment: [String: String]) {
        if !arguments.all("--file").isEmpty {
            composePaths = arguments.all("--file")
        } else if let list = environment["COMPOSE_FILE"], !list.isEmpty {
            composePaths = list.components(separatedBy: environment["COMPOSE_PATH_SEPARATOR"] ?? ":").filter { !$0.isEmpty }
        } else {
            composePaths = []
        }
        if composePaths.isEmpty { composePaths = ["docker-compose.yml"] }
        directory = URL(fileURLWithPath: composePaths[0]).standardized.deletingLastPathComponent()
        let sibling = ((composePaths[0] as NSString).deletingLastPathComponent as NSString).appendingPathComponent("rancher-compose.yml")
        rancherPath = arguments.value("--rancher-file") ?? (FileManager.default.fileExists(atPath: sibling) ? sibling : nil)
    }

    /// Rancher's default stack name: the project directory's name.
    var stackName: String { UpCommand.stackName(directory.lastPathComponent) }

    /// The compose files' texts, in order.
    func composeFiles() throws -> [SourceFile] {
        try composePaths.map { SourceFile(name: $0, text: try Locations.read($0)) }
    }

    /// The rancher-compose file, if there is one.
    func rancherFile() throws -> SourceFile? {
        try rancherPath.map { SourceFile(name: $0, text: try Locations.read($0)) }
    }

    /// The values the files' `${VAR}`s take, as docker-compose and the rancher CLI take them: the env file (`-e`),
    /// under the caller's environment for every name the files use (`TAG=$GIT_SHA drover up -u`), under `--set`.
    /// The server interpolates with exactly these, so `plan` and `up` agree.
    static func variables(_ files: [SourceFile], envFile: [String: String], sets: [String: String] = [:],
                          environment: [String: String]) -> [String: String] {
        var variables = envFile
        for name in UpCommand.referencedVariables(files.map(\.text).joined(separator: "\n")) {
            if let value = environment[name] { variables[name] = value }
        }
        return variables.merging(sets) { _, set in set }
    }

    /// The docker-compose text the server gets: one file's text unchanged, several files merged (not interpolated,
    /// so the server substitutes the variables as for one file) and rendered.
    static func dockerCompose(_ files: [SourceFile], _ loader: StackLoader) throws(ComposeError) -> String {
        if files.count == 1 { return files[0].text }
        return YAMLRenderer.render(try loader.merge(compose: files))
    }
}
