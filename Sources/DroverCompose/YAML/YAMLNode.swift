/// One node of a parsed YAML document, with the position it came from.
///
/// Mappings keep their keys in file order; merge keys (`<<`) and aliases are already resolved.
package struct YAMLNode: Sendable, Equatable {
    /// How a scalar was written, which decides how it is typed (quoted scalars are always strings).
    package enum ScalarStyle: Sendable, Equatable {
        case plain, singleQuoted, doubleQuoted, literal, folded
    }

    /// The shape and content of a node.
    package indirect enum Content: Sendable, Equatable {
        case scalar(String, ScalarStyle, tag: String?)
        case sequence([YAMLNode])
        case mapping([YAMLEntry])
    }

    package var content: Content
    /// 1-based line of the node's first character.
    package var line: Int
    /// 1-based column of the node's first character.
    package var column: Int
    /// The file the node was read from, so a tree merged from several files still locates every node;
    /// nil for nodes built in code, which diagnostics attribute to the file being read.
    package var file: String?

    package init(_ content: Content, line: Int, column: Int, file: String? = nil) {
        self.content = content
        self.line = line
        self.column = column
        self.file = file
    }

    /// The scalar text, or nil when the node is a sequence or mapping.
    package var scalarText: String? {
        if case let .scalar(text, _, _) = content { return text }
        return nil
    }

    /// The items of a sequence, or nil.
    package var sequence: [YAMLNode]? {
        if case let .sequence(items) = content { return items }
        return nil
    }

    /// The entries of a mapping, or nil.
    package var mapping: [YAMLEntry]? {
        if case let .mapping(entries) = content { return entries }
        return nil
    }

    /// The value of a mapping entry whose key is `key`.
    package subscript(key: String) -> YAMLNode? {
        mapping?.first { $0.key == key }?.value
    }

    /// The YAML 1.1 type of the node, as PyYAML resolves it.
    package var scalarType: YAMLScalarType {
        switch content {
        case .sequence: return .sequence
        case .mapping: return .mapping
        case let .scalar(text, style, tag):
            return YAMLScalarType.resolve(text, plain: style == .plain, tag: tag)
        }
    }

    /// True for an empty plain scalar, `~`, or `null`.
    package var isNull: Bool { scalarType == .null }

    /// Human-readable kind for messages: "a string", "a mapping", ….
    package var kindDescription: String { scalarType.description }

    /// The node with other content, at the same file and position.
    func with(_ content: Content) -> YAMLNode {
        var copy = self
        copy.content = content
        return copy
    }
}

/// A mapping entry: the key text with its position, and the value.
///
/// The key keeps its own file: after a merge the key may come from one file and the value from another.
package struct YAMLEntry: Sendable, Equatable {
    package var key: String
    package var keyLine: Int
    package var keyColumn: Int
    /// The file the key was read from; nil when built in code.
    package var keyFile: String?
    package var value: YAMLNode

    package init(key: String, keyLine: Int, keyColumn: Int, keyFile: String? = nil, value: YAMLNode) {
        self.key = key
        self.keyLine = keyLine
        self.keyColumn = keyColumn
        self.keyFile = keyFile
        self.value = value
    }
}

extension YAMLNode {
    /// A scalar as plain text the way Rancher's Go code saw it: booleans as `true`/`false`, null as nil,
    /// numbers as written. Nil for sequences and mappings.
    package var plainValue: String? {
        switch scalarType {
        case .sequence, .mapping, .null: return nil
        case let .bool(value): return value ? "true" : "false"
        default: return scalarText
        }
    }
}
