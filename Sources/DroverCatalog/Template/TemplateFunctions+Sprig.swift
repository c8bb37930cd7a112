import Foundation

/// The sprig (2.x, as vendored by Rancher 1.6) functions catalogs use, and Rancher's `splitPreserveQuotes`.
extension TemplateFunctions {
    /// Lists built by `until` and `untilStep` may not exceed this many items, so templates cannot exhaust memory.
    static let maxGeneratedItems = 1_000_000

    static let sprig: [String: TemplateFunction] = [
        "default": TemplateFunction([.any], variadic: .any) { args in
            args.count < 2 || !args[1].isTrue ? args[0] : args[1]
        },
        "empty": TemplateFunction([.any]) { args in .bool(!args[0].isTrue) },
        "ternary": TemplateFunction([.any, .any, .bool]) { args in args[2] == .bool(true) ? args[0] : args[1] },
        "trim": stringFunction { GoStrings.trimSpace($0) },
        "upper": stringFunction { GoStrings.mapCase($0, upper: true) },
        "lower": stringFunction { GoStrings.mapCase($0, upper: false) },
        "nospace": stringFunction { text in
            String(String.UnicodeScalarView(text.unicodeScalars.filter { !GoStrings.isSpace($0) }))
        },
        "trimAll": TemplateFunction([.string, .string]) { args in
            .string(GoStrings.trim(string(args, 1), cutset: string(args, 0)))
        },
        "trimPrefix": TemplateFunction([.string, .string]) { args in
            .string(GoStrings.trimPrefix(string(args, 1), string(args, 0)))
        },
        "trimSuffix": TemplateFunction([.string, .string]) { args in
            .string(GoStrings.trimSuffix(string(args, 1), string(args, 0)))
        },
        "replace": TemplateFunction([.string, .string, .string]) { args in
            .string(GoStrings.replaceAll(string(args, 2), string(args, 0), string(args, 1)))
        },
        "contains": TemplateFunction([.string, .string]) { args in
            .bool(GoStrings.contains(string(args, 1), string(args, 0)))
        },
        "hasPrefix": TemplateFunction([.string, .string]) { args in
            .bool(GoStrings.hasPrefix(string(args, 1), string(args, 0)))
        },
        "hasSuffix": TemplateFunction([.string, .string]) { args in
            .bool(GoStrings.hasSuffix(string(args, 1), string(args, 0)))
        },
        "split": TemplateFunction([.string, .string]) { args in
            let parts = GoStrings.split(string(args, 1), string(args, 0))
            var entries: [String: TemplateValue] = [:]
            for (position, part) in parts.enumerated() { entries["_\(position)"] = .string(part) }
            return .map(entries)
        },
        "splitList": TemplateFunction([.string, .string]) { args in
            .list(GoStrings.split(string(args, 1), string(args, 0)).map { .string($0) })
        },
        "join": TemplateFunction([.string, .any]) { args in
            let parts = if case .list(let items) = args[1] { items.map(stringValue) } else { [stringValue(args[1])] }
            return .string(parts.joined(separator: string(args, 0)))
        },
        "quote": TemplateFunction([], variadic: .any) { args in
            .string(args.map { GoQuote.quote(stringValue($0)) }.joined(separator: " "))
        },
        "squote": TemplateFunction([], variadic: .any) { args in
            .string(args.map { "'" + stringValue($0) + "'" }.joined(separator: " "))
        },
        "cat": TemplateFunction([], variadic: .any) { args in
            .string(args.map { GoFormatter.sprint([$0]) }.joined(separator: " "))
        },
        "indent": TemplateFunction([.int, .string]) { args throws(TemplateFuncError) in
            let count = int(args, 0)
            guard count >= 0 else { throw TemplateFuncError("strings: negative Repeat count") }
            guard count <= maxGeneratedItems else { throw TemplateFuncError("indent of \(count) is too large") }
            let pad = String(repeating: " ", count: count)
            return .string(pad + GoStrings.replaceAll(string(args, 1), "\n", "\n" + pad))
        },
        "toString": TemplateFunction([.any]) { args in .string(stringValue(args[0])) },
        "atoi": TemplateFunction([.string]) { args in .int(atoi(string(args, 0))) },
        "int": TemplateFunction([.any]) { args in .int(int64Value(args[0])) },
        "int64": TemplateFunction([.any]) { args in .int(int64Value(args[0])) },
        "float64": TemplateFunction([.any]) { args in .float(float64Value(args[0])) },
        "until": TemplateFunction([.int]) { args throws(TemplateFuncError) in
            let count = int(args, 0)
            return try untilStep(0, count, count < 0 ? -1 : 1)
        },
        "untilStep": TemplateFunction([.int, .int, .int]) { args throws(TemplateFuncError) in
            try untilStep(int(args, 0), int(args, 1), int(args, 2))
        },
        "add": TemplateFunction([], variadic: .any) { args in
            .int(args.reduce(0) { $0 &+ int64Value($1) })
        },
        "add1": TemplateFunction([.any]) { args in .int(int64Value(args[0]) &+ 1) },
        "sub": TemplateFunction([.any, .any]) { args in .int(int64Value(args[0]) &- int64Value(args[1])) },
        "mul": TemplateFunction([.any], variadic: .any) { args in
            .int(args.dropFirst().reduce(int64Value(args[0])) { $0 &* int64Value($1) })
        },
        "div": TemplateFunction([.any, .any]) { args throws(TemplateFuncError) in
            let divisor = int64Value(args[1])
            guard divisor != 0 else { throw TemplateFuncError("runtime error: integer divide by zero") }
            return .int(int64Value(args[0]).dividedReportingOverflow(by: divisor).partialValue)
        },
        "mod": TemplateFunction([.any, .any]) { args throws(TemplateFuncError) in
            let divisor = int64Value(args[1])
            guard divisor != 0 else { throw TemplateFuncError("runtime error: integer divide by zero") }
            return .int(int64Value(args[0]).remainderReportingOverflow(dividingBy: divisor).partialValue)
        },
        "max": TemplateFunction([.any], variadic: .any) { args in .int(args.map(int64Value).max() ?? 0) },
        "min": TemplateFunction([.any], variadic: .any) { args in .int(args.map(int64Value).min() ?? 0) },
        "list": TemplateFunction([], variadic: .any) { args throws(TemplateFuncError) in
            try checkNesting(args)
            return .list(args)
        },
        "tuple": TemplateFunction([], variadic: .any) { args throws(TemplateFuncError) in
            try checkNesting(args)
            return .list(args)
        },
        "dict": TemplateFunction([], variadic: .any) { args throws(TemplateFuncError) in
            try checkNesting(args)
            var entries: [String: TemplateValue] = [:]
            for position in stride(from: 0, to: args.count, by: 2) {
                entries[stringValue(args[position])] = position + 1 < args.count ? args[position + 1] : .string("")
            }
            return .map(entries)
        },
        "splitPreserveQuotes": TemplateFunction([.string]) { args in
            .list(splitPreserveQuotes(string(args, 0)).map { .string($0) })
        },
    ]

