import Foundation

/// How the list form of a mergeable mapping (`environment: [A=1]`, `extra_hosts: ["db:10.0.0.2"]`) splits into
/// keys and values, as docker-compose's `parse_environment`, `parse_labels`, `parse_extra_hosts`, … do.
enum ListItemForm: Sendable {
    /// What an item without a separator maps to.
    enum BareValue: Sendable {
        /// null: `environment`/build `args` (`split_env`), service `networks`.
        case null
        /// an empty string: `labels`, `sysctls` (`split_kv`).
        case emptyString
        /// `{condition: service_started}`: `depends_on`.
        case serviceStarted
    }

    /// `KEY=VALUE`, split at the first `=`.
    case keyValue(BareValue)
    /// `host:ip`, split at the first `:` and trimmed (`extra_hosts`).
    case hostAddress
    /// The item is the key (`networks`, `depends_on`).
    case name(BareValue)
    /// Only the mapping form exists (`ulimits`, `storage_opt`, `logging.options`).
    case mappingOnly

    /// The key an item of the list form stands for, or nil when the item is not a scalar or the form has no list.
    func key(of item: YAMLNode) -> String? {
        guard let text = item.scalarText, item.mapping == nil else { return nil }
        switch self {
        case .keyValue: return String(text.prefix { $0 != "=" })
        case .hostAddress: return text.contains(":") ? text.prefix { $0 != ":" }.trimmingCharacters(in: .whitespaces) : nil
        case .name: return text
        case .mappingOnly: return nil
        }
    }

    /// The mapping entries a list stands for (a later duplicate key replaces an earlier one), or nil when an item
    /// cannot be split. Built nodes take the position of the item they come from.
    func entries(of items: [YAMLNode]) -> [YAMLEntry]? {
        var result: [YAMLEntry] = []
        for item in items {
            guard let key = key(of: item), let text = item.scalarText else { return nil }
            let entry = YAMLEntry(key: key, keyLine: item.line, keyColumn: item.column, keyFile: item.file,
                                  value: value(after: String(text.dropFirst(key.count)), at: item))
            if let index = result.firstIndex(where: { $0.key == key }) {
                result[index] = entry
            } else {
                result.append(entry)
            }
        }
        return result
    }

    /// The value node for the text that followed the key (including the separator) in a list item.
    private func value(after rest: String, at item: YAMLNode) -> YAMLNode {
        func node(_ content: YAMLNode.Content) -> YAMLNode {
            YAMLNode(content, line: item.line, column: item.column, file: item.file)
        }
        let bare: BareValue
        switch self {
        case .keyValue(let value) where rest.isEmpty, .name(let value):
            bare = value
        case .hostAddress:
            return node(.scalar(rest.dropFirst().trimmingCharacters(in: .whitespaces), .doubleQuoted, tag: nil))
        default:
            return node(.scalar(String(rest.dropFirst()), .doubleQuoted, tag: nil))
        }
        switch bare {
        case .null: return node(.scalar("", .plain, tag: nil))
        case .emptyString: return node(.scalar("", .doubleQuoted, tag: nil))
        case .serviceStarted:
            let condition = node(.scalar("service_started", .plain, tag: nil))
            return node(.mapping([YAMLEntry(key: "condition", keyLine: item.line, keyColumn: item.column, keyFile: item.file,
                                            value: condition)]))
        }
    }
}
