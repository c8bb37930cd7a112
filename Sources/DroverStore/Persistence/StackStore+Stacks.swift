import DroverModel
import Foundation

/// A stack row: its state, its current revision and, while an upgrade is neither finished nor rolled back, the
/// revision it came from.
package struct StoredStack: Equatable, Sendable {
    package var id: String
    package var environmentId: String
    package var name: String
    package var description: String?
    package var externalId: String?
    package var state: ResourceState
    package var transitioningMessage: String?
    package var currentRevision: Int
    package var previousRevision: Int?
    package var created: Double
    /// While `removing`: whether its named volumes go too (`drover rm -v`), so a restarted server removes them alike.
    package var removeVolumes: Bool = false
}

extension StackStore {
    /// One stack, or nil.
    package func stack(_ id: String) throws -> StoredStack? {
        try stackRows("WHERE id = ?", [id]).first
    }

    /// The stacks of an environment by name; every stack when `environmentId` is nil.
    package func stacks(environmentId: String?) throws -> [StoredStack] {
        guard let environmentId else { return try stackRows("", []) }
        return try stackRows("WHERE environment_id = ?", [environmentId])
    }

    /// Sets a stack's state and message and records the event, in one transaction.
    package func setStackState(_ id: String, state: ResourceState, message: String?, environmentId: String, actor: String, event: String) throws {
        try database.write {
            try database.execute("UPDATE stacks SET state = ?, transitioning_message = ? WHERE id = ?", [state, message, id])
            try appendEvent(environmentId: environmentId, type: "stack", resourceId: id, actor: actor, action: state.rawValue, message: event)
        }
    }

    /// Points a stack at revision `number`, remembering `previous` (nil once an upgrade is finished or rolled back).
    package func setRevision(_ stackId: String, current number: Int, previous: Int?) throws {
        try database.execute("""
            UPDATE stacks SET current_revision = ?, previous_revision = ?,
                external_id = (SELECT external_id FROM revisions WHERE stack_id = ? AND number = ?) WHERE id = ?
            """, [number, previous, stackId, number, stackId])
    }

    /// Keeps how the stack's current upgrade runs (batch size, interval, finish), so a restarted server resumes it
    /// the same way.
    package func setUpgradeOptions(_ stackId: String, _ options: Data) throws {
        try database.execute("UPDATE stacks SET upgrade_options = ? WHERE id = ?", [String(decoding: options, as: UTF8.self), stackId])
    }

    /// The options of the stack's last upgrade, or nil.
    package func upgradeOptions(_ stackId: String) throws -> Data? {
        try database.execute("SELECT upgrade_options FROM stacks WHERE id = ?", [stackId]).first?["upgrade_options"].text.map { Data($0.utf8) }
    }

    /// Records whether the stack's removal takes its named volumes.
    package func setRemoveVolumes(_ stackId: String, _ remove: Bool) throws {
        try database.execute("UPDATE stacks SET remove_volumes = ? WHERE id = ?", [remove, stackId])
    }

    /// Sets the stack's description.
    package func setDescription(_ stackId: String, _ description: String?) throws {
        try database.execute("UPDATE stacks SET description = ? WHERE id = ?", [description, stackId])
    }

    /// Deletes a stack with its services and revisions; its events stay in the log.
    package func deleteStack(_ id: String) throws {
        try database.execute("DELETE FROM stacks WHERE id = ?", [id])
    }

    private func stackRows(_ filter: String, _ values: [any SQLiteBindable]) throws -> [StoredStack] {
        try database.execute("SELECT * FROM stacks \(filter) ORDER BY name", values).map { row in
            StoredStack(id: try row.text("id"), environmentId: try row.text("environment_id"), name: try row.text("name"),
                        description: row["description"].text, externalId: row["external_id"].text, state: try row.value("state"),
                        transitioningMessage: row["transitioning_message"].text, currentRevision: try row.integer("current_revision"),
                        previousRevision: row["previous_revision"].integer.map(Int.init), created: row["created"].real ?? 0,
                        removeVolumes: row["remove_volumes"].integer == 1)
        }
    }
}
