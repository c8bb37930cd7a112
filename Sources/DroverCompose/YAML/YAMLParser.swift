import CYAML
import DroverModel

/// Parses YAML text with libyaml into a `YAMLNode` tree.
///
/// Resolves aliases and `<<` merge keys, reports duplicate mapping keys as warnings (the last one wins,
/// as in Rancher), and rejects streams with more than one document.
package struct YAMLParser {
    /// Why a text is not usable YAML.
    package struct Failure: Error, Equatable {
        package var diagnostic: Diagnostic
    }

    private let file: String

    /// Warnings gathered while parsing (duplicate keys).
    package private(set) var warnings: [Diagnostic] = []

    private var anchors: [String: YAMLNode] = [:]

    package init(file: String) {
        self.file = file
    }

    /// Parses `text`; an empty document yields a null scalar at 1:1.
    package mutating func parse(_ text: String) throws(Failure) -> YAMLNode {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            throw Failure(diagnostic: Diagnostic(.error, file: file, line: 0, column: 0, message: "cannot initialise the YAML parser"))
        }
        defer { yaml_parser_delete(&parser) }
        var bytes = Array(text.utf8)
        if bytes.isEmpty { bytes = [0x0A] }
        return try bytes.withUnsafeBufferPointer { buffer throws(Failure) -> YAMLNode in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var events = EventReader(parser: &parser, file: file)
            return try readStream(&events)
        }
    }

    private mutating func readStream(_ events: inout EventReader) throws(Failure) -> YAMLNode {
        var root: YAMLNode?
        while true {
            let event = try events.next()
            switch event.kind {
            case .streamEnd:
                return root ?? YAMLNode(.scalar("", .plain, tag: nil), line: 1, column: 1, file: file)
            case .documentStart:
                if root != nil {
                    throw failure(event, "a compose file holds one YAML document; found a second one (`---`)")
                }
                let next = try events.next()
                root = try readNode(next, &events)
            default:
                continue
            }
        }
    }

    private mutating func readNode(_ event: Event, _ events: inout EventReader) throws(Failure) -> YAMLNode {
        let node: YAMLNode
        switch event.kind {
        case let .alias(name):
            guard let target = anchors[name] else { throw failure(event, "unknown alias *\(name)") }
            return target
        case let .scalar(text, style, tag):
            node = YAMLNode(.scalar(text, style, tag: tag), line: event.line, column: event.column, file: file)
        case .sequenceStart:
            var items: [YAMLNode] = []
            while true {
                let next = try events.next()
                if case .sequenceEnd = next.kind { break }
                items.append(try readNode(next, &events))
            }
            node = YAMLNode(.sequence(items), line: event.line, column: event.column, file: file)
        case .mappingStart:
            node = YAMLNode(.mapping(try readMapping(&events)), line: event.line, column: event.column, file: file)
        default:
            throw failure(event, "unexpected YAML event")
        }
        if let anchor = event.anchor { anchors[anchor] = node }
        return node
    }

    /// Reads mapping entries up to the mapping's end, applying merge keys and last-wins duplicates.
    private mutating func readMapping(_ events: inout EventReader) throws(Failure) -> [YAMLEntry] {
        var own: [YAMLEntry] = []
        var merged: [YAMLEntry] = []
        while true {
            let keyEvent = try events.next()
            if case .mappingEnd = keyEvent.kind { break }
            let keyNode = try readNode(keyEvent, &events)
            let value = try readNode(try events.next(), &events)
            guard let key = keyText(keyNode) else {
                throw Failure(diagnostic: Diagnostic(.error, file: file, line: keyNode.line, column: keyNode.column,
                                                     message: "mapping keys must be scalars, found \(keyNode.kindDescription)"))
            }
            if key == "<<", case .plain = keyStyle(keyNode) {
                merged.append(contentsOf: try mergeSources(value))
                continue
            }
            let entry = YAMLEntry(key: key, keyLine: keyNode.line, keyColumn: keyNode.column, keyFile: file, value: value)
            if let index = own.firstIndex(where: { $0.key == key }) {
                warnings.append(Diagnostic(.warning, file: file, line: keyNode.line, column: keyNode.column, path: key,
                                           message: "duplicate key (also at line \(own[index].keyLine)); the last one wins"))
                own[index] = entry
            } else {
                own.append(entry)
            }
        }
        for entry in merged where !own.contains(where: { $0.key == entry.key }) {
            own.append(entry)
        }
        return own
    }

    /// The entries a `<<` value contributes: one mapping, or a list of mappings where earlier ones win.
    private func mergeSources(_ value: YAMLNode) throws(Failure) -> [YAMLEntry] {
        var result: [YAMLEntry] = []
        let sources: [YAMLNode] = value.sequence ?? [value]
        for source in sources {
            guard let entries = source.mapping else {
                throw Failure(diagnostic: Diagnostic(.error, file: file, line: source.line, column: source.column, path: "<<",
                                                     message: "a merge key takes a mapping or a list of mappings, found \(source.kindDescription)"))
            }
            for entry in entries where !result.contains(where: { $0.key == entry.key }) {
                result.append(entry)
            }
        }
        return result
    }

    private func keyText(_ node: YAMLNode) -> String? {
        node.scalarText
    }

    private func keyStyle(_ node: YAMLNode) -> YAMLNode.ScalarStyle? {
        if case let .scalar(_, style, _) = node.content { return style }
        return nil
    }

    private func failure(_ event: Event, _ message: String) -> Failure {
        Failure(diagnostic: Diagnostic(.error, file: file, line: event.line, column: event.column, message: message))
    }
}

