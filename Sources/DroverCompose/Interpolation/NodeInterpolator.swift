import DroverModel

/// Applies interpolation to every scalar value of a YAML tree (keys are left alone, as docker-compose does).
struct NodeInterpolator {
    let interpolator: Interpolator
    let file: String
    let log: DiagnosticLog
    /// Top-level keys whose subtrees are not interpolated (the catalog section of rancher-compose.yml).
    let skippedTopLevelKeys: Set<String>

    func apply(_ root: YAMLNode) -> YAMLNode {
        guard case let .mapping(entries) = root.content else { return apply(root, path: "") }
        var copy = root
        copy.content = .mapping(entries.map { entry in
            guard !skippedTopLevelKeys.contains(entry.key) else { return entry }
            var updated = entry
            updated.value = apply(entry.value, path: entry.key)
            return updated
        })
        return copy
    }

    private func apply(_ node: YAMLNode, path: String) -> YAMLNode {
        var copy = node
        switch node.content {
        case let .scalar(text, style, tag):
            var problems: [Interpolator.Problem] = []
            guard let result = interpolator.interpolate(text, problems: &problems) else { return node }
            report(problems, node, path)
            // `KEY: ${UNSET}` is an empty string, as docker-compose makes it, not a null (an empty plain scalar would be).
            copy.content = .scalar(result, result.isEmpty && !text.isEmpty && style == .plain ? .doubleQuoted : style, tag: tag)
        case let .sequence(items):
            copy.content = .sequence(items.enumerated().map { apply($0.element, path: "\(path)[\($0.offset)]") })
        case let .mapping(entries):
            copy.content = .mapping(entries.map { entry in
                var updated = entry
                updated.value = apply(entry.value, path: path.isEmpty ? entry.key : "\(path).\(entry.key)")
                return updated
            })
        }
        return copy
    }

    private func report(_ problems: [Interpolator.Problem], _ node: YAMLNode, _ path: String) {
        for problem in problems {
            switch problem {
            case let .unset(name):
                log.warning(file, node, path, "variable \"\(name)\" is not set; using an empty string")
            case let .required(name, message):
                log.error(file, node, path, "variable \"\(name)\": \(message)")
            case let .invalidFormat(text):
                log.error(file, node, path, "\"\(text)\" has an invalid interpolation; write $$ for a literal $")
            }
        }
    }
}
