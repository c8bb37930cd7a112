import DroverModel
import Foundation

/// A stack row: its state, its current revision and, while an upgrade is neither finished nor rolled back, the
/// revision it came from.
public struct StoredStack: Equatable, Sendable {
    public var id: String
    public var environmentId: String
    public var name: String
    public var description: String?
    public var externalId: String?
    public var state: String
    public var transitioningMessage: String?
    public var currentRevision: Int
    public var previousRevision: Int?
    public var created: Double
}

extension StackStore {
    /// One stack, or nil.
    public func stack(_ id: String) throws -> StoredStack? {
        try stackRows("WHERE id = ?", [id]).first
    }

    /// The stacks of an environment by name; every stack when `environmentId` is nil.
    public func stacks(environmentId: String?) throws -> [StoredStack] {
        guard let environmentId else { return try stackRows("", []) }
        return try stackRows("WHERE environment_id = ?", [environmentId])
    }

    /// Sets a stack's state and message and records the event, in one transaction.
    public func setStackState(_ id: String, state: String, message: String?, environmentId: String, actor: String, event: String) throws {
        try database.write {
            try database.execute("UPDATE stacks SET state = ?, transitioning_message = ? WHERE id = ?", [state, message, id])
            try appendEvent(environmentId: environmentId, type: "stack", resourceId: id, actor: actor, action: state, message: event)
        }
    }

    /// Points a stack at revision `number`, remembering `previous` (nil once an upgrade is finished or rolled back).
    public func setRevision(_ stackId: String, current number: Int, previous: Int?) throws {
        try database.execute("""
            UPDATE stacks SET current_revision = ?, previous_revision = ?,
                external_id = (SELECT external_id FROM revisions WHERE stack_id = ? AND number = ?) WHERE id = ?
            """, [number, previous, stackId, number, stackId])
    }

    /// Keeps how the stack's current upgrade runs (batch size, interval, finish), so a restarted server resumes it
    /// the same way.
    public func setUpgradeOptions(_ stackId: String, _ options: Data) throws {
        try database.execute("UPDATE stacks SET upgrade_options = ? WHERE id = ?", [String(decoding: options, as: UTF8.self), stackId])
    }

    /// The options of the stack's last upgrade, or nil.
    public func upgradeOptions(_ stackId: String) throws -> Data? {
        try database.execute("SELECT upgrade_options FROM stacks WHERE id = ?", [stackId]).first?["upgrade_options"].text.map { Data($0.utf8) }
    }

    /// Sets the stack's description.
    public func setDescription(_ stackId: String, _ description: String?) throws {
        try database.execute("UPDATE stacks SET description = ? WHERE id = ?", [description, stackId])
    }

    /// Deletes a stack with its services and revisions; its events stay in the log.
    public func deleteStack(_ id: String) throws {
        try database.execute("DELETE FROM stacks WHERE id = ?", [id])
    }

    private func stackRows(_ filter: String, _ values: [any SQLiteBindable]) throws -> [StoredStack] {
        try database.execute("SELECT * FROM stacks \(filter) ORDER BY name", values).map { row in
            StoredStack(id: row.string("id"), environmentId: row.string("environment_id"), name: row.string("name"),
                        description: row["description"].text, externalId: row["external_id"].text, state: row.string("state"),
                        transitioningMessage: row["transitioning_message"].text, currentRevision: row.int("current_revision"),
                        previousRevision: row["previous_revision"].integer.map(Int.init), created: row["created"].real ?? 0)
        }
    }
}