/// One libyaml event, copied out of C memory.
struct Event {
    enum Kind {
        case streamStart, streamEnd, documentStart, documentEnd
        case alias(String)
        case scalar(String, YAMLNode.ScalarStyle, tag: String?)
        case sequenceStart, sequenceEnd, mappingStart, mappingEnd
    }

    var kind: Kind
    var anchor: String?
    var line: Int
    var column: Int
}

/// Pulls events from a libyaml parser and turns libyaml errors into located failures.
struct EventReader {
    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private let file: String

    init(parser: UnsafeMutablePointer<yaml_parser_t>, file: String) {
        self.parser = parser
        self.file = file
    }

    mutating func next() throws(YAMLParser.Failure) -> Event {
        var event = yaml_event_t()
        guard yaml_parser_parse(parser, &event) == 1 else { throw parserFailure() }
        defer { yaml_event_delete(&event) }
        let line = Int(event.start_mark.line) + 1
        let column = Int(event.start_mark.column) + 1
        switch event.type {
        case YAML_STREAM_START_EVENT: return Event(kind: .streamStart, line: line, column: column)
        case YAML_STREAM_END_EVENT: return Event(kind: .streamEnd, line: line, column: column)
        case YAML_DOCUMENT_START_EVENT: return Event(kind: .documentStart, line: line, column: column)
        case YAML_DOCUMENT_END_EVENT: return Event(kind: .documentEnd, line: line, column: column)
        case YAML_ALIAS_EVENT:
            return Event(kind: .alias(string(event.data.alias.anchor)), line: line, column: column)
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            let text = scalar.value.map { pointer in
                String(decoding: UnsafeBufferPointer(start: pointer, count: Int(scalar.length)), as: UTF8.self)
            } ?? ""
            let style: YAMLNode.ScalarStyle
            switch scalar.style {
            case YAML_SINGLE_QUOTED_SCALAR_STYLE: style = .singleQuoted
            case YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = .doubleQuoted
            case YAML_LITERAL_SCALAR_STYLE: style = .literal
            case YAML_FOLDED_SCALAR_STYLE: style = .folded
            default: style = .plain
            }
            return Event(kind: .scalar(text, style, tag: optionalString(scalar.tag)),
                         anchor: optionalString(scalar.anchor), line: line, column: column)
        case YAML_SEQUENCE_START_EVENT:
            return Event(kind: .sequenceStart, anchor: optionalString(event.data.sequence_start.anchor), line: line, column: column)
        case YAML_SEQUENCE_END_EVENT: return Event(kind: .sequenceEnd, line: line, column: column)
        case YAML_MAPPING_START_EVENT:
            return Event(kind: .mappingStart, anchor: optionalString(event.data.mapping_start.anchor), line: line, column: column)
        case YAML_MAPPING_END_EVENT: return Event(kind: .mappingEnd, line: line, column: column)
        default:
            throw YAMLParser.Failure(diagnostic: Diagnostic(.error, file: file, line: line, column: column, message: "unexpected YAML event"))
        }
    }

    private func parserFailure() -> YAMLParser.Failure {
        let problem = parser.pointee.problem.map { String(cString: $0) } ?? "invalid YAML"
        let mark = parser.pointee.problem_mark
        var message = problem
        if let context = parser.pointee.context.map({ String(cString: $0) }) {
            let contextMark = parser.pointee.context_mark
            message = "\(problem) (\(context) at line \(contextMark.line + 1), column \(contextMark.column + 1))"
        }
        return YAMLParser.Failure(diagnostic: Diagnostic(.error, file: file, line: Int(mark.line) + 1, column: Int(mark.column) + 1,
                                                         message: "invalid YAML: \(message)"))
    }

    private func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String {
        pointer.map { String(cString: $0) } ?? ""
    }

    private func optionalString(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }
}
