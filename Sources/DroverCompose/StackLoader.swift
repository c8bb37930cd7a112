import DroverModel

/// A compose file's name (as it should appear in messages) and its text.
package struct SourceFile: Sendable, Equatable {
    package var name: String
    package var text: String

    package init(name: String, text: String) {
        self.name = name
        self.text = text
    }
}

/// A stack definition together with the warnings met while building it.
package struct LoadedStack: Sendable, Equatable {
    package var definition: StackDefinition
    package var warnings: [Diagnostic]
}

/// Turns docker-compose.yml files (+ rancher-compose.yml) texts into a validated stack definition.
///
/// Stages, each pure: YAML parse → merge of the docker-compose files → interpolation → docker-compose parse →
/// rancher-compose parse → assembly. Merging before interpolation keeps `${VAR}` in the merged tree, so the text
/// `up` sends for several files is interpolated by the server like a single file's.
/// All problems of all files are collected; any error fails the whole load.
package struct StackLoader: Sendable {
    package var variables: VariableSource
    /// The compose file's directory: `env_file` paths are read relative to it. Nil (catalog templates) leaves
    /// `env_file`s unread, with a warning.
    package var projectDirectory: String?

    package init(variables: VariableSource = VariableSource(), projectDirectory: String? = nil) {
        self.variables = variables
        self.projectDirectory = projectDirectory
    }

    /// Loads one docker-compose file and an optional rancher-compose file.
    package func load(compose: SourceFile, rancher: SourceFile? = nil) throws(ComposeError) -> LoadedStack {
        try load(compose: [compose], rancher: rancher)
    }

    /// Loads docker-compose files merged in order, later over earlier (`docker-compose -f a.yml -f b.yml`, see
    /// `ComposeMerger`), and an optional rancher-compose file. Diagnostics name the file each value came from.
    package func load(compose: [SourceFile], rancher: SourceFile? = nil) throws(ComposeError) -> LoadedStack {
        let log = DiagnosticLog()
        let interpolator = Interpolator(source: variables)
        let composeName = compose.map(\.name).joined(separator: ", ")
        var composeFile: ComposeFile?
        if let root = mergedRoot(compose, log) {
            let interpolated = NodeInterpolator(interpolator: interpolator, file: composeName, log: log, skippedTopLevelKeys: [])
                .apply(root)
            composeFile = ComposeFileParser(reader: ValueReader(file: composeName, log: log), variables: variables,
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
            definition = StackAssembler(composeFile: composeName, rancherFile: rancher?.name ?? "rancher-compose.yml", log: log)
                .assemble(composeFile, rancherServices)
        }
        if log.hasErrors { throw .invalid(log.all) }
        return LoadedStack(definition: definition, warnings: log.all)
    }

    /// The docker-compose files parsed and merged in order, not interpolated: one file's tree as it is, several
    /// merged by `ComposeMerger`. Throws the YAML and merge errors of every file.
    package func merge(compose: [SourceFile]) throws(ComposeError) -> YAMLNode {
        let log = DiagnosticLog()
        guard let root = mergedRoot(compose, log), !log.hasErrors else { throw .invalid(log.all) }
        return root
    }

    /// `root` with every variable reference substituted, problems left unreported (what `up --render` prints).
    package func interpolated(_ root: YAMLNode) -> YAMLNode {
        NodeInterpolator(interpolator: Interpolator(source: variables), file: root.file ?? "", log: DiagnosticLog(),
                         skippedTopLevelKeys: []).apply(root)
    }

    /// The parsed and merged tree, or nil with the errors logged (a file that is not YAML, files that cannot merge).
    private func mergedRoot(_ files: [SourceFile], _ log: DiagnosticLog) -> YAMLNode? {
        guard !files.isEmpty else {
            log.add(Diagnostic(.error, file: "docker-compose.yml", line: 0, column: 0, message: "no docker-compose file given"))
            return nil
        }
        let roots = files.map { parseYAML($0, log) }
        let parsed = roots.compactMap { $0 }
        guard parsed.count == files.count else { return nil }
        return ComposeMerger(log: log).merge(parsed)
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
