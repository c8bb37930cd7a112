/// The body of `POST …/stacks` (create) and of the stack actions `upgrade`, `plan`, `rollback` and
/// `continueupgrade`: compose texts or a catalog `externalId` with answers, and rancher `up`'s upgrade flags. The
/// CLI sends it, the server reads it: one type, so a field is spelled once.
package struct StackRequest: Codable, Equatable, Sendable {
    package var name: String?
    package var description: String?
    package var dockerCompose: String?
    package var rancherCompose: String?
    /// `catalog://<catalog>:<template>:<version>`.
    package var externalId: String?
    /// Answers of a catalog template, or the variables compose texts are interpolated with (also read as `answers`;
    /// numbers and booleans are taken as their text).
    package var environment: [String: String]?
    package var forceUpgrade: Bool?
    package var prune: Bool?
    package var batchSize: Int?
    package var intervalMillis: Int?
    package var finishUpgrade: Bool?
    package var rollbackOnFailure: Bool?
    /// `rollback` to a stored revision instead of the previous one.
    package var revision: Int?
    /// Plan only: nothing is written.
    package var dryRun: Bool?

    package init(name: String? = nil, description: String? = nil, dockerCompose: String? = nil, rancherCompose: String? = nil,
                 externalId: String? = nil, environment: [String: String]? = nil, forceUpgrade: Bool? = nil, prune: Bool? = nil,
                 batchSize: Int? = nil, intervalMillis: Int? = nil, finishUpgrade: Bool? = nil, rollbackOnFailure: Bool? = nil,
                 revision: Int? = nil, dryRun: Bool? = nil) {
        self.name = name
        self.description = description
        self.dockerCompose = dockerCompose
        self.rancherCompose = rancherCompose
        self.externalId = externalId
        self.environment = environment
        self.forceUpgrade = forceUpgrade
        self.prune = prune
        self.batchSize = batchSize
        self.intervalMillis = intervalMillis
        self.finishUpgrade = finishUpgrade
        self.rollbackOnFailure = rollbackOnFailure
        self.revision = revision
        self.dryRun = dryRun
    }

    private enum CodingKeys: String, CodingKey {
        case name, description, dockerCompose, rancherCompose, externalId, environment, answers, forceUpgrade, prune, batchSize
        case intervalMillis, finishUpgrade, rollbackOnFailure, revision, dryRun
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        description = try container.decodeIfPresent(String.self, forKey: .description)
        dockerCompose = try container.decodeIfPresent(String.self, forKey: .dockerCompose)
        rancherCompose = try container.decodeIfPresent(String.self, forKey: .rancherCompose)
        externalId = try container.decodeIfPresent(String.self, forKey: .externalId)
        let answers = try container.decodeIfPresent([String: ScalarText].self, forKey: .environment)
            ?? container.decodeIfPresent([String: ScalarText].self, forKey: .answers)
        environment = answers?.mapValues(\.text)
        forceUpgrade = try container.decodeIfPresent(Bool.self, forKey: .forceUpgrade)
        prune = try container.decodeIfPresent(Bool.self, forKey: .prune)
        batchSize = try container.decodeIfPresent(Int.self, forKey: .batchSize)
        intervalMillis = try container.decodeIfPresent(Int.self, forKey: .intervalMillis)
        finishUpgrade = try container.decodeIfPresent(Bool.self, forKey: .finishUpgrade)
        rollbackOnFailure = try container.decodeIfPresent(Bool.self, forKey: .rollbackOnFailure)
        revision = try container.decodeIfPresent(Int.self, forKey: .revision)
        dryRun = try container.decodeIfPresent(Bool.self, forKey: .dryRun)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(name, forKey: .name)
        try container.encodeIfPresent(description, forKey: .description)
        try container.encodeIfPresent(dockerCompose, forKey: .dockerCompose)
        try container.encodeIfPresent(rancherCompose, forKey: .rancherCompose)
        try container.encodeIfPresent(externalId, forKey: .externalId)
        try container.encodeIfPresent(environment, forKey: .environment)
        try container.encodeIfPresent(forceUpgrade, forKey: .forceUpgrade)
        try container.encodeIfPresent(prune, forKey: .prune)
        try container.encodeIfPresent(batchSize, forKey: .batchSize)
        try container.encodeIfPresent(intervalMillis, forKey: .intervalMillis)
        try container.encodeIfPresent(finishUpgrade, forKey: .finishUpgrade)
        try container.encodeIfPresent(rollbackOnFailure, forKey: .rollbackOnFailure)
        try container.encodeIfPresent(revision, forKey: .revision)
        try container.encodeIfPresent(dryRun, forKey: .dryRun)
    }
}

/// A JSON string, number or boolean taken as text (answers and variables are text whatever the client sent).
private struct ScalarText: Decodable {
    var text: String

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self.text = text
        } else if let flag = try? container.decode(Bool.self) {
            text = String(flag)
        } else if let number = try? container.decode(Int.self) {
            text = String(number)
        } else if let number = try? container.decode(Double.self) {
            text = String(number)
        } else {
            throw DecodingError.typeMismatch(String.self, DecodingError.Context(codingPath: decoder.codingPath,
                                                                               debugDescription: "expected a string, number or boolean"))
        }
    }
}

/// The body of `PUT …/services/{service}`: the new scale (`dryRun` plans only).
package struct ServiceUpdateRequest: Codable, Equatable, Sendable {
    package var scale: Int
    package var dryRun: Bool?

    package init(scale: Int, dryRun: Bool? = nil) {
        self.scale = scale
        self.dryRun = dryRun
    }
}

/// The body of the service actions (`restart` reads the batch size and the pause between batches).
package struct ServiceActionRequest: Codable, Equatable, Sendable {
    package var batchSize: Int?
    package var intervalMillis: Int?

    package init(batchSize: Int? = nil, intervalMillis: Int? = nil) {
        self.batchSize = batchSize
        self.intervalMillis = intervalMillis
    }
}

/// The body of `POST …/certificates`: a name, the PEM certificate (its chain may follow) and its PEM private key.
package struct CertificateCreateRequest: Codable, Equatable, Sendable {
    package var name: String
    package var cert: String
    package var key: String

    package init(name: String, cert: String, key: String) {
        self.name = name
        self.cert = cert
        self.key = key
    }
}

/// The body of `POST /v2-beta/projects`.
package struct ProjectCreateRequest: Codable, Equatable, Sendable {
    package var name: String

    package init(name: String) {
        self.name = name
    }
}

/// The body of `POST …/apikeys`: the key's role (default `member`) and a name.
package struct APIKeyCreateRequest: Codable, Equatable, Sendable {
    package var name: String?
    package var role: KeyRole?

    package init(name: String? = nil, role: KeyRole? = nil) {
        self.name = name
        self.role = role
    }
}
