import CSQLite
import Foundation

/// The one owner of a SQLite connection: WAL, busy timeout, foreign keys, a statement cache, and write transactions
/// (`BEGIN IMMEDIATE`, rolled back on any error). Thread-safe: calls are serialised by a lock.
package final class Database: @unchecked Sendable {
    // Safe: the connection, the statement cache and the transaction depth are used only while `lock` is held.
    package let path: String
    private let connection: OpaquePointer
    private var statements: [String: Statement] = [:]
    private let lock = NSRecursiveLock()
    private var transactionDepth = 0

    /// Opens (creating if needed) the database at `path`; `":memory:"` for a private in-memory one.
    package init(path: String, busyTimeoutMillis: Int32 = 5000) throws(StoreError) {
        self.path = path
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX
        guard sqlite3_open_v2(path, &handle, flags, nil) == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close(handle)
            throw .open(path: path, message: message)
        }
        connection = handle
        sqlite3_extended_result_codes(handle, 1)
        sqlite3_busy_timeout(handle, busyTimeoutMillis)
        try execute("PRAGMA journal_mode = WAL")
        try execute("PRAGMA synchronous = NORMAL")
        try execute("PRAGMA foreign_keys = ON")
    }

    deinit {
        statements.removeAll()
        sqlite3_close(connection)
    }

    /// Runs one statement with positional parameters and returns its rows.
    @discardableResult
    package func execute(_ sql: String, _ values: [any SQLiteBindable] = []) throws(StoreError) -> [SQLiteRow] {
        lock.lock()
        defer { lock.unlock() }
        let statement: Statement
        if let cached = statements[sql] {
            statement = cached
        } else {
            statement = try Statement(connection: connection, sql: sql)
            statements[sql] = statement
        }
        return try statement.run(values.map(\.sqliteValue))
    }

    /// Runs `body` in one write transaction: committed when it returns, rolled back when it throws.
    /// Nested calls join the outer transaction.
    @discardableResult
    package func write<T>(_ body: () throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        if transactionDepth > 0 {
            transactionDepth += 1
            defer { transactionDepth -= 1 }
            return try body()
        }
        try execute("BEGIN IMMEDIATE")
        transactionDepth = 1
        do {
            let result = try body()
            transactionDepth = 0
            try execute("COMMIT")
            return result
        } catch {
            transactionDepth = 0
            _ = try? execute("ROLLBACK")
            throw error
        }
    }

    /// Rows changed through this connection since it opened: a number that moves with every write, so answers
    /// computed from the database can be cached until it moves.
    /// Read without waiting for a transaction in progress (the connection is opened FULLMUTEX, so SQLite serialises
    /// the call itself): an answer built after this read waits for the commit, so it is never older than the number.
    package var changeCount: Int64 {
        sqlite3_total_changes64(connection)
    }

    /// The rowid of the last insert on this connection.
    package var lastInsertRowID: Int64 {
        lock.lock()
        defer { lock.unlock() }
        return sqlite3_last_insert_rowid(connection)
    }

    /// Applies the migrations not yet recorded in `schema_migrations`, each in its own transaction, in order.
    package func migrate(_ migrations: [Migration]) throws(StoreError) {
        try execute("CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at REAL NOT NULL)")
        let applied = Set(try execute("SELECT id FROM schema_migrations").map { row throws(StoreError) in try row.text("id") })
        for migration in migrations where !applied.contains(migration.id) {
            do {
                try write {
                    for statement in migration.statements { try execute(statement) }
                    try execute("INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)", [migration.id, Date().timeIntervalSince1970])
                }
            } catch {
                throw .migration(id: migration.id, message: "\(error)")
            }
        }
    }
}

/// A numbered schema change: statements applied together, recorded by `id`.
package struct Migration: Sendable {
    package var id: String
    package var statements: [String]

    package init(id: String, statements: [String]) {
        self.id = id
        self.statements = statements
    }
}
