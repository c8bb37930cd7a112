import DroverModel
import Foundation

/// Prints any encodable value as readable YAML-like text, leaving out empty lists and maps.
enum YAMLPrinter {
    static func render<T: Encodable>(_ value: T) throws -> String {
        let data = try JSONEncoder().encode(value)
        let json = try JSONDecoder().decode(JSONValue.self, from: data)
        var lines: [String] = []
        emit(json, indent: 0, into: &lines)
        return lines.joined(separator: "\n")
    }

    private static func emit(_ value: JSONValue, indent: Int, into lines: inout [String]) {
        let pad = String(repeating: "  ", count: indent)
        switch value {
        case let .object(fields):
            for key in fields.keys.sorted() {
                let field = fields[key]!
                if isEmpty(field) { continue }
                if isScalar(field) {
                    lines.append("\(pad)\(key): \(scalar(field))")
                } else {
                    lines.append("\(pad)\(key):")
                    emit(field, indent: indent + 1, into: &lines)
                }
            }
        case let .array(items):
            for item in items {
                if isScalar(item) {
                    lines.append("\(pad)- \(scalar(item))")
                } else {
                    var nested: [String] = []
                    emit(item, indent: indent + 1, into: &nested)
                    if var first = nested.first {
                        first = pad + "- " + first.dropFirst(pad.count + 2)
                        lines.append(first)
                        lines.append(contentsOf: nested.dropFirst())
                    }
                }
            }
        default:
            lines.append(pad + scalar(value))
        }
    }

    private static func isEmpty(_ value: JSONValue) -> Bool {
        switch value {
        case .null: return true
        case let .array(items): return items.isEmpty
        case let .object(fields): return fields.isEmpty
        default: return false
        }
    }

    private static func isScalar(_ value: JSONValue) -> Bool {
        switch value {
        case .array, .object: return false
        default: return true
        }
    }

    private static func scalar(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case let .bool(flag): return flag ? "true" : "false"
        case let .int(number): return String(number)
        case let .double(number): return number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
        case let .string(text):
            let needsQuotes = text.isEmpty || text.contains(where: { ":#{}[]&*!|>'\"%@`\n".contains($0) })
                || text.first == " " || text.last == " " || ["true", "false", "yes", "no", "null", "on", "off"].contains(text.lowercased())
                || Double(text) != nil
            guard needsQuotes else { return text }
            let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "\n", with: "\\n")
            return "\"\(escaped)\""
        default: return ""
        }
    }
}
