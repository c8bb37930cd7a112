import DroverModel

/// Parses docker-compose port entries: `80`, `"8080:80"`, `"127.0.0.1:80:80/udp"`, `"3000-3005:3000-3005"`,
/// `"IP::80"`, and the long form `{target, published, protocol, host_ip}`.
enum PortParser {
    /// Why a port entry is not valid, worded for a diagnostic.
    struct Invalid: Error {
        var message: String
    }

    /// Parses one short-form entry.
    static func parse(_ text: String) throws(Invalid) -> PortMapping {
        var body = Substring(text.trimmingCharacters(in: .whitespaces))
        var proto = "tcp"
        if let slash = body.lastIndex(of: "/") {
            proto = String(body[body.index(after: slash)...]).lowercased()
            guard ["tcp", "udp", "sctp"].contains(proto) else {
                throw Invalid(message: "\"\(text)\" has protocol \"\(proto)\" (allowed: tcp, udp, sctp)")
            }
            body = body[..<slash]
        }
        let parts = body.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let ip: String?, host: String?, container: String
        switch parts.count {
        case 1: (ip, host, container) = (nil, nil, parts[0])
        case 2: (ip, host, container) = (nil, parts[0].isEmpty ? nil : parts[0], parts[1])
        case 3: (ip, host, container) = (parts[0], parts[1].isEmpty ? nil : parts[1], parts[2])
        default: throw Invalid(message: "\"\(text)\" is not a port mapping (expected [ip:][host:]container[/protocol])")
        }
        let (containerStart, containerEnd) = try range(container, in: text)
        var mapping = PortMapping(hostIp: ip, containerPort: containerStart, containerPortEnd: containerEnd, protocol: proto)
        if let ip, ip.isEmpty { mapping.hostIp = nil }
        if let host {
            let (hostStart, hostEnd) = try range(host, in: text)
            mapping.hostPort = hostStart
            mapping.hostPortEnd = hostEnd
            let hostCount = (hostEnd ?? hostStart) - hostStart
            let containerCount = (containerEnd ?? containerStart) - containerStart
            if hostCount != containerCount && containerCount != 0 {
                throw Invalid(message: "\"\(text)\": host range and container range differ in size")
            }
        }
        return mapping
    }

    /// A port or a `start-end` range.
    private static func range(_ text: String, in entry: String) throws(Invalid) -> (Int, Int?) {
        let bounds = text.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...2).contains(bounds.count) else { throw Invalid(message: "\"\(entry)\": \"\(text)\" is not a port number") }
        var numbers: [Int] = []
        for bound in bounds {
            guard let number = Int(bound), (1...65535).contains(number) else {
                throw Invalid(message: "\"\(entry)\": \"\(text)\" is not a port number (1-65535)")
            }
            numbers.append(number)
        }
        if numbers.count == 2 {
            guard numbers[1] >= numbers[0] else { throw Invalid(message: "\"\(entry)\": range \(text) ends before it starts") }
            return (numbers[0], numbers[1])
        }
        return (numbers[0], nil)
    }
}

extension ValueReader {
    /// The `ports:` or `expose:`-style list of a service.
    func ports(_ node: YAMLNode, _ path: String) -> [PortMapping] {
        guard let items = list(node, path) else { return [] }
        var result: [PortMapping] = []
        for (offset, item) in items.enumerated() {
            let itemPath = "\(path)[\(offset)]"
            if let entries = item.mapping {
                result.append(contentsOf: longPort(item, entries, itemPath).map { [$0] } ?? [])
                continue
            }
            guard let text = string(item, itemPath) else { continue }
            do {
                result.append(try PortParser.parse(text))
            } catch {
                self.error(item, itemPath, error.message)
            }
        }
        return result
    }

    /// The v3 long form `{target, published, protocol, host_ip, mode}`.
    private func longPort(_ node: YAMLNode, _ entries: [YAMLEntry], _ path: String) -> PortMapping? {
        guard let targetNode = node["target"] else {
            error(node, path, "a port mapping needs \"target\"")
            return nil
        }
        guard let target = port(targetNode, "\(path).target") else { return nil }
        var mapping = PortMapping(containerPort: target)
        for entry in entries {
            let keyPath = "\(path).\(entry.key)"
            switch entry.key {
            case "target": break
            case "published": mapping.hostPort = port(entry.value, keyPath)
            case "protocol": mapping.protocol = oneOf(entry.value, keyPath, ["tcp", "udp", "sctp"]) ?? "tcp"
            case "host_ip": mapping.hostIp = string(entry.value, keyPath)
            case "mode": _ = oneOf(entry.value, keyPath, ["host", "ingress"])
            default: log.warning(file, entry, keyPath, "unknown key, ignored")
            }
        }
        return mapping
    }
}
