import DroverModel

/// Folds sidekick services into the primaries that name them in `io.rancher.sidekicks`.
struct SidekickResolver {
    static let label = "io.rancher.sidekicks"

    let composeFile: String
    let log: DiagnosticLog

    /// Copies each sidekick's launch config into every primary that names it and removes it from `services`.
    /// Returns sidekick name → its first primary. A sidekick named by two primaries gets a copy in each, as
    /// Rancher's compose executor did (the community es-cluster template relies on it), with a warning.
    func resolve(_ compose: [String: ComposeService], _ services: inout [String: ServiceDefinition]) -> [String: String] {
        var owners: [String: String] = [:]
        var claims: [(sidekick: String, primary: String)] = []
        let primaries = services.keys.sorted().filter { services[$0]!.launchConfig.labels[Self.label] != nil }
        for primary in primaries {
            let node = compose[primary].map { LabelLocator.node(of: Self.label, in: $0) }
            let names = services[primary]!.launchConfig.labels[Self.label]!
                .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            for name in names {
                let path = "\(compose[primary]?.path ?? primary).labels.\(Self.label)"
                if name == primary {
                    error(node, path, "service \"\(primary)\" names itself as a sidekick")
                } else if services[name] == nil && compose[name] == nil {
                    error(node, path, "sidekick \"\(name)\" is not a service of this file")
                } else if primaries.contains(name) {
                    error(node, path, "sidekick \"\(name)\" is itself a primary with sidekicks; sidekicks cannot be nested")
                } else {
                    if let owner = owners[name] {
                        log.add(Diagnostic(.warning, file: node?.file ?? composeFile, line: node?.line ?? 0, column: node?.column ?? 0, path: path,
                                           message: "sidekick \"\(name)\" is also a sidekick of \"\(owner)\"; each primary gets its own copy"))
                    }
                    owners[name] = owners[name] ?? primary
                    claims.append((name, primary))
                }
            }
        }
        var definitions: [String: ServiceDefinition] = [:]
        for sidekick in Set(claims.map(\.sidekick)) {
            definitions[sidekick] = services.removeValue(forKey: sidekick)
        }
        for claim in claims {
            guard let definition = definitions[claim.sidekick] else { continue }
            services[claim.primary]!.sidekicks.append(definition.launchConfig)
        }
        for primary in primaries {
            let order = services[primary]!.launchConfig.labels[Self.label]!.split(separator: ",")
                .map { $0.trimmingCharacters(in: .whitespaces) }
            services[primary]!.sidekicks.sort { (order.firstIndex(of: $0.name) ?? 0) < (order.firstIndex(of: $1.name) ?? 0) }
        }
        return owners
    }

    private func error(_ node: YAMLNode?, _ path: String, _ message: String) {
        log.add(Diagnostic(.error, file: node?.file ?? composeFile, line: node?.line ?? 0, column: node?.column ?? 0, path: path, message: message))
    }
}

/// Finds where a label (or other list/map entry) was written in a service, for precise messages.
enum LabelLocator {
    /// The node holding label `key` of `service`, or the service's own node when it cannot be found.
    static func node(of key: String, in service: ComposeService) -> YAMLNode {
        for section in ["labels", "deploy"] {
            guard var labels = service.node[section] else { continue }
            if section == "deploy" { guard let inner = labels["labels"] else { continue }; labels = inner }
            if let value = labels[key] { return value }
            if let item = labels.sequence?.first(where: { $0.scalarText?.hasPrefix(key + "=") == true }) { return item }
        }
        return YAMLNode(.scalar("", .plain, tag: nil), line: service.line, column: service.column, file: service.file)
    }

    /// The node of service key `key`, or the service's own position.
    static func node(ofKey key: String, in service: ComposeService) -> YAMLNode {
        service.node[key] ?? YAMLNode(.scalar("", .plain, tag: nil), line: service.line, column: service.column, file: service.file)
    }
}
