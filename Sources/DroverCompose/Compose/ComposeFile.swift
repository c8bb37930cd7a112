import DroverModel

/// A parsed docker-compose.yml: its format version, services in file order, and top-level volumes and networks.
struct ComposeFile {
    /// `1` for the version-less format, otherwise the `version:` value (`2`, `2.1`, `3.7`, …).
    var version: String
    var services: [ComposeService]
    var volumes: [String: VolumeDefinition]
    var networks: [String: NetworkDefinition]
}

/// Parses the top level of a docker-compose.yml node tree (v1, v2.x and v3.x layouts).
struct ComposeFileParser {
    static let supportedVersions = ["1", "2", "2.0", "2.1", "2.2", "2.3", "2.4",
                                    "3", "3.0", "3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7", "3.8"]

    let reader: ValueReader
    let variables: VariableSource
    let projectDirectory: String?

    func parse(_ root: YAMLNode) -> ComposeFile {
        var file = ComposeFile(version: "1", services: [], volumes: [:], networks: [:])
        guard let top = reader.mapping(root, "") else { return file }
        let keyParser = ServiceKeyParser(reader: reader, variables: variables, projectDirectory: projectDirectory)
        guard let versionNode = root["version"] else {
            for entry in top where validName(entry, path: entry.key) {
                file.services.append(keyParser.parse(name: entry.key, path: entry.key, node: entry.value, entry: entry))
            }
            return file
        }
        if let version = Self.supportedVersion(versionNode, reader) {
            file.version = version
        }
        for entry in top {
            switch entry.key {
            case "version": break
            case "services":
                for service in reader.mapping(entry.value, "services") ?? [] where validName(service, path: "services.\(service.key)") {
                    file.services.append(keyParser.parse(name: service.key, path: "services.\(service.key)", node: service.value, entry: service))
                }
            case "volumes":
                for volume in reader.mapping(entry.value, "volumes") ?? [] {
                    file.volumes[volume.key] = self.volume(volume.value, "volumes.\(volume.key)")
                }
            case "networks":
                for network in reader.mapping(entry.value, "networks") ?? [] {
                    file.networks[network.key] = self.network(network.value, "networks.\(network.key)")
                }
            case let key where key.hasPrefix("x-"): break
            default:
                reader.log.warning(reader.file, entry, entry.key, "unknown top-level key, ignored (allowed: version, services, volumes, networks)")
            }
        }
        return file
    }

    /// The `version:` value when it is a supported format version; otherwise nil, with an error.
    static func supportedVersion(_ node: YAMLNode, _ reader: ValueReader) -> String? {
        guard let version = reader.string(node, "version") else { return nil }
        guard supportedVersions.contains(version) else {
            reader.error(node, "version", "\"\(version)\" is not a supported compose format version "
                         + "(allowed: \(supportedVersions.joined(separator: ", ")))")
            return nil
        }
        return version
    }

    /// Service names must be usable as DNS labels and container-name parts.
    private func validName(_ entry: YAMLEntry, path: String) -> Bool {
        if !PlainName.isValid(entry.key) {
            reader.log.error(reader.file, entry, path, "\"\(entry.key)\" is not a valid service name (letters, digits, '.', '_', '-')")
            return false
        }
        return true
    }

    private func volume(_ node: YAMLNode, _ path: String) -> VolumeDefinition {
        var volume = VolumeDefinition()
        for entry in reader.mapping(node, path) ?? [] {
            let keyPath = "\(path).\(entry.key)"
            switch entry.key {
            case "driver": volume.driver = reader.string(entry.value, keyPath)
            case "driver_opts": volume.driverOpts = reader.stringMap(entry.value, keyPath) ?? [:]
            case "external": (volume.external, volume.externalName) = external(entry.value, keyPath)
            case "name": volume.externalName = reader.string(entry.value, keyPath)
            case "labels": volume.labels = reader.stringMap(entry.value, keyPath) ?? [:]
            case "per_container": volume.perContainer = reader.bool(entry.value, keyPath) ?? false
            default: reader.log.warning(reader.file, entry, keyPath, "unknown key, ignored")
            }
        }
        return volume
    }

    private func network(_ node: YAMLNode, _ path: String) -> NetworkDefinition {
        var network = NetworkDefinition()
        for entry in reader.mapping(node, path) ?? [] {
            let keyPath = "\(path).\(entry.key)"
            switch entry.key {
            case "driver": network.driver = reader.string(entry.value, keyPath)
            case "driver_opts": network.driverOpts = reader.stringMap(entry.value, keyPath) ?? [:]
            case "external": (network.external, network.externalName) = external(entry.value, keyPath)
            case "name": network.externalName = reader.string(entry.value, keyPath)
            case "ipam", "internal", "labels", "attachable", "enable_ipv6": break
            default: reader.log.warning(reader.file, entry, keyPath, "unknown key, ignored")
            }
        }
        return network
    }

    /// `external: true` or `external: {name: x}`.
    private func external(_ node: YAMLNode, _ path: String) -> (Bool, String?) {
        if node.mapping != nil {
            return (true, node["name"].flatMap { reader.string($0, "\(path).name") })
        }
        return (reader.bool(node, path) ?? false, nil)
    }
}
