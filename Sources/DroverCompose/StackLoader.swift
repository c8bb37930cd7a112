import DroverModel

/// A compose file's name (as it should appear in messages) and its text.
public struct SourceFile: Sendable, Equatable {
    public var name: String
    public var text: String

    public init(name: String, text: String) {
        self.name = name
        self.text = text
    }
}

/// A stack definition together with the warnings met while building it.
public struct LoadedStack: Sendable, Equatable {
    public var definition: StackDefinition
    public var warnings: [Diagnostic]
}

/// Turns docker-compose.yml (+ rancher-compose.yml) texts into a validated stack definition.
///
/// Stages, each pure: YAML parse → interpolation → docker-compose parse → rancher-compose parse → merge.
/// All problems of all files are collected; any error fails the whole load.
public struct StackLoader: Sendable {
    public var variables: VariableSource
    /// The compose file's directory: `env_file` paths are read relative to it. Nil (catalog templates) leaves
    /// `env_file`s unread, with a warning.
    public var projectDirectory: String?

    public init(variables: VariableSource = VariableSource(), projectDirectory: String? = nil) {
        self.variables = variables
        self.projectDirectory = projectDirectory
    }

    /// Loads one docker-compose file and an optional rancher-compose file.
    public func load(compose: SourceFile, rancher: SourceFile? = nil) throws(ComposeError) -> LoadedStack {
        let log = DiagnosticLog()
        let interpolator = Interpolator(source: variables)
        var composeFile: ComposeFile?
        if let root = parseYAML(compose, log) {
            let interpolated = NodeInterpolator(interpolator: interpolator, file: compose.name, log: log, skippedTopLevelKeys: [])
                .apply(root)
            composeFile = ComposeFileParser(reader: ValueReader(file: compose.name, log: log), variables: variables,
                                            projectDirectory: projectDirectory)
                .parse(interpolated)
        }
        var rancherServices: [RancherService] = []
        if let rancher, let root = parseYAML(rancher, log) {
            let interpolated = NodeInterpolator(interpolator: interpolator, file: rancher.name, log: log,
                                                skippedTopLevelKeys: [".catalog", "catalog"]).apply(root)
            rancherServices = RancherComposeParser(reader: ValueReader(file: rancher.name, log: log)).parse(interpolated)
        }
        var definition = StackDefinition()
        if let composeFile {
            definition = StackAssembler(composeFile: compose.name, rancherFile: rancher?.name ?? "rancher-compose.yml", log: log)
                .assemble(composeFile, rancherServices)
        }
        if log.hasErrors { throw .invalid(log.all) }
        return LoadedStack(definition: definition, warnings: log.all)
    }

    private func parseYAML(_ source: SourceFile, _ log: DiagnosticLog) -> YAMLNode? {
        var parser = YAMLParser(file: source.name)
        do {
            let root = try parser.parse(source.text)
            log.add(contentsOf: parser.warnings)
            return root
        } catch {
            log.add(contentsOf: parser.warnings)
            log.add(error.diagnostic)
            return nil
        }
    }
}
