import DroverModel
import Foundation

/// An environment (Rancher's project).
package struct StoredEnvironment: Equatable, Sendable {
    package var id: String
    package var name: String

    package init(id: String, name: String) {
        self.id = id
        self.name = name
    }
}

/// A host row: what its agent registered and when it was last heard from.
package struct StoredHost: Equatable, Sendable {
    package var id: String
    package var environmentId: String
    package var name: String
    package var address: String?
    package var labels: [String: String]
    package var state: HostState
    package var dockerVersion: String?
    package var memory: Int64?
    package var cpu: Int?
    package var lastHeartbeat: Double?
}

extension StackStore {
    /// Every environment, by name.
    package func environments() throws -> [StoredEnvironment] {
        try database.execute("SELECT id, name FROM environments ORDER BY name").map { StoredEnvironment(id: try $0.text("id"), name: try $0.text("name")) }
    }

    /// The environment with this id or name, or nil.
    package func environment(_ idOrName: String) throws -> StoredEnvironment? {
        try database.execute("SELECT id, name FROM environments WHERE id = ? OR name = ? ORDER BY id = ? DESC", [idOrName, idOrName, idOrName])
            .first.map { StoredEnvironment(id: try $0.text("id"), name: try $0.text("name")) }
    }

    /// Registers a host, or refreshes the one of the same name in the environment (keeping its id, so its agent
    /// re-adopts its containers); returns it, active, with a fresh heartbeat.
    package func registerHost(environmentId: String, _ registration: HostRegistration, newId: String, actor: String) throws -> StoredHost {
        try database.write {
            let now = Date().timeIntervalSince1970
            let existing = try database.execute("SELECT id FROM hosts WHERE environment_id = ? AND name = ?", [environmentId, registration.name]).first
            let id = try existing?.text("id") ?? newId
            let labels = try Self.json(registration.labels)
            if existing == nil {
                try database.execute("""
                    INSERT INTO hosts (id, environment_id, name, address, labels, state, docker_version, memory, cpu, last_heartbeat, created)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, [id, environmentId, registration.name, registration.address, labels, HostState.active, registration.dockerVersion,
                          registration.memory, registration.cpu, now, now])
            } else {
                try database.execute("""
                    UPDATE hosts SET address = ?, labels = ?, state = ?, docker_version = ?, memory = ?, cpu = ?, last_heartbeat = ?
                    WHERE id = ?
                    """, [registration.address, labels, HostState.active, registration.dockerVersion, registration.memory, registration.cpu, now, id])
            }
            try appendEvent(environmentId: environmentId, type: "host", resourceId: id, actor: actor, action: "register",
                            message: "host \(registration.name) registered" + (existing == nil ? "" : " again (same id, containers re-adopted)"))
            return try host(id)!
        }
    }

    /// Records a heartbeat; a disconnected host becomes active again (with an event).
    package func heartbeat(hostId: String) throws {
        try database.write {
            let now = Date().timeIntervalSince1970
            if let host = try host(hostId), host.state == .disconnected {
                try appendEvent(environmentId: host.environmentId, type: "host", resourceId: hostId, actor: "agent", action: "active",
                                message: "host \(host.name) reconnected")
            }
            try database.execute("UPDATE hosts SET last_heartbeat = ?, state = ? WHERE id = ?", [now, HostState.active, hostId])
        }
    }

    /// Marks active hosts not heard from since `before` as disconnected, each with an event; returns them.
    @discardableResult
    package func disconnectHosts(silentSince before: Double) throws -> [StoredHost] {
        try database.write {
            let lost = try hostRows("WHERE state = ? AND last_heartbeat < ?", [HostState.active, before])
            for host in lost {
                try database.execute("UPDATE hosts SET state = ? WHERE id = ?", [HostState.disconnected, host.id])
                try appendEvent(environmentId: host.environmentId, type: "host", resourceId: host.id, actor: "drover", action: "disconnected",
                                message: "host \(host.name) missed its heartbeats; its instructions wait until it is back")
            }
            return lost
        }
    }

    /// One host, or nil.
    package func host(_ id: String) throws -> StoredHost? {
        try hostRows("WHERE id = ?", [id]).first
    }

    /// The hosts of an environment by name; every host when `environmentId` is nil.
    package func hosts(environmentId: String?) throws -> [StoredHost] {
        guard let environmentId else { return try hostRows("", []) }
        return try hostRows("WHERE environment_id = ?", [environmentId])
    }

    private func hostRows(_ filter: String, _ values: [any SQLiteBindable]) throws -> [StoredHost] {
        try database.execute("SELECT * FROM hosts \(filter) ORDER BY name", values).map { row in
            StoredHost(id: try row.text("id"), environmentId: try row.text("environment_id"), name: try row.text("name"), address: row["address"].text,
                       labels: try Self.decode(try row.text("labels")), state: try row.value("state"), dockerVersion: row["docker_version"].text,
                       memory: row["memory"].integer, cpu: row["cpu"].integer.map(Int.init), lastHeartbeat: row["last_heartbeat"].real)
        }
    }
}
