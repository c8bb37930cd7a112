/// A value SQLite stores or returns.
package enum SQLiteValue: Equatable, Sendable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByNilLiteral {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    package init(stringLiteral value: String) { self = .text(value) }
    package init(integerLiteral value: Int64) { self = .integer(value) }
    package init(nilLiteral: ()) { self = .null }

    /// Text, or nil for anything else.
    package var text: String? {
        if case let .text(value) = self { return value }
        return nil
    }

    /// An integer, or nil for anything else.
    package var integer: Int64? {
        if case let .integer(value) = self { return value }
        return nil
    }

    /// A number (real or integer), or nil for anything else.
    package var real: Double? {
        switch self {
        case let .real(value): return value
        case let .integer(value): return Double(value)
        default: return nil
        }
    }
}

/// Swift values that bind to statement parameters.
package protocol SQLiteBindable {
    var sqliteValue: SQLiteValue { get }
}

extension String: SQLiteBindable { package var sqliteValue: SQLiteValue { .text(self) } }
extension Int: SQLiteBindable { package var sqliteValue: SQLiteValue { .integer(Int64(self)) } }
extension Int64: SQLiteBindable { package var sqliteValue: SQLiteValue { .integer(self) } }
extension Double: SQLiteBindable { package var sqliteValue: SQLiteValue { .real(self) } }
extension Bool: SQLiteBindable { package var sqliteValue: SQLiteValue { .integer(self ? 1 : 0) } }
extension SQLiteValue: SQLiteBindable { package var sqliteValue: SQLiteValue { self } }

/// Enums stored by their raw value (states, kinds, roles): bound as that value, read back with `SQLiteRow.value`.
extension SQLiteBindable where Self: RawRepresentable, RawValue: SQLiteBindable {
    package var sqliteValue: SQLiteValue { rawValue.sqliteValue }
}
extension Optional: SQLiteBindable where Wrapped: SQLiteBindable {
    package var sqliteValue: SQLiteValue { self?.sqliteValue ?? .null }
}

/// One result row: values by column name. The typed readers refuse what the column must not hold (a NULL, text
/// where a number belongs, a word no enum case has) with an error naming the table and the column.
package struct SQLiteRow: Sendable {
    package var columns: [String]
    /// The table each column comes from (nil for an expression such as `COUNT(*)`).
    package var tables: [String?]
    package var values: [SQLiteValue]

    package subscript(_ name: String) -> SQLiteValue {
        guard let index = columns.firstIndex(of: name) else { return .null }
        return values[index]
    }

    /// Column `name` as text; NULL is an error.
    package func text(_ name: String) throws(StoreError) -> String {
        guard let text = self[name].text else { throw invalid(name, expected: "text") }
        return text
    }

    /// Column `name` as an integer; NULL is an error.
    package func integer(_ name: String) throws(StoreError) -> Int {
        guard let number = self[name].integer else { throw invalid(name, expected: "an integer") }
        return Int(number)
    }

    /// Column `name` as a case of `T` (a state, kind or role stored by its raw value); NULL or an unknown word is an
    /// error that lists the cases.
    package func value<T: RawRepresentable & CaseIterable>(_ name: String, as type: T.Type = T.self) throws(StoreError) -> T
        where T.RawValue == String {
        let raw = try text(name)
        guard let value = T(rawValue: raw) else {
            throw invalid(name, expected: "one of " + T.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return value
    }

    /// Column `name` as a case of `T`, or nil when NULL.
    package func optionalValue<T: RawRepresentable & CaseIterable>(_ name: String, as type: T.Type = T.self) throws(StoreError) -> T?
        where T.RawValue == String {
        self[name] == .null ? nil : try value(name, as: type)
    }

    private func invalid(_ column: String, expected: String) -> StoreError {
        let index = columns.firstIndex(of: column)
        return .invalidColumn(table: index.flatMap { tables[$0] } ?? "?", column: column,
                              found: index.map { "\(values[$0])" } ?? "no such column", expected: expected)
    }
}
