/// A catalog template version as stacks name it: `catalog://<catalog>:<template>:<version>` (Rancher's
/// `externalId`); the version is a folder number or a version name.
package struct CatalogID: Equatable, Hashable, Sendable, CustomStringConvertible {
    package static let scheme = "catalog://"

    package var catalog: String
    package var template: String
    package var version: String

    package init(catalog: String, template: String, version: String) {
        self.catalog = catalog
        self.template = template
        self.version = version
    }

    /// Parses an `externalId`; nil when it is not a `catalog://` id of three parts.
    package init?(_ externalId: String) {
        guard externalId.hasPrefix(Self.scheme) else { return nil }
        let parts = externalId.dropFirst(Self.scheme.count).split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, !parts.contains(where: \.isEmpty) else { return nil }
        self.init(catalog: parts[0], template: parts[1], version: parts[2])
    }

    /// Whether `externalId` claims to be a catalog id (well-formed or not).
    package static func isCatalog(_ externalId: String?) -> Bool {
        externalId?.hasPrefix(scheme) == true
    }

    /// The id as stacks store it.
    package var description: String { "\(Self.scheme)\(catalog):\(template):\(version)" }
}