    /// Lists and dicts built by templates may nest this deep, so values never get deep enough to
    /// overflow the stack when printed, compared or freed.
    static let maxValueNesting = 100

    /// Fails when wrapping `args` in a new list or dict would exceed `maxValueNesting`.
    private static func checkNesting(_ args: [TemplateValue]) throws(TemplateFuncError) {
        if args.contains(where: { exceedsNesting($0, limit: maxValueNesting - 1) }) {
            throw TemplateFuncError("lists and dicts may not nest more than \(maxValueNesting) levels")
        }
    }

    /// Whether a value nests lists/maps deeper than `limit` more levels.
    private static func exceedsNesting(_ value: TemplateValue, limit: Int) -> Bool {
        switch value {
        case .list(let items): return limit == 0 || items.contains { exceedsNesting($0, limit: limit - 1) }
        case .map(let entries): return limit == 0 || entries.values.contains { exceedsNesting($0, limit: limit - 1) }
        default: return false
        }
    }

    /// A function from one string to a string.
    private static func stringFunction(_ body: @escaping @Sendable (String) -> String) -> TemplateFunction {
        TemplateFunction([.string]) { args in .string(body(string(args, 0))) }
    }

    /// `strconv.Atoi` with its error ignored: 0 for bad syntax, the clamped value on overflow.
    static func atoi(_ text: String) -> Int {
        if let value = Int(text) { return value }
        let digits = text.hasPrefix("+") || text.hasPrefix("-") ? text.dropFirst() : Substring(text)
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return 0 }
        return text.hasPrefix("-") ? Int.min : Int.max
    }

    /// Sprig's `toFloat64`: numbers as floats, 1/0 for booleans, `strconv.ParseFloat` for strings; 0 otherwise.
    static func float64Value(_ value: TemplateValue) -> Double {
        switch value {
        case .int(let number): return Double(number)
        case .float(let number): return number
        case .bool(let flag): return flag ? 1 : 0
        case .string(let text):
            let lower = text.lowercased()
            if lower.contains("0x") && !lower.contains("p") { return 0 }
            return Double(text) ?? 0
        default: return 0
        }
    }

    /// Sprig's `untilStep`: start, start+step, … while before `stop`; empty when the step points away.
    static func untilStep(_ start: Int, _ stop: Int, _ step: Int) throws(TemplateFuncError) -> TemplateValue {
        guard (stop > start && step > 0) || (stop < start && step < 0) else { return .list([]) }
        let span = stop > start ? UInt(bitPattern: stop &- start) : UInt(bitPattern: start &- stop)
        let stride = step.magnitude
        let count = span / stride + (span % stride == 0 ? 0 : 1)
        guard count <= UInt(maxGeneratedItems) else {
            throw TemplateFuncError("list of \(count) items exceeds the limit of \(maxGeneratedItems)")
        }
        return .list((0..<Int(count)).map { .int(start &+ $0 &* step) })
    }

    /// Rancher's `splitPreserveQuotes` exactly as rancher-compose-executor implements it: splits on
    /// white space outside quotes, keeps the quote characters, and appends the final rune to the last piece.
    static func splitPreserveQuotes(_ text: String) -> [String] {
        var pieces: [String] = []
        var buffer = String.UnicodeScalarView()
        var inQuotes = false
        let lastByte = text.utf8.count - 1
        var offset = 0
        for scalar in text.unicodeScalars {
            if scalar.properties.isQuotationMark { inQuotes.toggle() }
            let isLast = offset == lastByte
            if (GoStrings.isSpace(scalar) && !inQuotes) || isLast {
                if isLast { buffer.append(scalar) }
                pieces.append(String(buffer))
                buffer = String.UnicodeScalarView()
            } else {
                buffer.append(scalar)
            }
            offset += String(scalar).utf8.count
        }
        return pieces
    }
}
