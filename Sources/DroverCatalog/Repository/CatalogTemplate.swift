import DroverCompose
import DroverModel

/// A template of a catalog: its `config.yml` and its numbered version folders.
public struct CatalogTemplate: Sendable {
    /// `templates` or `infra-templates`.
    public var folder: String
    /// The template's folder name, used in ids (`library:ipsec:18`).
    public var id: String
    public var name: String
    public var description: String?
    /// The default version (config.yml `version`), matched against versions' catalog `version`.
    public var defaultVersion: String?
    public var category: String?
    public var maintainer: String?
    public var license: String?
    public var projectURL: String?
    public var labels: [String: String]
    /// Versions sorted by folder number.
    public var versions: [TemplateVersion]

    /// The version in folder `revision`, or whose catalog version string is `name`.
    public func version(_ name: String) -> TemplateVersion? {
        versions.first { String($0.revision) == name } ?? versions.last { $0.catalog.version == name }
    }

    /// The version to install when none is named: config.yml's default version, else the newest.
    public var defaultTemplateVersion: TemplateVersion? {
        defaultVersion.flatMap { name in versions.last { $0.catalog.version == name } } ?? versions.last
    }

    /// Versions a stack on `current` may upgrade to: newer folders whose `upgrade_from` (if any) admits it.
    public func upgradeTargets(from current: TemplateVersion) -> [TemplateVersion] {
        versions.filter { candidate in
            guard candidate.revision > current.revision else { return false }
            guard let rangeText = candidate.catalog.upgradeFrom else { return true }
            guard let range = SemverRange(rangeText), let version = current.catalog.version.flatMap(SemanticVersion.init) else {
                return false
            }
            return range.contains(version)
        }
    }
}

/// One numbered version folder of a template.
public struct TemplateVersion: Sendable {
    /// The folder number.
    public var revision: Int
    /// The compose file (docker-compose.yml or docker-compose.yml.tpl).
    public var dockerCompose: SourceFile
    public var rancherCompose: SourceFile?
    public var catalog: CatalogSection
    /// Problems found while reading the catalog section (warnings, or errors that make the version unusable).
    public var diagnostics: [Diagnostic]
    public var readme: String?
}
