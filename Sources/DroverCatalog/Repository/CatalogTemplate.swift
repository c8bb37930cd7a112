import DroverCompose
import DroverModel

/// A template of a catalog: its `config.yml` and its numbered version folders.
package struct CatalogTemplate: Sendable {
    /// `templates` or `infra-templates`.
    package var folder: String
    /// The template's folder name, used in ids (`library:ipsec:18`).
    package var id: String
    package var name: String
    package var description: String?
    /// The default version (config.yml `version`), matched against versions' catalog `version`.
    package var defaultVersion: String?
    package var category: String?
    package var maintainer: String?
    package var license: String?
    package var projectURL: String?
    package var labels: [String: String]
    /// Versions sorted by folder number.
    package var versions: [TemplateVersion]

    /// The version in folder `revision`, or whose catalog version string is `name`.
    package func version(_ name: String) -> TemplateVersion? {
        versions.first { String($0.revision) == name } ?? versions.last { $0.catalog.version == name }
    }

    /// The version to install when none is named: config.yml's default version, else the newest.
    package var defaultTemplateVersion: TemplateVersion? {
        defaultVersion.flatMap { name in versions.last { $0.catalog.version == name } } ?? versions.last
    }

    /// Versions a stack on `current` may upgrade to: newer folders whose `upgrade_from` (if any) admits it.
    package func upgradeTargets(from current: TemplateVersion) -> [TemplateVersion] {
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
package struct TemplateVersion: Sendable {
    /// The folder number.
    package var revision: Int
    /// The compose file (docker-compose.yml or docker-compose.yml.tpl).
    package var dockerCompose: SourceFile
    package var rancherCompose: SourceFile?
    package var catalog: CatalogSection
    /// Problems found while reading the catalog section (warnings, or errors that make the version unusable).
    package var diagnostics: [Diagnostic]
    package var readme: String?
}
