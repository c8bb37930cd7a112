import DroverModel

/// Reads typed values out of YAML nodes of one file, recording a located diagnostic for every bad value.
///
/// Each reader returns nil (and logs an error) when the node has the wrong type or an impossible value,
/// so parsing goes on and all problems of a file are reported together.
package struct ValueReader {
    package let file: String
    package let log: DiagnosticLog

    package init(file: String, log: DiagnosticLog) {
        self.file = file
        self.log = log
    }

    package func error(_ node: YAMLNode, _ path: String, _ message: String) {
        log.error(file, node, path, message)
    }

    package func warning(_ node: YAMLNode, _ path: String, _ message: String) {
        log.warning(file, node, path, message)
    }

    /// A scalar as text: strings, numbers and booleans (booleans as `true`/`false`, as Rancher's Go code printed them).
    package func string(_ node: YAMLNode, _ path: String) -> String? {
        switch node.scalarType {
        case .sequence, .mapping:
            error(node, path, "expected a string, found \(node.kindDescription)")
            return nil
        case let .bool(value):
            return value ? "true" : "false"
        case .null:
            return ""
        default:
            return node.scalarText
        }
    }

    /// A scalar that must not be empty or null.
    package func nonEmptyString(_ node: YAMLNode, _ path: String) -> String? {
        guard let text = string(node, path) else { return nil }
        if text.isEmpty { error(node, path, "must not be empty"); return nil }
        return text
    }

    /// A boolean; also accepts the strings `true`/`false`/`yes`/`no` an interpolation produced.
    package func bool(_ node: YAMLNode, _ path: String) -> Bool? {
        if case let .bool(value) = node.scalarType { return value }
        if let text = node.scalarText {
            switch text.lowercased() {
            case "true", "yes", "on", "1": return true
            case "false", "no", "off", "0": return false
            default: break
            }
        }
        error(node, path, "\(describe(node)) is not a boolean (allowed: true, false)")
        return nil
    }

    /// An integer, written as a number or as a string of digits (as interpolation yields).
    package func int(_ node: YAMLNode, _ path: String, min: Int? = nil, max: Int? = nil) -> Int? {
        var value: Int?
        switch node.scalarType {
        case let .int(number): value = number
        case .string: value = node.scalarText.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        case let .float(number) where number == number.rounded(): value = Int(exactly: number)
        default: value = nil
        }
        guard let value else {
            error(node, path, "\(describe(node)) is not an integer")
            return nil
        }
        if let min, value < min { error(node, path, "\(value) is below the minimum \(min)"); return nil }
        if let max, value > max { error(node, path, "\(value) is above the maximum \(max)"); return nil }
        return value
    }

    /// A TCP/UDP port number 1–65535.
    package func port(_ node: YAMLNode, _ path: String) -> Int? {
        let value: Int?
        switch node.scalarType {
        case let .int(number): value = number
        case .string: value = node.scalarText.flatMap { Int($0) }
        default: value = nil
        }
        guard let value, (1...65535).contains(value) else {
            error(node, path, "\(describe(node)) is not a port number (1-65535)")
            return nil
        }
        return value
    }

    /// A string or a list of strings, always as a list.
    package func stringOrList(_ node: YAMLNode, _ path: String) -> [String]? {
        if let items = node.sequence {
            return items.enumerated().compactMap { string($0.element, "\(path)[\($0.offset)]") }
        }
        if node.isNull { return [] }
        return string(node, path).map { [$0] }
    }

    /// A list of strings (a single scalar is accepted as a one-item list).
    package func stringList(_ node: YAMLNode, _ path: String) -> [String]? {
        stringOrList(node, path)
    }

    /// A mapping of strings, or a list of `key=value` (or `key:value` when `separator` says so) entries.
    /// List items without a separator map to nil values.
    package func keyValues(_ node: YAMLNode, _ path: String, separator: Character = "=") -> [(key: String, value: String?, node: YAMLNode)]? {
        if let entries = node.mapping {
            return entries.map { entry in
                let value: String? = entry.value.isNull ? nil : string(entry.value, "\(path).\(entry.key)")
                return (entry.key, value, entry.value)
            }
        }
        if let items = node.sequence {
            var result: [(key: String, value: String?, node: YAMLNode)] = []
            for (offset, item) in items.enumerated() {
                guard let text = string(item, "\(path)[\(offset)]") else { continue }
                if let cut = text.firstIndex(of: separator) {
                    result.append((String(text[..<cut]), String(text[text.index(after: cut)...]), item))
                } else {
                    result.append((text, nil, item))
                }
            }
            return result
        }
        if node.isNull { return [] }
        error(node, path, "expected a mapping or a list of \"key\(separator)value\" strings, found \(node.kindDescription)")
        return nil
    }

    /// A mapping (or `key=value` list) of strings; entries without a value become empty strings.
    package func stringMap(_ node: YAMLNode, _ path: String) -> [String: String]? {
        guard let pairs = keyValues(node, path) else { return nil }
        var result: [String: String] = [:]
        for pair in pairs { result[pair.key] = pair.value ?? "" }
        return result
    }

    /// The entries of a mapping, or nil with an error.
    package func mapping(_ node: YAMLNode, _ path: String) -> [YAMLEntry]? {
        if let entries = node.mapping { return entries }
        if node.isNull { return [] }
        error(node, path, "expected a mapping, found \(node.kindDescription)")
        return nil
    }

    /// The items of a list, or nil with an error.
    package func list(_ node: YAMLNode, _ path: String) -> [YAMLNode]? {
        if let items = node.sequence { return items }
        if node.isNull { return [] }
        error(node, path, "expected a list, found \(node.kindDescription)")
        return nil
    }

    /// A byte size: a number of bytes or a string with a `b`, `k`, `m`, `g` unit (`512m`, `1gb`).
    package func byteSize(_ node: YAMLNode, _ path: String) -> Int64? {
        if case let .int(number) = node.scalarType { return Int64(number) }
        if let text = node.scalarText, let value = Units.bytes(text) { return value }
        error(node, path, "\(describe(node)) is not a size (examples: 512m, 1g, 1048576)")
        return nil
    }

    /// A duration in seconds: a number of seconds or Go/compose notation (`10s`, `1m30s`, `500ms`).
    package func duration(_ node: YAMLNode, _ path: String) -> Double? {
        switch node.scalarType {
        case let .int(number): return Double(number)
        case let .float(number): return number
        default: break
        }
        if let text = node.scalarText, let value = Units.seconds(text) { return value }
        error(node, path, "\(describe(node)) is not a duration (examples: 10s, 1m30s, 500ms)")
        return nil
    }

    /// Checks `value` against `allowed`, logging the allowed values when it is not one of them.
    package func oneOf(_ node: YAMLNode, _ path: String, _ allowed: [String]) -> String? {
        guard let value = string(node, path) else { return nil }
        guard allowed.contains(value) else {
            error(node, path, "\(describe(node)) is not allowed (allowed: \(allowed.joined(separator: ", ")))")
            return nil
        }
        return value
    }

    /// The node's value quoted for messages: `"eighty"`, or its kind for collections.
    package func describe(_ node: YAMLNode) -> String {
        guard let text = node.scalarText else { return node.kindDescription }
        return "\"\(text)\""
    }
}
