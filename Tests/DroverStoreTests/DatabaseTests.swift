@testable import DroverStore
import Foundation
import XCTest

/// The SQLite layer on a fresh database file per test.
final class DatabaseTests: XCTestCase {
    private var path = ""
    private var database: Database!

    override func setUpWithError() throws {
        path = NSTemporaryDirectory() + "drover-store-\(UUID().uuidString).sqlite"
        database = try Database(path: path)
        try database.migrate([Migration(id: "001-items", statements: [
            "CREATE TABLE parents (id TEXT PRIMARY KEY)",
            "CREATE TABLE items (id INTEGER PRIMARY KEY, parent TEXT NOT NULL REFERENCES parents(id), name TEXT UNIQUE, size REAL, data BLOB)",
        ])])
    }

    override func tearDown() {
        database = nil
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    func testValuesRoundTrip() throws {
        try database.execute("INSERT INTO parents (id) VALUES (?)", ["p"])
        try database.execute("INSERT INTO items (parent, name, size, data) VALUES (?, ?, ?, ?)",
                             ["p", "a", 1.5, SQLiteValue.blob([1, 2, 3])])
        try database.execute("INSERT INTO items (parent, name, size, data) VALUES (?, ?, ?, ?)", ["p", Optional<String>.none, 2.0, SQLiteValue.null])
        let rows = try database.execute("SELECT id, name, size, data FROM items ORDER BY id")
        XCTAssertEqual(rows.count, 2)
        XCTAssertEqual(rows[0]["name"], .text("a"))
        XCTAssertEqual(rows[0]["size"], .real(1.5))
        XCTAssertEqual(rows[0]["data"], .blob([1, 2, 3]))
        XCTAssertEqual(rows[1]["name"], .null)
        XCTAssertEqual(rows[1]["id"].integer, 2)
        XCTAssertEqual(database.lastInsertRowID, 2)
    }

    func testWALAndForeignKeysAreOn() throws {
        XCTAssertEqual(try database.execute("PRAGMA journal_mode").first?["journal_mode"].text, "wal")
        XCTAssertEqual(try database.execute("PRAGMA foreign_keys").first?["foreign_keys"].integer, 1)
        XCTAssertThrowsError(try database.execute("INSERT INTO items (parent, name) VALUES (?, ?)", ["missing", "x"])) { error in
            XCTAssertTrue((error as! StoreError).isConstraint, "\(error)")
        }
    }

    func testFailedTransactionLeavesNoTrace() throws {
        try database.execute("INSERT INTO parents (id) VALUES ('p')")
        XCTAssertThrowsError(try database.write {
            try database.execute("INSERT INTO items (parent, name) VALUES ('p', 'first')")
            try database.write { try database.execute("INSERT INTO items (parent, name) VALUES ('p', 'second')") }
            try database.execute("INSERT INTO items (parent, name) VALUES ('p', 'first')")
        })
        XCTAssertEqual(try database.execute("SELECT count(*) AS n FROM items").first?["n"].integer, 0)
        try database.write { try database.execute("INSERT INTO items (parent, name) VALUES ('p', 'kept')") }
        XCTAssertEqual(try database.execute("SELECT name FROM items").map { try $0.text("name") }, ["kept"])
    }

    func testErrorsCarryCodeMessageAndSQL() {
        XCTAssertThrowsError(try database.execute("SELEKT 1")) { error in
            guard case let .sqlite(code, message, sql) = error as! StoreError else { return XCTFail("\(error)") }
            XCTAssertEqual(code, 1)
            XCTAssertTrue(message.contains("syntax error"), message)
            XCTAssertEqual(sql, "SELEKT 1")
        }
    }

    func testMigrationsApplyOnceAndFailedOnesRollBack() throws {
        try database.migrate([Migration(id: "001-items", statements: ["CREATE TABLE items (x)"])])
        XCTAssertThrowsError(try database.migrate([Migration(id: "002-broken", statements: ["CREATE TABLE t2 (x)", "NOT SQL"])])) { error in
            guard case let .migration(id, _) = error as! StoreError else { return XCTFail("\(error)") }
            XCTAssertEqual(id, "002-broken")
        }
        XCTAssertEqual(try database.execute("SELECT name FROM sqlite_master WHERE name = 't2'").count, 0)
        XCTAssertEqual(try database.execute("SELECT id FROM schema_migrations").map { try $0.text("id") }, ["001-items"])
        let reopened = try Database(path: path)
        try reopened.migrate([Migration(id: "001-items", statements: ["CREATE TABLE items (x)"])])
        XCTAssertEqual(try reopened.execute("SELECT count(*) AS n FROM schema_migrations").first?["n"].integer, 1)
    }

    func testConcurrentWritersFromThreads() throws {
        try database.execute("INSERT INTO parents (id) VALUES ('p')")
        let shared: Database = database
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            for index in 0..<25 {
                try! shared.write { try shared.execute("INSERT INTO items (parent, name) VALUES ('p', ?)", ["\(worker)-\(index)"]) }
            }
        }
        XCTAssertEqual(try database.execute("SELECT count(*) AS n FROM items").first?["n"].integer, 200)
    }
}
