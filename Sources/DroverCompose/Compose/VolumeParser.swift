import DroverModel

/// Parses docker-compose volume entries: `/data`, `name:/data`, `/host:/data:ro`, `./x:/y:ro,rprivate`,
/// and the long form `{type, source, target, read_only}`.
enum VolumeParser {
    /// Mode options Docker accepts after the target.
    static let allowedOptions = ["ro", "rw", "z", "Z", "nocopy", "rprivate", "private", "rshared", "shared", "rslave",
                                 "slave", "consistent", "cached", "delegated"]

    /// Why a volume entry is not valid, worded for a diagnostic.
    struct Invalid: Error {
        var message: String
    }

    /// Parses one short-form entry.
    static func parse(_ text: String) throws(Invalid) -> VolumeMount {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let mount: VolumeMount
        switch parts.count {
        case 1: mount = VolumeMount(target: parts[0])
        case 2 where isOptions(parts[1]) && !parts[1].hasPrefix("/"):
            mount = VolumeMount(target: parts[0], options: options(parts[1]))
        case 2: mount = VolumeMount(source: parts[0], target: parts[1])
        case 3: mount = VolumeMount(source: parts[0], target: parts[1], options: options(parts[2]))
        default: throw Invalid(message: "\"\(text)\" is not a volume (expected [source:]target[:mode])")
        }
        if mount.target.isEmpty { throw Invalid(message: "\"\(text)\" has an empty target path") }
        if mount.source?.isEmpty == true { throw Invalid(message: "\"\(text)\" has an empty source") }
        if let bad = mount.options.first(where: { !allowedOptions.contains($0) }) {
            throw Invalid(message: "\"\(text)\" has mode \"\(bad)\" (allowed: \(allowedOptions.joined(separator: ", ")))")
        }
        return mount
    }

    private static func isOptions(_ text: String) -> Bool {
        options(text).allSatisfy { allowedOptions.contains($0) }
    }

    private static func options(_ text: String) -> [String] {
        text.split(separator: ",").map(String.init)
    }
}

extension ValueReader {
    /// The `volumes:` list of a service.
    func volumes(_ node: YAMLNode, _ path: String) -> [VolumeMount] {
        guard let items = list(node, path) else { return [] }
        var result: [VolumeMount] = []
        for (offset, item) in items.enumerated() {
            let itemPath = "\(path)[\(offset)]"
            if let entries = item.mapping {
                if let mount = longVolume(item, entries, itemPath) { result.append(mount) }
                continue
            }
            guard let text = string(item, itemPath) else { continue }
            do {
                result.append(try VolumeParser.parse(text))
            } catch {
                self.error(item, itemPath, error.message)
            }
        }
        return result
    }

    /// The v3 long form `{type, source, target, read_only}`.
    private func longVolume(_ node: YAMLNode, _ entries: [YAMLEntry], _ path: String) -> VolumeMount? {
        guard let targetNode = node["target"], let target = nonEmptyString(targetNode, "\(path).target") else {
            error(node, path, "a volume mapping needs \"target\"")
            return nil
        }
        var mount = VolumeMount(target: target)
        for entry in entries {
            let keyPath = "\(path).\(entry.key)"
            switch entry.key {
            case "target": break
            case "type": _ = oneOf(entry.value, keyPath, ["volume", "bind", "tmpfs", "npipe"])
            case "source": mount.source = string(entry.value, keyPath)
            case "read_only": if bool(entry.value, keyPath) == true { mount.options.append("ro") }
            case "volume", "bind", "tmpfs", "consistency": break
            default: log.warning(file, entry, keyPath, "unknown key, ignored")
            }
        }
        return mount
    }
}
