/// Writes a `YAMLNode` tree as block-style YAML that `YAMLParser` reads back to the same values and types.
///
/// A string that would read back as another YAML 1.1 type (`yes`, `1.0`, `010`, `~`) or that YAML does not allow
/// unquoted (`: `, ` #`, a leading indicator) is double-quoted; a multi-line string becomes a literal block when it
/// can; `$` is written as is (interpolation is the reader's business). Comments, anchors and quoting styles are not
/// kept; aliases were already expanded by the parser.
package enum YAMLRenderer {
    /// The YAML text of `root`, ending with a newline.
    package static func render(_ root: YAMLNode) -> String {
        var lines: [String] = []
        switch root.content {
        case let .mapping(entries) where !entries.isEmpty: block(root, indent: 0, into: &lines)
        case let .sequence(items) where !items.isEmpty: block(root, indent: 0, into: &lines)
        default:
            let (inline, body) = scalarOrEmpty(root, indent: 2)
            lines = [inline] + body
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The lines of a non-empty mapping or sequence whose entries start at column `indent`.
    private static func block(_ node: YAMLNode, indent: Int, into lines: inout [String]) {
        let pad = String(repeating: " ", count: indent)
        switch node.content {
        case let .mapping(entries):
            for entry in entries {
                let written = key(entry.key)
                // An implicit key ends within 1024 characters; a longer one is written as an explicit `? key`.
                if written.utf8.count > 1024 {
                    lines.append(pad + "? " + written)
                    value(entry.value, after: pad + ":", indent: indent, into: &lines)
                } else {
                    value(entry.value, after: pad + written + ":", indent: indent, into: &lines)
                }
            }
        case let .sequence(items):
            for item in items {
                guard let entries = item.mapping, !entries.isEmpty else {
                    value(item, after: pad + "-", indent: indent, into: &lines)
                    continue
                }
                var inner: [String] = []
                block(item, indent: indent + 2, into: &inner)
                inner[0] = pad + "- " + inner[0].dropFirst(indent + 2)
                lines += inner
            }
        case .scalar:
            break
        }
    }

    /// A mapping value or sequence item written after `head` (`key:` or `-`): inline, or as a block below it.
    private static func value(_ node: YAMLNode, after head: String, indent: Int, into lines: inout [String]) {
        switch node.content {
        case let .mapping(entries) where !entries.isEmpty:
            lines.append(head)
            block(node, indent: indent + 2, into: &lines)
        case let .sequence(items) where !items.isEmpty:
            lines.append(head)
            block(node, indent: indent + 2, into: &lines)
        default:
            let (inline, body) = scalarOrEmpty(node, indent: indent + 2)
            lines.append(inline.isEmpty ? head : head + " " + inline)
            lines += body
        }
    }

    /// A scalar, `{}` or `[]`: the text that follows the key or dash, and the lines of a literal block below it.
    private static func scalarOrEmpty(_ node: YAMLNode, indent: Int) -> (String, [String]) {
        switch node.content {
        case .mapping: return ("{}", [])
        case .sequence: return ("[]", [])
        case let .scalar(text, _, _):
            let type = node.scalarType
            if type == .string { return string(text, indent: indent) }
            if text.isEmpty && type == .null { return ("", []) }
            if isPlain(text) && sameType(YAMLScalarType.resolve(text, plain: true, tag: nil), type) { return (text, []) }
            switch type {
            case .int: return ("!!int " + quoted(text), [])
            case .bool: return ("!!bool " + quoted(text), [])
            default: return (quoted(text), [])
            }
        }
    }

    /// Equal types, a NaN float matching a NaN float.
    private static func sameType(_ a: YAMLScalarType, _ b: YAMLScalarType) -> Bool {
        if case let .float(x) = a, case let .float(y) = b { return x == y || (x.isNaN && y.isNaN) }
        return a == b
    }

    /// A string: plain when that reads back as the same string, a literal block for multi-line text, else quoted.
    private static func string(_ text: String, indent: Int) -> (String, [String]) {
        if isPlain(text) && YAMLScalarType.resolve(text, plain: true, tag: nil) == .string { return (text, []) }
        if let block = literal(text, indent: indent) { return block }
        return (quoted(text), [])
    }

    /// A mapping key: plain when it reads back as the same string, quoted otherwise (`<<` stays quoted so it is not a
    /// merge key).
    private static func key(_ text: String) -> String {
        isPlain(text) && text != "<<" && YAMLScalarType.resolve(text, plain: true, tag: nil) == .string ? text : quoted(text)
    }

    /// `|`, `|-` or `|+` and the indented lines of a multi-line string, or nil when a literal block cannot hold it
    /// exactly (leading blank or space, carriage returns, control characters).
    private static func literal(_ text: String, indent: Int) -> (String, [String])? {
        guard text.contains("\n"), let first = text.first, first != "\n", first != " ", first != "\t",
              !text.unicodeScalars.contains(where: { $0 != "\n" && $0 != "\t" && needsEscape($0) }) else { return nil }
        let trailing = text.reversed().prefix { $0 == "\n" }.count
        var body = Substring(text)
        if trailing > 0 { body = body.dropLast() }
        let pad = String(repeating: " ", count: indent)
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : pad + $0 }
        return (trailing == 0 ? "|-" : trailing == 1 ? "|" : "|+", lines)
    }

    /// True when `text` can be written as a plain scalar in block context, whatever type it then resolves to.
    private static func isPlain(_ text: String) -> Bool {
        guard let first = text.first, let last = text.last else { return false }
        if "[]{},#&*!|>'\"%@`".contains(first) || first == " " || last == " " || last == ":" { return false }
        if "-?:".contains(first) && (text.count == 1 || text.dropFirst().first == " ") { return false }
        if text.hasPrefix("---") || text.hasPrefix("...") || text.contains(": ") || text.contains(" #") { return false }
        return !text.unicodeScalars.contains(where: needsEscape)
    }

    /// Characters a plain scalar cannot hold and a double-quoted one escapes: controls, tabs, line breaks, the BOM
    /// and the characters YAML does not allow in a stream.
    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || [0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF].contains(scalar.value)
    }

    /// `text` as a double-quoted scalar on one line.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            default:
                if needsEscape(scalar) {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    result += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
