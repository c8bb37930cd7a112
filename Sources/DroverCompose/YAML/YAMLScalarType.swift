/// The YAML 1.1 type of a node, resolved the way PyYAML (and so docker-compose) does.
///
/// Only plain scalars are typed; quoted and block scalars are strings. `80:80` stays a string
/// (it is not sexagesimal), `yes`/`no`/`on`/`off` are booleans.
package enum YAMLScalarType: Sendable, Equatable, CustomStringConvertible {
    case null, bool(Bool), int(Int), float(Double), string, sequence, mapping

    package var description: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .int: return "an integer"
        case .float: return "a number"
        case .string: return "a string"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        }
    }

    /// Resolves a scalar's type from its text; `plain` is false for quoted and block scalars.
    static func resolve(_ text: String, plain: Bool, tag: String?) -> YAMLScalarType {
        if let tag {
            switch tag {
            case "tag:yaml.org,2002:str", "!!str", "!": return .string
            case "tag:yaml.org,2002:int", "!!int": return Int(text).map(YAMLScalarType.int) ?? .string
            case "tag:yaml.org,2002:bool", "!!bool": return resolvePlain(text)
            default: break
            }
        }
        return plain ? resolvePlain(text) : .string
    }

    private static func resolvePlain(_ text: String) -> YAMLScalarType {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON": return .bool(true)
        case "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF": return .bool(false)
        default: break
        }
        guard let first = text.utf8.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+")
            || first == UInt8(ascii: ".") || (first >= 0x30 && first <= 0x39) else { return .string }
        if let value = parseInt(text) { return .int(value) }
        if let value = parseFloat(text) { return .float(value) }
        return .string
    }

    /// YAML 1.1 integers: decimal, `0x` hex, `0b` binary, leading-`0` octal, `_` separators, sexagesimal `1:20`.
    private static func parseInt(_ raw: String) -> Int? {
        var text = Substring(raw.replacingOccurrences(of: "_", with: ""))
        var sign = 1
        if text.hasPrefix("-") { sign = -1; text = text.dropFirst() } else if text.hasPrefix("+") { text = text.dropFirst() }
        guard !text.isEmpty else { return nil }
        if text.hasPrefix("0x") { return Int(text.dropFirst(2), radix: 16).map { $0 * sign } }
        if text.hasPrefix("0b") { return Int(text.dropFirst(2), radix: 2).map { $0 * sign } }
        if text.contains(":") { return parseSexagesimal(text).map { $0 * sign } }
        guard text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        if text.count > 1 && text.hasPrefix("0") { return Int(text.dropFirst(), radix: 8).map { $0 * sign } }
        return Int(text).map { $0 * sign }
    }

    /// `[1-9][0-9]*(:[0-5]?[0-9])+` as in PyYAML's int resolver.
    private static func parseSexagesimal(_ text: Substring) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard let head = parts.first, let firstDigit = head.first, firstDigit != "0",
              head.allSatisfy({ $0.isASCII && $0.isNumber }), var value = Int(head) else { return nil }
        for part in parts.dropFirst() {
            guard (1...2).contains(part.count), part.allSatisfy({ $0.isASCII && $0.isNumber }),
                  part.count == 1 || part.first! <= "5", let digit = Int(part) else { return nil }
            value = value * 60 + digit
        }
        return value
    }

    /// YAML 1.1 floats as PyYAML matches them (a `.` is required, or `.inf`/`.nan`).
    private static func parseFloat(_ raw: String) -> Double? {
        switch raw {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .infinity
        case "-.inf", "-.Inf", "-.INF": return -.infinity
        case ".nan", ".NaN", ".NAN": return .nan
        default: break
        }
        let text = raw.replacingOccurrences(of: "_", with: "")
        guard text.contains("."), !text.contains(":") else { return nil }
        let allowed = text.allSatisfy { $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }
        return allowed ? Double(text) : nil
    }
}
