/// A value SQLite stores or returns.
public enum SQLiteValue: Equatable, Sendable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByNilLiteral {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(nilLiteral: ()) { self = .null }

    /// Text, or nil for anything else.
    public var text: String? {
        if case let .text(value) = self { return value }
        return nil
    }

    /// An integer, or nil for anything else.
    public var integer: Int64? {
        if case let .integer(value) = self { return value }
        return nil
    }

    /// A number (real or integer), or nil for anything else.
    public var real: Double? {
        switch self {
        case let .real(value): return value
        case let .integer(value): return Double(value)
        default: return nil
        }
    }
}

/// Swift values that bind to statement parameters.
public protocol SQLiteBindable {
    var sqliteValue: SQLiteValue { get }
}

extension String: SQLiteBindable { public var sqliteValue: SQLiteValue { .text(self) } }
extension Int: SQLiteBindable { public var sqliteValue: SQLiteValue { .integer(Int64(self)) } }
extension Int64: SQLiteBindable { public var sqliteValue: SQLiteValue { .integer(self) } }
extension Double: SQLiteBindable { public var sqliteValue: SQLiteValue { .real(self) } }
extension Bool: SQLiteBindable { public var sqliteValue: SQLiteValue { .integer(self ? 1 : 0) } }
extension SQLiteValue: SQLiteBindable { public var sqliteValue: SQLiteValue { self } }
extension Optional: SQLiteBindable where Wrapped: SQLiteBindable {
    public var sqliteValue: SQLiteValue { self?.sqliteValue ?? .null }
}

/// One result row: values by column name.
public struct SQLiteRow: Sendable {
    public var columns: [String]
    public var values: [SQLiteValue]

    public subscript(_ name: String) -> SQLiteValue {
        guard let index = columns.firstIndex(of: name) else { return .null }
        return values[index]
    }

    /// Column `name` as text ("" when null).
    public func string(_ name: String) -> String { self[name].text ?? "" }
    /// Column `name` as an integer (0 when null).
    public func int(_ name: String) -> Int { Int(self[name].integer ?? 0) }
}
