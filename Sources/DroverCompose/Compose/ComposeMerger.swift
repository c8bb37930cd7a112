/// Merges the trees of several docker-compose files into one, later files over earlier ones, as
/// `docker-compose -f a.yml -f b.yml` (1.29.2) does.
///
/// Pure: it works on parsed trees, before interpolation, and every node keeps the file, line and column it was
/// read from, so the validation of the merged tree points into the right file. Services are merged by name with
/// `ServiceMerger`; top-level `volumes`, `networks`, `secrets` and `configs` by name, a later definition replacing
/// an earlier one whole; any other top-level key is replaced. The merged `version` is the first file's.
struct ComposeMerger {
    /// Sections of the versioned formats whose entries are merged by name.
    static let namedSections: Set<String> = ["volumes", "networks", "secrets", "configs"]

    let log: DiagnosticLog

    /// The merged tree of `roots` (in command-line order), or nil with errors logged when they cannot be merged:
    /// a top level, section or service that is not a mapping, a version 1 file (no `version:`) next to a versioned
    /// one, or an unsupported version. One root is returned as it is.
    func merge(_ roots: [YAMLNode]) -> YAMLNode? {
        guard let first = roots.first else { return nil }
        guard roots.count > 1 else { return first }
        let errors = log.all.errors.count
        let versionOne = first["version"] == nil
        let topLevels = roots.map(topLevel)
        for (root, entries) in zip(roots, topLevels) {
            if let entries { checkSections(of: root, entries) }
        }
        var merged = topLevels[0] ?? []
        for (root, entries) in zip(roots, topLevels).dropFirst() {
            guard let entries, checkVersion(root, first) else { continue }
            merged = MergeRule.merged(merged, entries.filter { $0.key != "version" }) { key in
                if versionOne { return .service(versionOne: true) }
                if key == "services" { return .mapping(.mappingOnly, values: .service(versionOne: false)) }
                return Self.namedSections.contains(key) ? .mapping(.mappingOnly) : .replace
            }
        }
        return log.all.errors.count == errors ? first.with(.mapping(merged)) : nil
    }

    private func reader(_ node: YAMLNode) -> ValueReader {
        ValueReader(file: node.file ?? "", log: log)
    }

    /// The top-level entries of a file (an empty file has none); nil, with an error, when it is not a mapping.
    private func topLevel(_ root: YAMLNode) -> [YAMLEntry]? {
        if root.isNull { return [] }
        guard let entries = root.mapping else {
            reader(root).error(root, "", "the top level of a compose file must be a mapping, found \(root.kindDescription)")
            return nil
        }
        return entries
    }

    /// Reports every service that is not a mapping (null counts as an empty service) and, in the versioned formats,
    /// every section merged by name that is not a mapping.
    private func checkSections(of root: YAMLNode, _ entries: [YAMLEntry]) {
        let versionOne = root["version"] == nil
        var services = entries
        if !versionOne {
            for entry in entries where Self.namedSections.contains(entry.key) || entry.key == "services" {
                _ = reader(entry.value).mapping(entry.value, entry.key)
            }
            services = root["services"]?.mapping ?? []
        }
        for service in services where !service.value.isNull && service.value.mapping == nil {
            let path = versionOne ? service.key : "services.\(service.key)"
            reader(service.value).error(service.value, path, "a service must be a mapping, found \(service.value.kindDescription)")
        }
    }

    /// True when `root`'s format can be merged with the first file's: both version 1 (no `version:`), or both
    /// versioned with a supported version (docker-compose 1.29.2 merges any two versioned files; the first file's
    /// version is kept).
    private func checkVersion(_ root: YAMLNode, _ first: YAMLNode) -> Bool {
        let name = first.file ?? "the first file"
        switch (first["version"], root["version"]) {
        case (nil, nil):
            return true
        case let (nil, version?):
            reader(version).error(version, "version", "cannot merge a versioned file over \(name), which has no version "
                                  + "(the version 1 format); use the same format in every file")
            return false
        case let (version?, nil):
            let shown = version.scalarText.map { "\"\($0)\"" } ?? version.kindDescription
            reader(root).error(root, "", "this file has no version (the version 1 format) but \(name) has version \(shown); "
                               + "add the same version: to every file")
            return false
        case let (_, version?):
            return ComposeFileParser.supportedVersion(version, reader(version)) != nil
        }
    }
}
