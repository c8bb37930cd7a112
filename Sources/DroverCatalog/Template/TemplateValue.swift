import Foundation

/// A value a template can see: what `.Values.X` etc. evaluate to.
package enum TemplateValue: Equatable, Sendable {
    case string(String), int(Int), float(Double), bool(Bool), list([TemplateValue]), map([String: TemplateValue]), null
}

extension TemplateValue {
    /// Go's truth test (`if`, `with`, `and`, `or`, `not`): false, 0, 0.0, "", empty list/map and null are false.
    var isTrue: Bool {
        switch self {
        case .string(let text): return !text.isEmpty
        case .int(let number): return number != 0
        case .float(let number): return number != 0
        case .bool(let flag): return flag
        case .list(let items): return !items.isEmpty
        case .map(let entries): return !entries.isEmpty
        case .null: return false
        }
    }

    /// The name of the Go type this value stands for, as Go's error messages and `%T` spell it.
    var goTypeName: String {
        switch self {
        case .string: return "string"
        case .int: return "int"
        case .float: return "float64"
        case .bool: return "bool"
        case .list: return "[]interface {}"
        case .map: return "map[string]interface {}"
        case .null: return "<nil>"
        }
    }

    /// The string payload, or nil for any other case.
    var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }
}

/// Go's map iteration order for printing and `range`: keys sorted bytewise.
func goSortedKeys(_ entries: [String: TemplateValue]) -> [String] {
    entries.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
}
