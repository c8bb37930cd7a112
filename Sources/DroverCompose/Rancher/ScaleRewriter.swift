/// Sets services' `scale` in a rancher-compose.yml text: what `export` does when `drover scale` changed a service
/// after its files were written, so the exported files recreate the stack as it runs. Pure. A text that already says
/// every scale is returned as it is (comments and layout kept); otherwise it is rendered again from its tree.
package enum ScaleRewriter {
    /// `rancher` (nil: none yet) with `scales` (service → scale) applied, in the format of the docker-compose text
    /// `compose` (v1 files list services at the top, later formats under `services:`).
    package static func apply(_ scales: [String: Int], to rancher: String?, compose: String) throws -> String? {
        guard !scales.isEmpty else { return rancher }
        var parser = YAMLParser(file: "rancher-compose.yml")
        var root = try rancher.map { try parser.parse($0) } ?? YAMLNode(.mapping([]), line: 1, column: 1)
        if root.isNull { root = YAMLNode(.mapping([]), line: 1, column: 1) }
        var composeParser = YAMLParser(file: "docker-compose.yml")
        let nested = root["services"] != nil || (try? composeParser.parse(compose))?["version"]?.scalarText.map { !$0.hasPrefix("1") } == true
        var services = nested ? root["services"] ?? YAMLNode(.mapping([]), line: 1, column: 1) : root
        var changed = false
        for (name, scale) in scales.sorted(by: { $0.key < $1.key }) {
            var service = services[name] ?? YAMLNode(.mapping([]), line: 1, column: 1)
            guard service[scaleKey]?.scalarText != String(scale) else { continue }
            service = setting(service, scaleKey, YAMLNode(.scalar(String(scale), .plain, tag: nil), line: 1, column: 1))
            services = setting(services, name, service)
            changed = true
        }
        guard changed else { return rancher }
        if nested {
            root = setting(root, "version", root["version"] ?? YAMLNode(.scalar("2", .singleQuoted, tag: nil), line: 1, column: 1))
            root = setting(root, "services", services)
        } else {
            root = services
        }
        return YAMLRenderer.render(root)
    }

    private static let scaleKey = "scale"

    /// `mapping` with `key` set to `value` (replaced in place, or added at the end).
    private static func setting(_ mapping: YAMLNode, _ key: String, _ value: YAMLNode) -> YAMLNode {
        var entries = mapping.mapping ?? []
        if let index = entries.firstIndex(where: { $0.key == key }) {
            entries[index].value = value
        } else {
            entries.append(YAMLEntry(key: key, keyLine: 1, keyColumn: 1, value: value))
        }
        return mapping.with(.mapping(entries))
    }
}
