import Foundation

/// Encodes any `Encodable` straight into a `JSONValue`, without going through bytes: the server builds its typed
/// resources and writes them with its own writer at the cost of building the values by hand. Optional properties
/// that are nil are written as `null`, as Rancher's API shows them, not left out.
package struct JSONValueEncoder {
    package init() {}

    package func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        if let json = value as? JSONValue { return json }
        let box = ValueBox()
        try encodeValue(value, into: box, codingPath: [])
        return box.resolved
    }
}

extension JSONValue {
    /// The JSON form of any encodable value.
    package init<T: Encodable>(encoding value: T) throws {
        self = try JSONValueEncoder().encode(value)
    }
}

/// Where one value being encoded ends up; containers write into their parent's box when they are done.
private final class ValueBox {
    var value: JSONValue?
    var object: [String: ValueBox] = [:]
    var items: [ValueBox] = []
    var kind: Kind = .single

    /// What the box holds: one value, or the entries or items of its children.
    enum Kind { case single, object, array }

    /// The finished value of this box and every box inside it.
    var resolved: JSONValue {
        switch kind {
        case .single: return value ?? .null
        case .object: return .object(object.mapValues(\.resolved))
        case .array: return .array(items.map(\.resolved))
        }
    }
}

/// The encoder a value encodes itself into: it hands out containers that write into `box`.
private struct ValueEncoder: Encoder {
    let box: ValueBox
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        box.kind = .object
        return KeyedEncodingContainer(KeyedContainer<Key>(box: box, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        box.kind = .array
        return UnkeyedContainer(box: box, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleContainer(box: box, codingPath: codingPath)
    }
}

/// Encodes one value into a box: scalars directly, anything else through its own `encode(to:)`.
private func encodeValue<T: Encodable>(_ value: T, into box: ValueBox, codingPath: [any CodingKey]) throws {
    switch value {
    case let value as String: box.value = .string(value)
    case let value as Bool: box.value = .bool(value)
    case let value as Int: box.value = .int(value)
    case let value as Int64: box.value = .int(Int(value))
    case let value as Double: box.value = value.isFinite ? .double(value) : .null
    case let value as JSONValue: box.value = value
    case let value as URL: box.value = .string(value.absoluteString)
    case let value as Date: box.value = .double(value.timeIntervalSince1970)
    default:
        try value.encode(to: ValueEncoder(box: box, codingPath: codingPath))
    }
}

/// An object's fields, each in a child box.
private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let box: ValueBox
    let codingPath: [any CodingKey]

    private func child(_ key: Key) -> ValueBox {
        let child = ValueBox()
        box.object[key.stringValue] = child
        return child
    }

    mutating func encodeNil(forKey key: Key) throws { child(key).value = .null }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try encodeValue(value, into: child(key), codingPath: codingPath + [key])
    }

    // A nil optional is written as null, not left out.
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
        guard let value else { return try encodeNil(forKey: key) }
        try encode(value, forKey: key)
    }

    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws {
        guard let value else { return try encodeNil(forKey: key) }
        try encode(value, forKey: key)
    }

    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws {
        guard let value else { return try encodeNil(forKey: key) }
        try encode(value, forKey: key)
    }

    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws {
        guard let value else { return try encodeNil(forKey: key) }
        try encode(value, forKey: key)
    }

    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws {
        guard let value else { return try encodeNil(forKey: key) }
        try encode(value, forKey: key)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let nested = child(key)
        nested.kind = .object
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(box: nested, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = child(key)
        nested.kind = .array
        return UnkeyedContainer(box: nested, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder { ValueEncoder(box: box, codingPath: codingPath) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { ValueEncoder(box: child(key), codingPath: codingPath + [key]) }
}

/// An array's items, each in a child box.
private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let box: ValueBox
    let codingPath: [any CodingKey]
    var count: Int { box.items.count }

    private func next() -> ValueBox {
        let child = ValueBox()
        box.items.append(child)
        return child
    }

    mutating func encodeNil() throws { next().value = .null }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try encodeValue(value, into: next(), codingPath: codingPath)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = next()
        nested.kind = .object
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(box: nested, codingPath: codingPath))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = next()
        nested.kind = .array
        return UnkeyedContainer(box: nested, codingPath: codingPath)
    }

    mutating func superEncoder() -> any Encoder { ValueEncoder(box: next(), codingPath: codingPath) }
}

/// One value written into the box itself.
private struct SingleContainer: SingleValueEncodingContainer {
    let box: ValueBox
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { box.value = .null }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try encodeValue(value, into: box, codingPath: codingPath)
    }
}
