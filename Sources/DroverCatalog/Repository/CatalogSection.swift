import DroverCompose
import DroverModel

/// The `.catalog` (or `catalog`) section of a version's rancher-compose.yml.
package struct CatalogSection: Codable, Equatable, Sendable {
    package var name: String?
    package var version: String?
    package var description: String?
    package var uuid: String?
    package var minimumRancherVersion: String?
    package var maximumRancherVersion: String?
    /// A semver range of versions this one can upgrade from.
    package var upgradeFrom: String?
    package var labels: [String: String]
    package var questions: [Question]

    package init(name: String? = nil, version: String? = nil, description: String? = nil, uuid: String? = nil,
                minimumRancherVersion: String? = nil, maximumRancherVersion: String? = nil, upgradeFrom: String? = nil,
                labels: [String: String] = [:], questions: [Question] = []) {
        self.name = name
        self.version = version
        self.description = description
        self.uuid = uuid
        self.minimumRancherVersion = minimumRancherVersion
        self.maximumRancherVersion = maximumRancherVersion
        self.upgradeFrom = upgradeFrom
        self.labels = labels
        self.questions = questions
    }
}

/// Reads the catalog section out of rancher-compose.yml text, before any templating.
///
/// The whole file is parsed when it is valid YAML; when Go-template actions make it invalid, only the
/// catalog section's lines are parsed (they never contain template actions in practice).
enum CatalogSectionParser {
    static func parse(_ text: String, file: String, log: DiagnosticLog) -> CatalogSection {
        var parser = YAMLParser(file: file)
        let root: YAMLNode
        if let whole = try? parser.parse(text) {
            root = whole
        } else {
            var sectionParser = YAMLParser(file: file)
            do {
                root = try sectionParser.parse(sectionText(text))
            } catch {
                log.add(error.diagnostic)
                return CatalogSection()
            }
        }
        guard let node = root[".catalog"] ?? root["catalog"] else { return CatalogSection() }
        return section(node, ValueReader(file: file, log: log))
    }

    /// The lines of the catalog section, with every other line blanked so line numbers stay true.
    static func sectionText(_ text: String) -> String {
        var inside = false
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> Substring in
            if let first = line.first, !first.isWhitespace, first != "#" {
                inside = line.hasPrefix(".catalog:") || line.hasPrefix("catalog:")
            }
            return inside ? line : ""
        }.joined(separator: "\n")
    }

    private static func section(_ node: YAMLNode, _ reader: ValueReader) -> CatalogSection {
        var section = CatalogSection()
        for entry in reader.mapping(node, ".catalog") ?? [] {
            let path = ".catalog.\(entry.key)"
            let value = entry.value
            switch entry.key {
            case "name": section.name = value.plainValue
            case "version": section.version = value.plainValue
            case "description": section.description = value.plainValue
            case "uuid": section.uuid = value.plainValue
            case "minimum_rancher_version": section.minimumRancherVersion = value.plainValue
            case "maximum_rancher_version": section.maximumRancherVersion = value.plainValue
            case "upgrade_from": section.upgradeFrom = value.plainValue
            case "labels": section.labels = reader.stringMap(value, path) ?? [:]
            case "questions":
                for (index, item) in (reader.list(value, path) ?? []).enumerated() {
                    if let question = question(item, "\(path)[\(index)]", reader) { section.questions.append(question) }
                }
            default: reader.log.warning(reader.file, entry, path, "unknown key, ignored")
            }
        }
        return section
    }

    private static func question(_ node: YAMLNode, _ path: String, _ reader: ValueReader) -> Question? {
        guard let entries = reader.mapping(node, path) else { return nil }
        guard let variable = node["variable"].flatMap({ reader.nonEmptyString($0, "\(path).variable") }) else {
            reader.error(node, path, "a question needs \"variable\"")
            return nil
        }
        var question = Question(variable: variable)
        let questionPath = "\(path)(\(variable))"
        for entry in entries {
            let keyPath = "\(questionPath).\(entry.key)"
            let value = entry.value
            switch entry.key {
            case "variable": break
            case "label": question.label = value.plainValue
            case "description": question.description = value.plainValue
            case "type":
                let allowed = Question.Kind.allCases.map(\.rawValue)
                question.type = reader.oneOf(value, keyPath, allowed).flatMap(Question.Kind.init) ?? .string
            case "required": question.required = reader.bool(value, keyPath) ?? false
            case "default": question.defaultValue = value.plainValue
            case "group": question.group = value.plainValue
            case "min": question.min = reader.int(value, keyPath)
            case "max": question.max = reader.int(value, keyPath)
            case "min_length": question.minLength = reader.int(value, keyPath, min: 0)
            case "max_length": question.maxLength = reader.int(value, keyPath, min: 0)
            case "options": question.options = (reader.list(value, keyPath) ?? []).compactMap(\.plainValue)
            case "valid_chars": question.validChars = value.plainValue
            case "invalid_chars": question.invalidChars = value.plainValue
            default: reader.log.warning(reader.file, entry, keyPath, "unknown key, ignored")
            }
        }
        if question.type == .enum_ && question.options.isEmpty {
            reader.error(node, questionPath, "an enum question needs \"options\"")
        }
        return question
    }
}
