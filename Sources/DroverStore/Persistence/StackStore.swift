import DroverModel
import Foundation

/// A stored revision: everything needed to plan against, or roll back to, one accepted state of a stack.
package struct StoredRevision: Equatable, Sendable {
    package var stackId: String
    package var number: Int
    package var dockerCompose: String
    package var rancherCompose: String?
    package var answers: [String: String]
    package var definition: StackDefinition
    package var externalId: String?

    package init(stackId: String, number: Int, dockerCompose: String, rancherCompose: String?, answers: [String: String],
                definition: StackDefinition, externalId: String?) {
        self.stackId = stackId
        self.number = number
        self.dockerCompose = dockerCompose
        self.rancherCompose = rancherCompose
        self.answers = answers
        self.definition = definition
        self.externalId = externalId
    }
}

/// One entry of the event log.
package struct StoredEvent: Equatable, Sendable {
    package var id: Int
    package var environmentId: String?
    package var resourceType: String
    package var resourceId: String
    package var actor: String
    package var action: String
    package var message: String
    /// Seconds since 1970.
    package var created: Double
}

/// Persistence of environments, stacks, their immutable revisions and the event log. Every change is one
/// transaction: a failure anywhere leaves no trace.
package final class StackStore: Sendable {
    package let database: Database
    /// Wakes those waiting for new events.
    package let eventSignal = EventSignal()

    /// Opens (and migrates) the database at `path`.
    package init(path: String) throws(StoreError) {
        database = try Database(path: path)
        try database.migrate(Schema.migrations)
    }

    /// Creates an environment and records the event.
    package func createEnvironment(id: String, name: String, actor: String) throws {
        try database.write {
            try database.execute("INSERT INTO environments (id, name, created) VALUES (?, ?, ?)", [id, name, Date().timeIntervalSince1970])
            try appendEvent(environmentId: id, type: "project", resourceId: id, actor: actor, action: "create", message: "environment \(name) created")
        }
    }

    /// Creates a stack with its first revision and records the event, all in one transaction.
    @discardableResult
    package func createStack(id: String, environmentId: String, name: String, revision: StoredRevision, actor: String) throws -> StoredRevision {
        try database.write {
            try database.execute("""
                INSERT INTO stacks (id, environment_id, name, external_id, state, current_revision, created)
                VALUES (?, ?, ?, ?, 'requested', NULL, ?)
                """, [id, environmentId, name, revision.externalId, Date().timeIntervalSince1970])
            let stored = try addRevision(stackId: id, revision, actor: actor)
            try appendEvent(environmentId: environmentId, type: "stack", resourceId: id, actor: actor, action: "create",
                            message: "stack \(name) created at revision \(stored.number)")
            return stored
        }
    }

    /// Stores the next revision of a stack and makes it current; revisions are numbered 1, 2, … and never change.
    @discardableResult
    package func addRevision(stackId: String, _ revision: StoredRevision, actor: String) throws -> StoredRevision {
        try database.write {
            let next = (try database.execute("SELECT max(number) AS n FROM revisions WHERE stack_id = ?", [stackId]).first?["n"].integer.map(Int.init) ?? 0) + 1
            var stored = revision
            stored.stackId = stackId
            stored.number = next
            try database.execute("""
                INSERT INTO revisions (stack_id, number, docker_compose, rancher_compose, answers, definition, external_id, created)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, [stackId, next, revision.dockerCompose, revision.rancherCompose, try Self.json(revision.answers),
                      try Self.json(revision.definition), revision.externalId, Date().timeIntervalSince1970])
            try database.execute("UPDATE stacks SET current_revision = ?, external_id = ? WHERE id = ?", [next, revision.externalId, stackId])
            return stored
        }
    }

    /// Every revision of a stack, oldest first.
    package func revisions(stackId: String) throws -> [StoredRevision] {
        try revisionRows(try database.execute("SELECT * FROM revisions WHERE stack_id = ? ORDER BY number", [stackId]))
    }

    /// Revision `number` of a stack, or nil.
    package func revision(stackId: String, number: Int) throws -> StoredRevision? {
        try revisionRows(try database.execute("SELECT * FROM revisions WHERE stack_id = ? AND number = ?", [stackId, number])).first
    }

    private func revisionRows(_ rows: [SQLiteRow]) throws -> [StoredRevision] {
        try rows.map { row in
            StoredRevision(stackId: try row.text("stack_id"), number: try row.integer("number"), dockerCompose: try row.text("docker_compose"),
                           rancherCompose: row["rancher_compose"].text, answers: try Self.decode(try row.text("answers")),
                           definition: try Self.decode(try row.text("definition")), externalId: row["external_id"].text)
        }
    }

    /// Appends to the event log (inside the caller's transaction when there is one).
    package func appendEvent(environmentId: String?, type: String, resourceId: String, actor: String, action: String, message: String) throws {
        try database.execute("""
            INSERT INTO events (environment_id, resource_type, resource_id, actor, action, message, created) VALUES (?, ?, ?, ?, ?, ?, ?)
            """, [environmentId, type, resourceId, actor, action, message, Date().timeIntervalSince1970])
        eventSignal.bump()
    }

    /// Events after `afterId`, oldest first; only those of one environment when `environmentId` is given.
    /// With `stackId` (`<environment>/<stack>`), only the events of that stack, its services and their containers
    /// (container events name the instance, `<stack>/<service>/…`).
    package func events(environmentId: String? = nil, afterId: Int = 0, limit: Int = 1000, stackId: String? = nil) throws -> [StoredEvent] {
        let servicePrefix = stackId.map { $0 + "/" }
        let instancePrefix = stackId.map { String($0.split(separator: "/").last ?? "") + "/" }
        return try eventRows(try database.execute("""
            SELECT * FROM events WHERE id > ? AND (? IS NULL OR environment_id = ?)
              AND (? IS NULL OR (resource_type = 'stack' AND resource_id = ?)
                   OR (resource_type = 'service' AND substr(resource_id, 1, length(?)) = ?)
                   OR (resource_type = 'container' AND substr(resource_id, 1, length(?)) = ?))
            ORDER BY id LIMIT ?
            """, [afterId, environmentId, environmentId, stackId, stackId, servicePrefix, servicePrefix, instancePrefix, instancePrefix,
                  limit]))
    }

    /// The newest `count` events of an environment, oldest first.
    package func latestEvents(environmentId: String, count: Int) throws -> [StoredEvent] {
        try eventRows(try database.execute("SELECT * FROM events WHERE environment_id = ? ORDER BY id DESC LIMIT ?", [environmentId, count])).reversed()
    }

    private func eventRows(_ rows: [SQLiteRow]) throws -> [StoredEvent] {
        try rows.map { row in
            StoredEvent(id: try row.integer("id"), environmentId: row["environment_id"].text, resourceType: try row.text("resource_type"),
                        resourceId: try row.text("resource_id"), actor: try row.text("actor"), action: try row.text("action"),
                        message: try row.text("message"), created: row["created"].real ?? 0)
        }
    }

    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ text: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(text.utf8))
    }
}
