import Foundation

/// Go's predefined template functions (`text/template/funcs.go`), `call` excepted.
extension TemplateFunctions {
    static let builtins: [String: TemplateFunction] = [
        "and": TemplateFunction(shortCircuit: .and),
        "or": TemplateFunction(shortCircuit: .or),
        "not": TemplateFunction([.any]) { args in .bool(!args[0].isTrue) },
        "len": TemplateFunction([.any]) { args throws(TemplateFuncError) in try length(args[0]) },
        "index": TemplateFunction([.any], variadic: .any) { args throws(TemplateFuncError) in
            try index(args[0], Array(args.dropFirst()))
        },
        "slice": TemplateFunction([.any], variadic: .any) { args throws(TemplateFuncError) in
            try slice(args[0], Array(args.dropFirst()))
        },
        "print": TemplateFunction([], variadic: .any) { args in .string(GoFormatter.sprint(args)) },
        "println": TemplateFunction([], variadic: .any) { args in .string(GoFormatter.sprintln(args)) },
        "printf": TemplateFunction([.string], variadic: .any) { args in
            .string(GoFormatter.sprintf(string(args, 0), Array(args.dropFirst())))
        },
        "html": TemplateFunction([], variadic: .any) { args in .string(GoStrings.htmlEscape(escaperInput(args))) },
        "js": TemplateFunction([], variadic: .any) { args in .string(GoStrings.jsEscape(escaperInput(args))) },
        "urlquery": TemplateFunction([], variadic: .any) { args in
            .string(GoStrings.queryEscape(escaperInput(args)))
        },
        "eq": TemplateFunction([.any], variadic: .any) { args throws(TemplateFuncError) in
            .bool(try equal(args[0], Array(args.dropFirst())))
        },
        "ne": TemplateFunction([.any, .any]) { args throws(TemplateFuncError) in
            .bool(!(try equal(args[0], [args[1]])))
        },
        "lt": TemplateFunction([.any, .any]) { args throws(TemplateFuncError) in .bool(try less(args[0], args[1])) },
        "le": TemplateFunction([.any, .any]) { args throws(TemplateFuncError) in
            .bool(try lessOrEqual(args[0], args[1]))
        },
        "gt": TemplateFunction([.any, .any]) { args throws(TemplateFuncError) in
            .bool(!(try lessOrEqual(args[0], args[1])))
        },
        "ge": TemplateFunction([.any, .any]) { args throws(TemplateFuncError) in .bool(!(try less(args[0], args[1]))) },
    ]

    /// Go's `evalArgs` for the escapers: a lone string as is, otherwise `fmt.Sprint` with nil as "<no value>".
    private static func escaperInput(_ args: [TemplateValue]) -> String {
        if args.count == 1, let text = args[0].stringValue { return text }
        return GoFormatter.sprint(args.map { $0 == .null ? .string("<no value>") : $0 })
    }

    /// The comparable basic kinds of Go's `basicKind`; nil for null, lists and maps.
    private enum BasicKind { case bool, int, float, string }

    private static func basicKind(_ value: TemplateValue) -> BasicKind? {
        switch value {
        case .bool: return .bool
        case .int: return .int
        case .float: return .float
        case .string: return .string
        default: return nil
        }
    }

    /// Go's `eq`: true if `first` equals any of `others`; null compares unequal to everything but null.
    private static func equal(_ first: TemplateValue, _ others: [TemplateValue]) throws(TemplateFuncError) -> Bool {
        guard !others.isEmpty else { throw TemplateFuncError("missing argument for comparison") }
        for other in others {
            let (kind1, kind2) = (basicKind(first), basicKind(other))
            if kind1 != kind2 {
                if first != .null && other != .null { throw TemplateFuncError("incompatible types for comparison") }
                continue
            }
            switch (first, other) {
            case (.bool(let lhs), .bool(let rhs)): if lhs == rhs { return true }
            case (.int(let lhs), .int(let rhs)): if lhs == rhs { return true }
            case (.float(let lhs), .float(let rhs)): if lhs == rhs { return true }
            case (.string(let lhs), .string(let rhs)): if lhs.utf8.elementsEqual(rhs.utf8) { return true }
            case (.null, .null): return true
            case (.null, _), (_, .null): continue
            default:
                if first.goTypeName != other.goTypeName {
                    throw TemplateFuncError("non-comparable types \(GoFormatter.sprintf("%s", [first])): "
                        + "\(first.goTypeName), \(other.goTypeName): \(GoFormatter.sprint([other]))")
                }
                let shown = GoFormatter.sprintf("%s", [other])
                throw TemplateFuncError("non-comparable type \(shown): \(other.goTypeName)")
            }
        }
        return false
    }

