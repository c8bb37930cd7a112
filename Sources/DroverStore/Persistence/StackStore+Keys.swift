import DroverModel
import Foundation

/// An API key: the access key, the hash of its secret, and what it may do (`admin`, or `owner`/`member`/`readonly`
/// in one environment, or `agent` for one host).
package struct StoredKey: Equatable, Sendable {
    package var accessKey: String
    package var secretHash: String
    package var environmentId: String?
    package var role: KeyRole
    package var hostId: String?
    package var name: String?

    package init(accessKey: String, secretHash: String, environmentId: String?, role: KeyRole, hostId: String? = nil, name: String? = nil) {
        self.accessKey = accessKey
        self.secretHash = secretHash
        self.environmentId = environmentId
        self.role = role
        self.hostId = hostId
        self.name = name
    }
}

extension StackStore {
    /// Stores a key (the secret already hashed).
    package func addKey(_ key: StoredKey) throws {
        try database.execute("""
            INSERT INTO api_keys (access_key, secret_hash, environment_id, role, host_id, name, created) VALUES (?, ?, ?, ?, ?, ?, ?)
            """, [key.accessKey, key.secretHash, key.environmentId, key.role, key.hostId, key.name, Date().timeIntervalSince1970])
    }

    /// The key with this access key, or nil.
    package func key(_ accessKey: String) throws -> StoredKey? {
        try database.execute("SELECT * FROM api_keys WHERE access_key = ?", [accessKey]).first.map(Self.key)
    }

    /// The keys of an environment (every key when nil), agents' host credentials left out.
    package func keys(environmentId: String?) throws -> [StoredKey] {
        let rows = environmentId == nil
            ? try database.execute("SELECT * FROM api_keys WHERE host_id IS NULL ORDER BY created")
            : try database.execute("SELECT * FROM api_keys WHERE host_id IS NULL AND environment_id = ? ORDER BY created", [environmentId])
        return try rows.map(Self.key)
    }

    /// Removes a host's earlier credentials (a re-registering agent gets a new one).
    package func removeHostKeys(hostId: String) throws {
        try database.execute("DELETE FROM api_keys WHERE host_id = ?", [hostId])
    }

    /// Stores a registration token for an environment.
    package func addRegistrationToken(_ token: String, environmentId: String) throws {
        try database.execute("INSERT INTO registration_tokens (token, environment_id, created) VALUES (?, ?, ?)",
                             [token, environmentId, Date().timeIntervalSince1970])
    }

    /// The registration tokens of an environment (every one when nil): token → environment id.
    package func registrationTokens(environmentId: String?) throws -> [(token: String, environmentId: String)] {
        let rows = environmentId == nil
            ? try database.execute("SELECT * FROM registration_tokens ORDER BY created")
            : try database.execute("SELECT * FROM registration_tokens WHERE environment_id = ? ORDER BY created", [environmentId])
        return try rows.map { (try $0.text("token"), try $0.text("environment_id")) }
    }

    private static func key(_ row: SQLiteRow) throws -> StoredKey {
        StoredKey(accessKey: try row.text("access_key"), secretHash: try row.text("secret_hash"), environmentId: row["environment_id"].text,
                  role: try row.value("role"), hostId: row["host_id"].text, name: row["name"].text)
    }
}
