/// Why a store operation failed.
package enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// SQLite refused: its extended result code, message and the statement.
    case sqlite(code: Int32, message: String, sql: String)
    /// The database file cannot be opened.
    case open(path: String, message: String)
    /// A migration failed; nothing of it was applied.
    case migration(id: String, message: String)
    /// A stored value is not what its column must hold (a NULL where a value is required, an unknown state).
    case invalidColumn(table: String, column: String, found: String, expected: String)

    package var description: String {
        switch self {
        case let .sqlite(code, message, sql): return "SQLite error \(code): \(message) (in: \(sql.prefix(200)))"
        case let .open(path, message): return "cannot open database \(path): \(message)"
        case let .migration(id, message): return "migration \(id) failed: \(message)"
        case let .invalidColumn(table, column, found, expected):
            return "the database holds \(found) in \(table).\(column), which must be \(expected); was it changed by hand?"
        }
    }

    /// A UNIQUE, PRIMARY KEY or FOREIGN KEY constraint stopped the statement.
    package var isConstraint: Bool {
        if case let .sqlite(code, _, _) = self { return code & 0xff == 19 }
        return false
    }
}
