import DroverBasics
import DroverModel
import DroverStore
import Foundation

/// Who made a request: an admin, an environment's owner/member/read-only key, or a host's agent.
package struct Principal: Equatable, Sendable {
    package var accessKey: String
    package var role: KeyRole
    /// The one environment a non-admin key belongs to.
    package var environmentId: String?
    /// The host an agent credential belongs to.
    package var hostId: String?

    /// True when the key may see environment `id` (admins see all; others only their own).
    func sees(_ id: String) -> Bool {
        role == .admin || (role != .agent && environmentId == id)
    }

    /// True when the key may change things (not read-only, not an agent).
    var canWrite: Bool { role == .admin || role == .owner || role == .member }
}

/// HTTP basic authentication against the API keys in the store. Secrets are stored hashed; a secret that matched
/// once is remembered in memory so the hash is not recomputed on every request, and the principal of an
/// `Authorization` value is remembered until the database changes (a removed or changed key is looked up again).
package final class Authenticator: Sendable {
    let store: StackStore
    /// Access key → the secret that matched its hash once.
    private let verified = Locked<[String: String]>([:])
    private let principals = GenerationCache<String, Principal>(capacity: 1024)

    package init(store: StackStore) {
        self.store = store
    }

    /// The principal of a request's `Authorization: Basic` header, or nil when it is missing or wrong.
    func principal(authorization: String?) -> Principal? {
        guard let authorization else { return nil }
        return principals.value(authorization, generation: store.database.changeCount) { lookUp(authorization) }
    }

    /// The principal of an `Authorization` value from the store.
    private func lookUp(_ authorization: String) -> Principal? {
        guard authorization.lowercased().hasPrefix("basic "),
              let data = Data(base64Encoded: String(authorization.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
              let pair = String(data: data, encoding: .utf8), let colon = pair.firstIndex(of: ":") else { return nil }
        let access = String(pair[..<colon])
        let secret = String(pair[pair.index(after: colon)...])
        guard let key = try? store.key(access) else { return nil }
        if verified.withLock({ $0[access] }) != secret {
            guard SecretHash.verify(secret, against: key.secretHash) else { return nil }
            verified.withLock { $0[access] = secret }
        }
        return Principal(accessKey: access, role: key.role, environmentId: key.environmentId, hostId: key.hostId)
    }

    /// Makes a key with `role`; returns the access key and the secret (shown once, stored only hashed).
    package func createKey(role: KeyRole, environmentId: String?, hostId: String? = nil, name: String? = nil) throws -> (access: String, secret: String) {
        let access = SecretHash.token(20).uppercased()
        let secret = SecretHash.token(40)
        try store.addKey(StoredKey(accessKey: access, secretHash: SecretHash.hash(secret), environmentId: environmentId, role: role,
                                   hostId: hostId, name: name))
        return (access, secret)
    }

    /// Creates the first admin key when there is none and writes it to `file`, readable only by its owner;
    /// returns true when it did.
    package func ensureAdminKey(file: String) throws -> Bool {
        guard try store.keys(environmentId: nil).allSatisfy({ $0.role != .admin }) else { return false }
        let (access, secret) = try createKey(role: .admin, environmentId: nil, name: "admin")
        let text = "DROVER_ACCESS_KEY=\(access)\nDROVER_SECRET_KEY=\(secret)\n"
        guard FileManager.default.createFile(atPath: file, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw APIError(status: 500, code: "ServerError", message: "\(file): cannot write the admin key")
        }
        return true
    }
}
