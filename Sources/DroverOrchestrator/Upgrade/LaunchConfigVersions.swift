import DroverModel

/// The version of each launch config of a service, stamped anew only where the config changed (Rancher: changed
/// configs get a new version, unchanged sidekicks keep theirs, so their containers are not touched).
package struct LaunchConfigVersions: Equatable, Sendable {
    /// Launch-config name → (definition hash, version).
    package private(set) var entries: [String: Entry]

    /// One launch config's fingerprint and version.
    package struct Entry: Equatable, Sendable {
        package var hash: String
        package var version: Int
    }

    /// Version 1 of every launch config of `service`.
    package init(initial service: ServiceDefinition) {
        entries = [:]
        for config in Self.configs(service) { entries[config.name] = Entry(hash: DefinitionHash.of(config), version: 1) }
    }

    /// The versions a running service has: each config's fingerprint with the version it runs (missing means 1).
    package init(service: ServiceDefinition, versions: [String: Int]) {
        entries = [:]
        for config in Self.configs(service) { entries[config.name] = Entry(hash: DefinitionHash.of(config), version: versions[config.name] ?? 1) }
    }

    /// The versions after changing to `service`: unchanged configs keep theirs, changed or new ones get the next
    /// number, removed ones disappear. `forced` stamps every config anew (`--force-upgrade`).
    package func next(for service: ServiceDefinition, forced: Bool = false) -> LaunchConfigVersions {
        var result = self
        result.entries = [:]
        for config in Self.configs(service) {
            let hash = DefinitionHash.of(config)
            if let old = entries[config.name], old.hash == hash, !forced {
                result.entries[config.name] = old
            } else {
                result.entries[config.name] = Entry(hash: hash, version: (entries[config.name]?.version ?? 0) + 1)
            }
        }
        return result
    }

    /// Names whose version differs from `other` (changed, added or removed), sorted.
    package func changed(comparedTo other: LaunchConfigVersions) -> [String] {
        Set(entries.keys).union(other.entries.keys).filter { entries[$0] != other.entries[$0] }.sorted()
    }

    /// Launch-config name → version.
    package var versions: [String: Int] { entries.mapValues(\.version) }

    private static func configs(_ service: ServiceDefinition) -> [LaunchConfig] {
        [service.launchConfig] + service.sidekicks
    }
}
