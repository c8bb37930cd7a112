import DroverModel
import DroverStore

/// A stack's desired state as a user submitted it: the compose texts (rendered, for catalog stacks), the answers,
/// the catalog reference and the definition they resolve to.
package struct StackSource: Sendable {
    package var dockerCompose: String
    package var rancherCompose: String?
    package var answers: [String: String]
    package var externalId: String?
    package var definition: StackDefinition
    package var description: String?
    /// What loading the files warned about (`file:line:column: warning: …`), for the answer; not stored.
    package var warnings: [String] = []

    package init(dockerCompose: String, rancherCompose: String?, answers: [String: String] = [:], externalId: String? = nil,
                definition: StackDefinition, description: String? = nil, warnings: [String] = []) {
        self.warnings = warnings
        self.dockerCompose = dockerCompose
        self.rancherCompose = rancherCompose
        self.answers = answers
        self.externalId = externalId
        self.definition = definition
        self.description = description
    }

    /// The source a stored revision was made from.
    package init(_ revision: StoredRevision) {
        self.init(dockerCompose: revision.dockerCompose, rancherCompose: revision.rancherCompose, answers: revision.answers,
                  externalId: revision.externalId, definition: revision.definition)
    }

    /// The revision to store for this source.
    var revision: StoredRevision {
        StoredRevision(stackId: "", number: 0, dockerCompose: dockerCompose, rancherCompose: rancherCompose, answers: answers,
                       definition: definition, externalId: externalId)
    }
}

/// How a stack upgrade runs: rancher `up`'s flags.
package struct UpgradeOptions: Codable, Equatable, Sendable {
    /// `--force-upgrade`: every service that runs containers gets new containers, changed or not.
    package var force: Bool
    /// `--prune`: services that left the files are removed.
    package var prune: Bool
    /// `--batch-size`, overriding the services' upgrade strategies.
    package var batchSize: Int?
    /// `--interval` in milliseconds, overriding the services' upgrade strategies.
    package var intervalMillis: Int?
    /// Finish the upgrade as soon as it is done (`up --upgrade --confirm-upgrade`, rollback to a revision).
    package var finish: Bool
    /// Roll the stack back by itself when a batch fails (a container that does not run or fails its health check).
    package var rollbackOnFailure: Bool

    package init(force: Bool = false, prune: Bool = false, batchSize: Int? = nil, intervalMillis: Int? = nil, finish: Bool = false,
                rollbackOnFailure: Bool = false) {
        self.force = force
        self.prune = prune
        self.batchSize = batchSize
        self.intervalMillis = intervalMillis
        self.finish = finish
        self.rollbackOnFailure = rollbackOnFailure
    }

    /// A service's strategy with these overrides applied.
    func strategy(_ base: UpgradeStrategy) -> UpgradeStrategy {
        var result = base
        if let batchSize { result.batchSize = batchSize }
        if let intervalMillis { result.intervalMillis = intervalMillis }
        return result
    }
}
