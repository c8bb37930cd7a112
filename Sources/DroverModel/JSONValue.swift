import Foundation

/// Any JSON-shaped value: service metadata, answers of any type, free-form options.
package enum JSONValue: Codable, Hashable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    package init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Int.self) { self = .int(value) }
        else if let value = try? container.decode(Double.self) { self = .double(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    package func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case let .bool(value): try container.encode(value)
        case let .int(value): try container.encode(value)
        case let .double(value): try container.encode(value)
        case let .string(value): try container.encode(value)
        case let .array(value): try container.encode(value)
        case let .object(value): try container.encode(value)
        }
    }
}

extension JSONValue {
    /// The value without object fields that are null, empty lists or empty objects (for display and golden files).
    package var compacted: JSONValue {
        switch self {
        case let .object(fields):
            var kept: [String: JSONValue] = [:]
            for (key, value) in fields {
                let inner = value.compacted
                switch inner {
                case .null: continue
                case let .array(items) where items.isEmpty: continue
                case let .object(members) where members.isEmpty: continue
                default: kept[key] = inner
                }
            }
            return .object(kept)
        case let .array(items):
            return .array(items.map(\.compacted))
        default:
            return self
        }
    }
}

extension JSONValue {
    /// The field `key` of an object; nil for anything else or a missing field.
    package subscript(key: String) -> JSONValue? {
        if case let .object(fields) = self { return fields[key] }
        return nil
    }
}
