/// What identifies an item of a service list when docker-compose merges it with the same list of a later file:
/// items with the same identity are one item, and the later file's wins (compose/config/config.py and types.py).
enum MergeKey: Sendable {
    /// The item itself (`merge_unique_items_lists`: cap_add, expose, external_links, security_opt, …).
    case text
    /// A link's alias: the part after `:`, or the whole link (`ServiceLink.merge_field`).
    case linkAlias
    /// A secret's or config's source: the string, or `source:` of the long form (`ServiceConfigBase.merge_field`).
    case source
    /// The path inside the container of a volume or device (`split_path_mapping`), or `target:` of the long form.
    case containerPath
    /// Every port an entry publishes, as (host ip, published, target, protocol) (`ServicePort.merge_field`);
    /// a range is one identity per port.
    case port
    /// The value at a key path of a mapping item (blkio `path`, generic resources' `discrete_resource_spec.kind`).
    case field([String])
    /// The whole item, mappings compared by content (`merge_unique_objects_lists`).
    case content
    /// The key of an item of a mapping's list form (`environment: [A=1]` → `A`).
    case listItem(ListItemForm)

    /// The identities of `item`, or nil when it has none (a malformed item, kept as it is).
    func identities(of item: YAMLNode) -> Set<String>? {
        switch self {
        case .text:
            return item.scalarText.map { [$0] }
        case .linkAlias:
            guard let text = item.scalarText else { return nil }
            let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            return [parts.count == 2 && !parts[1].isEmpty ? String(parts[1]) : String(parts[0])]
        case .source:
            return (item.scalarText ?? item["source"]?.scalarText).map { [$0] }
        case .containerPath:
            return (item.scalarText.map(Self.containerPath) ?? item["target"]?.scalarText).map { [$0] }
        case .port:
            return Self.ports(item)
        case let .field(path):
            var node: YAMLNode? = item
            for key in path { node = node?[key] }
            return node?.scalarText.map { [$0] }
        case .content:
            return [Self.canonical(item)]
        case let .listItem(form):
            return form.key(of: item).map { [$0] }
        }
    }

    /// docker-compose's `split_path_mapping`: `host:container[:mode]` → `container`; a lone path is itself.
    /// docker-compose splits the interpolated text; the merge sees it before interpolation, so a colon inside
    /// `${…}` (`${DATA:-./data}:/data`) does not separate.
    private static func containerPath(_ text: String) -> String {
        let colons = separatingColons(text)
        guard let first = colons.first else { return text }
        return String(text[text.index(after: first)..<(colons.count > 1 ? colons[colons.count - 1] : text.endIndex)])
    }

    /// The colons of `text` outside `${…}` references (`$$` is a literal dollar).
    private static func separatingColons(_ text: String) -> [String.Index] {
        var colons: [String.Index] = []
        var depth = 0
        var index = text.startIndex
        while index < text.endIndex {
            let rest = text[index...]
            var step = 1
            if rest.hasPrefix("$$") {
                step = 2
            } else if rest.hasPrefix("${") {
                depth += 1
                step = 2
            } else if text[index] == "}" && depth > 0 {
                depth -= 1
            } else if text[index] == ":" && depth == 0 {
                colons.append(index)
            }
            index = text.index(index, offsetBy: step)
        }
        return colons
    }

    /// The ports of a short (`[ip:][published:]target[/protocol]`, ranges expanded) or long (`target:` …) entry.
    /// The protocol defaults to tcp, so `80:80` and `80:80/tcp` are one port.
    private static func ports(_ item: YAMLNode) -> Set<String>? {
        if item.mapping != nil {
            guard let target = item["target"]?.scalarText else { return nil }
            let published = item["published"]?.scalarText ?? ""
            let ip = item["host_ip"]?.scalarText ?? ""
            return ["\(ip)|\(published)|\(target)|\(item["protocol"]?.scalarText ?? "tcp")"]
        }
        guard let text = item.scalarText, let mapping = try? PortParser.parse(text) else { return nil }
        let count = (mapping.containerPortEnd ?? mapping.containerPort) - mapping.containerPort
        return Set((0...count).map { offset in
            var published = ""
            if let host = mapping.hostPort {
                if mapping.containerPortEnd != nil {
                    published = String(host + offset)
                } else {
                    published = mapping.hostPortEnd.map { "\(host)-\($0)" } ?? String(host)
                }
            }
            return "\(mapping.hostIp ?? "")|\(published)|\(mapping.containerPort + offset)|\(mapping.protocol)"
        })
    }

    /// A text equal for nodes of equal content, whatever their positions or key order.
    private static func canonical(_ node: YAMLNode) -> String {
        switch node.content {
        case let .scalar(text, _, _): return "\(node.scalarType)=\(text)"
        case let .sequence(items): return "[" + items.map(canonical).joined(separator: ",") + "]"
        case let .mapping(entries):
            return "{" + entries.map { "\($0.key):\(canonical($0.value))" }.sorted().joined(separator: ",") + "}"
        }
    }
}
