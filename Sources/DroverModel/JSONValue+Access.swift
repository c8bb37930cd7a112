/// Literals and typed access, so API resources read like the JSON they become.
extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral, ExpressibleByNilLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    package init(stringLiteral value: String) { self = .string(value) }
    package init(integerLiteral value: Int) { self = .int(value) }
    package init(booleanLiteral value: Bool) { self = .bool(value) }
    package init(nilLiteral: ()) { self = .null }
    package init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    package init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }

    /// `.string`, or nil for anything else.
    package var string: String? {
        if case let .string(value) = self { return value }
        return nil
    }

    /// `.int` (or a whole `.double`), or nil for anything else.
    package var int: Int? {
        switch self {
        case let .int(value): return value
        case let .double(value) where value.rounded() == value: return Int(value)
        default: return nil
        }
    }

    /// `.bool`, or nil for anything else.
    package var bool: Bool? {
        if case let .bool(value) = self { return value }
        return nil
    }

    /// `.array`, or nil for anything else.
    package var array: [JSONValue]? {
        if case let .array(value) = self { return value }
        return nil
    }

    /// `.object`, or nil for anything else.
    package var object: [String: JSONValue]? {
        if case let .object(value) = self { return value }
        return nil
    }

    /// A scalar as the text an answer or variable would hold (`true`, `8080`, `text`); nil for null, arrays and objects.
    package var scalarText: String? {
        switch self {
        case let .string(value): return value
        case let .int(value): return String(value)
        case let .double(value): return value.rounded() == value && abs(value) < 1e15 ? String(Int(value)) : String(value)
        case let .bool(value): return value ? "true" : "false"
        default: return nil
        }
    }
}
