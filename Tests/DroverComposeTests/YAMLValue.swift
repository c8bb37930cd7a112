@testable import DroverCompose

/// A node's value as text that tells YAML types apart and ignores positions, files and quoting styles:
/// `{a: "x", b: [1, true, null]}`. With `exact`, non-string scalars also show their text (`int(8)=010`).
func yamlValue(_ node: YAMLNode, exact: Bool = false) -> String {
    switch node.content {
    case let .scalar(text, _, _):
        let type: String
        switch node.scalarType {
        case .string: return "\"\(text)\""
        case .null: type = "null"
        case let .bool(value): type = "\(value)"
        case let .int(value): type = "\(value)"
        case let .float(value): type = value.isNaN ? "nan" : "\(value)"
        case .sequence, .mapping: type = "?"
        }
        return exact ? "\(type)=\(text)" : type
    case let .sequence(items):
        return "[" + items.map { yamlValue($0, exact: exact) }.joined(separator: ", ") + "]"
    case let .mapping(entries):
        return "{" + entries.map { "\($0.key): \(yamlValue($0.value, exact: exact))" }.joined(separator: ", ") + "}"
    }
}

/// Parses `text` as file `name`, failing the test on a YAML error.
func parseYAML(_ text: String, name: String = "t.yml") throws(YAMLParser.Failure) -> YAMLNode {
    var parser = YAMLParser(file: name)
    return try parser.parse(text)
}