    /// Go's `lt` on basic kinds of the same kind.
    private static func less(_ first: TemplateValue, _ second: TemplateValue) throws(TemplateFuncError) -> Bool {
        guard let kind1 = basicKind(first), let kind2 = basicKind(second) else {
            throw TemplateFuncError("invalid type for comparison")
        }
        guard kind1 == kind2 else { throw TemplateFuncError("incompatible types for comparison") }
        switch (first, second) {
        case (.int(let lhs), .int(let rhs)): return lhs < rhs
        case (.float(let lhs), .float(let rhs)): return lhs < rhs
        case (.string(let lhs), .string(let rhs)): return lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
        default: throw TemplateFuncError("invalid type for comparison")
        }
    }

    /// Go's `le`: `lt`, or else `eq`.
    private static func lessOrEqual(_ first: TemplateValue, _ second: TemplateValue) throws(TemplateFuncError) -> Bool {
        if try less(first, second) { return true }
        return try equal(first, [second])
    }

    /// Go's `len`: bytes of a string, items of a list, entries of a map.
    private static func length(_ value: TemplateValue) throws(TemplateFuncError) -> TemplateValue {
        switch value {
        case .string(let text): return .int(text.utf8.count)
        case .list(let items): return .int(items.count)
        case .map(let entries): return .int(entries.count)
        case .null: throw TemplateFuncError("reflect: call of reflect.Value.Type on zero Value")
        default: throw TemplateFuncError("len of type \(value.goTypeName)")
        }
    }

    /// Go's `indexArg`: an int index within 0...cap.
    private static func indexArgument(_ value: TemplateValue, cap: Int) throws(TemplateFuncError) -> Int {
        switch value {
        case .int(let position):
            guard position >= 0 && position <= cap else { throw TemplateFuncError("index out of range: \(position)") }
            return position
        case .null: throw TemplateFuncError("cannot index slice/array with nil")
        default: throw TemplateFuncError("cannot index slice/array with type \(value.goTypeName)")
        }
    }

    /// Go's `index`: successive list/string positions or map keys; a missing key gives the map's zero value.
    private static func index(_ item: TemplateValue,
                              _ keys: [TemplateValue]) throws(TemplateFuncError) -> TemplateValue {
        guard item != .null else { throw TemplateFuncError("index of untyped nil") }
        var current = item
        for key in keys {
            switch current {
            case .list(let items):
                let position = try indexArgument(key, cap: items.count)
                guard position < items.count else { throw TemplateFuncError("reflect: slice index out of range") }
                current = items[position]
            case .string(let text):
                let bytes = Array(text.utf8)
                let position = try indexArgument(key, cap: bytes.count)
                guard position < bytes.count else { throw TemplateFuncError("reflect: string index out of range") }
                current = .int(Int(bytes[position]))
            case .map(let entries):
                guard case .string(let name) = key else {
                    throw TemplateFuncError(key == .null ? "value is nil; should be of type string"
                        : "value has type \(key.goTypeName); should be string")
                }
                let allStrings = entries.values.allSatisfy { $0.stringValue != nil }
                current = entries[name] ?? (allStrings ? .string("") : .null)
            case .null:
                throw TemplateFuncError("index of nil pointer")
            default:
                throw TemplateFuncError("can't index item of type \(current.goTypeName)")
            }
        }
        return current
    }

    /// Go's `slice`: a sub-list or byte sub-string, with up to three indexes.
    private static func slice(_ item: TemplateValue,
                              _ bounds: [TemplateValue]) throws(TemplateFuncError) -> TemplateValue {
        guard item != .null else { throw TemplateFuncError("slice of untyped nil") }
        guard bounds.count <= 3 else { throw TemplateFuncError("too many slice indexes: \(bounds.count)") }
        let count: Int
        switch item {
        case .string(let text):
            if bounds.count == 3 { throw TemplateFuncError("cannot 3-index slice a string") }
            count = text.utf8.count
        case .list(let items): count = items.count
        default: throw TemplateFuncError("can't slice item of type \(item.goTypeName)")
        }
        var positions = [0, count, count]
        for (slot, bound) in bounds.enumerated() {
            positions[slot] = try indexArgument(bound, cap: count)
        }
        if positions[0] > positions[1] {
            throw TemplateFuncError("invalid slice index: \(positions[0]) > \(positions[1])")
        }
        if bounds.count == 3 && positions[1] > positions[2] {
            throw TemplateFuncError("invalid slice index: \(positions[1]) > \(positions[2])")
        }
        if case .string(let text) = item {
            return .string(String(decoding: Array(text.utf8)[positions[0]..<positions[1]], as: UTF8.self))
        }
        guard case .list(let items) = item else { return item }
        return .list(Array(items[positions[0]..<positions[1]]))
    }
}
