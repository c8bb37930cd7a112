import DroverModel
import Foundation

/// A certificate of an environment, for load balancers' TLS. The private key stays in the store: nothing that lists
/// or shows certificates reads it (`certificateKey` is for the load balancer that serves it).
package struct StoredCertificate: Equatable, Sendable {
    package var id: String
    package var environmentId: String
    package var name: String
    package var certificate: String
    package var commonName: String?
    package var subjectAlternativeNames: [String]
    package var notBefore: Double
    package var notAfter: Double

    package init(id: String, environmentId: String, name: String, certificate: String, commonName: String?, subjectAlternativeNames: [String],
                 notBefore: Double, notAfter: Double) {
        self.id = id
        self.environmentId = environmentId
        self.name = name
        self.certificate = certificate
        self.commonName = commonName
        self.subjectAlternativeNames = subjectAlternativeNames
        self.notBefore = notBefore
        self.notAfter = notAfter
    }
}

extension StackStore {
    /// Stores a certificate with its key and records the event (which names the certificate, never the key).
    package func addCertificate(_ certificate: StoredCertificate, key: String, actor: String) throws {
        try database.write {
            try database.execute("""
                INSERT INTO certificates (id, environment_id, name, certificate, private_key, common_name, alternative_names, not_before, not_after, created)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, [certificate.id, certificate.environmentId, certificate.name, certificate.certificate, key, certificate.commonName,
                      try Self.json(certificate.subjectAlternativeNames), certificate.notBefore, certificate.notAfter, Date().timeIntervalSince1970])
            try appendEvent(environmentId: certificate.environmentId, type: "certificate", resourceId: certificate.id, actor: actor, action: "create",
                            message: "certificate \(certificate.name) added (\(certificate.commonName ?? "no common name"))")
        }
    }

    /// The certificates of an environment, by name.
    package func certificates(environmentId: String) throws -> [StoredCertificate] {
        try certificateRows("WHERE environment_id = ?", [environmentId])
    }

    /// One certificate, or nil.
    package func certificate(_ id: String) throws -> StoredCertificate? {
        try certificateRows("WHERE id = ?", [id]).first
    }

    /// The private key of a certificate, for the load balancer that serves it.
    package func certificateKey(_ id: String) throws -> String? {
        try database.execute("SELECT private_key FROM certificates WHERE id = ?", [id]).first?["private_key"].text
    }

    /// Deletes a certificate with its key and records the event.
    package func deleteCertificate(_ certificate: StoredCertificate, actor: String) throws {
        try database.write {
            try database.execute("DELETE FROM certificates WHERE id = ?", [certificate.id])
            try appendEvent(environmentId: certificate.environmentId, type: "certificate", resourceId: certificate.id, actor: actor, action: "removed",
                            message: "certificate \(certificate.name) removed")
        }
    }

    private func certificateRows(_ filter: String, _ values: [any SQLiteBindable]) throws -> [StoredCertificate] {
        try database.execute("""
            SELECT id, environment_id, name, certificate, common_name, alternative_names, not_before, not_after FROM certificates \(filter) ORDER BY name
            """, values).map { row in
            StoredCertificate(id: try row.text("id"), environmentId: try row.text("environment_id"), name: try row.text("name"),
                              certificate: try row.text("certificate"), commonName: row["common_name"].text,
                              subjectAlternativeNames: try Self.decode(try row.text("alternative_names")),
                              notBefore: row["not_before"].real ?? 0, notAfter: row["not_after"].real ?? 0)
        }
    }
}
