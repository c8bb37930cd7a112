/// How docker-compose 1.29.2 merges one key when a later file sets it again (`merge_service_dicts` and its helpers
/// in compose/config/config.py), applied to raw nodes.
///
/// Except for `replace`, a null on either side counts as empty, so the other side is kept. When a value does not have
/// the shape its rule expects (a scalar where a list belongs), the later value replaces the earlier one and the
/// validation of the merged tree reports it. Merged collections take the earlier node's position; every kept or
/// replaced node keeps its own file, line and column.
indirect enum MergeRule: Sendable {
    /// `merge_scalar`: the later value wins, null included.
    case replace
    /// `merge_mapping`: merged by key, the later value winning or, with `values`, merged by that rule. Either file
    /// may use the list form; two lists stay a list, otherwise the result is a mapping.
    case mapping(ListItemForm, values: MergeRule = .replace)
    /// `merge_sequence`, `merge_path_mappings`, `merge_ports`, `merge_unique_items_lists`: an item replaces the kept
    /// item with the same identity and is appended otherwise; items keep the order they were first written in.
    case keyedList(MergeKey)
    /// `merge_list_or_string`: the earlier items, then the later ones; a string counts as a one-item list.
    case concatenated
    /// A mapping whose keys have rules of their own; any other key is replaced. With `scalarKey`, a scalar stands
    /// for a mapping holding only that key (`build: ./dir` is `build: {context: ./dir}`).
    case nested([String: MergeRule], scalarKey: String? = nil)
    /// `merge_logging`: options are merged while the driver stays the same, and otherwise come from the later file.
    case logging
    /// A whole service, merged key by key by `ServiceMerger`.
    case service(versionOne: Bool)

    /// `override` merged over `base`.
    func apply(_ base: YAMLNode, _ override: YAMLNode) -> YAMLNode {
        switch self {
        case .replace:
            return override
        case _ where base.isNull:
            return override
        case _ where override.isNull:
            return base
        case let .mapping(form, values):
            return mergeMapping(base, override, form, values)
        case let .keyedList(key):
            guard let earlier = base.sequence, let later = override.sequence else { return override }
            return base.with(.sequence(Self.merged(earlier + later, key)))
        case .concatenated:
            let items = { (node: YAMLNode) -> [YAMLNode]? in node.sequence ?? (node.scalarText != nil ? [node] : nil) }
            guard let earlier = items(base), let later = items(override) else { return override }
            return base.with(.sequence(earlier + later))
        case let .nested(rules, scalarKey):
            let entries = { (node: YAMLNode) -> [YAMLEntry]? in
                if let entries = node.mapping { return entries }
                guard let scalarKey, node.scalarText != nil else { return nil }
                return [YAMLEntry(key: scalarKey, keyLine: node.line, keyColumn: node.column, keyFile: node.file, value: node)]
            }
            guard base.mapping != nil || override.mapping != nil, let earlier = entries(base), let later = entries(override) else {
                return override
            }
            return base.with(.mapping(Self.merged(earlier, later) { key in rules[key] ?? .replace }))
        case .logging:
            return mergeLogging(base, override)
        case let .service(versionOne):
            return ServiceMerger.merge(base, override, versionOne: versionOne)
        }
    }

    /// Later entries merged into earlier ones by key, each with the rule `rule(key)`; new keys are appended.
    /// A merged entry keeps the earlier key's position.
    static func merged(_ earlier: [YAMLEntry], _ later: [YAMLEntry], rule: (String) -> MergeRule) -> [YAMLEntry] {
        var result = earlier
        for entry in later {
            if let index = result.firstIndex(where: { $0.key == entry.key }) {
                result[index].value = rule(entry.key).apply(result[index].value, entry.value)
            } else {
                result.append(entry)
            }
        }
        return result
    }

    /// The items with one item per identity: an item replaces the kept one with the same identities, drops kept
    /// items whose identities it covers, and is left out when it is a scalar adding no identity (a port already
    /// published by a range).
    private static func merged(_ items: [YAMLNode], _ key: MergeKey) -> [YAMLNode] {
        var kept: [(identities: Set<String>?, node: YAMLNode)] = []
        for item in items {
            guard let identities = key.identities(of: item) else {
                kept.append((nil, item))
                continue
            }
            if let index = kept.firstIndex(where: { $0.identities == identities }) {
                kept[index].node = item
                continue
            }
            let known = kept.reduce(into: Set<String>()) { $0.formUnion($1.identities ?? []) }
            if item.scalarText != nil && identities.isSubset(of: known) { continue }
            kept.removeAll { $0.identities?.isSubset(of: identities) == true }
            kept.append((identities, item))
        }
        return kept.map(\.node)
    }

    private func mergeMapping(_ base: YAMLNode, _ override: YAMLNode, _ form: ListItemForm, _ values: MergeRule) -> YAMLNode {
        if let earlier = base.sequence, let later = override.sequence {
            guard (earlier + later).allSatisfy({ form.key(of: $0) != nil }) else { return override }
            return base.with(.sequence(Self.merged(earlier + later, .listItem(form))))
        }
        guard let earlier = base.mapping ?? base.sequence.flatMap(form.entries),
              let later = override.mapping ?? override.sequence.flatMap(form.entries) else { return override }
        return base.with(.mapping(Self.merged(earlier, later) { _ in values }))
    }

    private func mergeLogging(_ base: YAMLNode, _ override: YAMLNode) -> YAMLNode {
        let options = MergeRule.nested(["options": .mapping(.mappingOnly)])
        guard let baseDriver = base["driver"]?.scalarText, let overrideDriver = override["driver"]?.scalarText,
              baseDriver != overrideDriver, let entries = override.mapping, base.mapping != nil else {
            return options.apply(base, override)
        }
        return override.with(.mapping(entries.filter { $0.key != "options" || !($0.value.mapping?.isEmpty ?? true) }))
    }
}
