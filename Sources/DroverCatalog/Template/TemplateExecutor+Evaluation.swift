import Foundation

/// Pipeline, command, field and function-call evaluation, following Go's `exec.go` (`evalPipeline`,
/// `evalCommand`, `evalField`, `evalCall`, `evalArg`, `validateType`) and its messages.
extension TemplateExecutor {
    /// Evaluates a pipeline, each command receiving the previous result as its last argument,
    /// then declares or assigns its variables.
    mutating func evalPipeline(_ pipe: TemplatePipeline, dot: TemplateValue) throws(TemplateError) -> TemplateValue {
        var value: TemplateValue?
        for command in pipe.commands {
            value = try evalCommand(command, dot: dot, final: value)
        }
        let result = value ?? .null
        for name in pipe.decls {
            if pipe.isAssign {
                guard let slot = vars.lastIndex(where: { $0.name == name }) else {
                    throw fail("undefined variable: \(name)")
                }
                vars[slot].value = result
            } else {
                vars.append((name, result))
            }
        }
        return result
    }

    /// Evaluates a parenthesized pipeline, counting it towards the nesting depth.
    private mutating func evalNested(_ pipe: TemplatePipeline,
                                     dot: TemplateValue) throws(TemplateError) -> TemplateValue {
        try enter()
        defer { depth -= 1 }
        return try evalPipeline(pipe, dot: dot)
    }

    /// Go's `evalCommand`: a field, chain, function call, variable or literal; `final` is the previous command's value.
    private mutating func evalCommand(_ command: TemplateCommand, dot: TemplateValue,
                                      final: TemplateValue?) throws(TemplateError) -> TemplateValue {
        let first = command.args[0]
        let hasArgs = command.args.count > 1 || final != nil
        switch first {
        case .field(let names):
            return try evalFieldChain(dot, names, hasArgs: hasArgs)
        case .chain(let base, let fields):
            return try evalFieldChain(try evalArg(base, .any, dot: dot), fields, hasArgs: hasArgs)
        case .identifier(let name):
            return try evalFunction(name, args: Array(command.args.dropFirst()), final: final, dot: dot)
        case .variable(let name, let fields):
            return try evalVariable(name, fields, first: first, hasArgs: hasArgs)
        default:
            if hasArgs {
                let shown = if case .pipeline(let pipe) = first { pipe.description } else { first.description }
                throw fail("can't give argument to non-function \(shown)")
            }
            switch first {
            case .pipeline(let pipe): return try evalNested(pipe, dot: dot)
            case .bool(let flag): return .bool(flag)
            case .number(let number): return try idealValue(number)
            case .string(let text, _): return .string(text)
            case .nilLiteral: throw fail("nil is not a command")
            default: return dot
            }
        }
    }

    private func idealValue(_ number: TemplateNumber) throws(TemplateError) -> TemplateValue {
        switch number.idealValue() {
        case .success(let value): return value
        case .failure(let failure): throw fail(failure.message)
        }
    }

    /// Go's `evalVariableNode`: a variable, optionally followed by fields.
    private mutating func evalVariable(_ name: String, _ fields: [String], first: TemplateArg,
                                       hasArgs: Bool) throws(TemplateError) -> TemplateValue {
        guard let value = vars.last(where: { $0.name == name })?.value else {
            throw fail("undefined variable: \(name)")
        }
        if fields.isEmpty {
            if hasArgs { throw fail("can't give argument to non-function \(first.description)") }
            return value
        }
        return try evalFieldChain(value, fields, hasArgs: hasArgs)
    }

    /// Go's `evalFieldChain`: only the last field may be given arguments (and maps reject them).
    private func evalFieldChain(_ receiver: TemplateValue, _ names: [String],
                                hasArgs: Bool) throws(TemplateError) -> TemplateValue {
        var current = receiver
        for (position, name) in names.enumerated() {
            switch current {
            case .null:
                return .null
            case .map(let entries):
                if hasArgs && position == names.count - 1 { throw fail("\(name) is not a method but has arguments") }
                current = entries[name] ?? .null
            default:
                throw fail("can't evaluate field \(name) in type \(current.goTypeName)")
            }
        }
        return current
    }

    /// Go's `evalCall`: checks the argument count, converts each argument to its parameter kind,
    /// short-circuits `and`/`or`, and reports function failures as "error calling NAME: …".
    private mutating func evalFunction(_ name: String, args: [TemplateArg], final: TemplateValue?,
                                       dot: TemplateValue) throws(TemplateError) -> TemplateValue {
        guard let function = TemplateFunctions.table[name] else {
            throw fail("\(GoQuote.quote(name)) is not a defined function")
        }
        let params = function.params
        let argCount = args.count + (final == nil ? 0 : 1)
        if function.variadic != nil {
            if argCount < params.count {
                throw fail("wrong number of args for \(name): want at least \(params.count) got \(args.count)")
            }
        } else if argCount != params.count {
            throw fail("wrong number of args for \(name): want \(params.count) got \(argCount)")
        }
        let call: TemplateFunctionCall
        switch function.body {
        case .and, .or:
            let stopWhen = function.body.isOr
            var value = TemplateValue.null
            for arg in args {
                value = try evalArg(arg, .any, dot: dot)
                if value.isTrue == stopWhen { return value }
            }
            return final ?? value
        case .call(let body):
            call = body
        }
        var argv: [TemplateValue] = []
        argv.reserveCapacity(argCount)
        for (position, arg) in args.enumerated() {
            let kind = position < params.count ? params[position] : function.variadic ?? .any
            argv.append(try evalArg(arg, kind, dot: dot))
        }
        if let final {
            let kind: TemplateParamKind
            if let variadic = function.variadic {
                kind = argCount - 1 < params.count ? params[argCount - 1] : variadic
            } else {
                kind = params[params.count - 1]
            }
            argv.append(try validate(final, kind))
        }
        let result: TemplateValue
        do {
            result = try call(argv)
        } catch {
            throw fail("error calling \(name): \(error.message)")
        }
        if case .string(let text) = result, text.utf8.count > Self.maxOutputBytes {
            throw fail("error calling \(name): result exceeds \(Self.maxOutputBytes) bytes")
        }
        return result
    }

    /// Go's `evalArg`: evaluates one argument for a parameter of the given kind.
    private mutating func evalArg(_ arg: TemplateArg, _ kind: TemplateParamKind,
                                  dot: TemplateValue) throws(TemplateError) -> TemplateValue {
        switch arg {
        case .dot:
            return try validate(dot, kind)
        case .nilLiteral:
            if kind == .any { return .null }
            throw fail("cannot assign nil to \(kind.goName)")
        case .field(let names):
            return try validate(try evalFieldChain(dot, names, hasArgs: false), kind)
        case .variable(let name, let fields):
            return try validate(try evalVariable(name, fields, first: arg, hasArgs: false), kind)
        case .pipeline(let pipe):
            return try validate(try evalNested(pipe, dot: dot), kind)
        case .identifier(let name):
            return try validate(try evalFunction(name, args: [], final: nil, dot: dot), kind)
        case .chain(let base, let fields):
            return try validate(try evalFieldChain(try evalArg(base, .any, dot: dot), fields, hasArgs: false), kind)
        case .bool(let flag) where kind == .bool || kind == .any:
            return .bool(flag)
        case .string(let text, _) where kind == .string || kind == .any:
            return .string(text)
        case .number(let number) where kind == .any:
            return try idealValue(number)
        case .number(let number) where kind == .int && number.intValue != nil:
            return .int(number.intValue ?? 0)
        default:
            throw fail("expected \(kind.literalName); found \(arg.description)")
        }
    }

    /// Go's `validateType`: a value passed to a typed parameter must have exactly that type.
    private func validate(_ value: TemplateValue, _ kind: TemplateParamKind) throws(TemplateError) -> TemplateValue {
        switch (kind, value) {
        case (.any, _), (.string, .string), (.int, .int), (.bool, .bool):
            return value
        case (_, .null):
            throw fail("invalid value; expected \(kind.goName)")
        default:
            throw fail("wrong type for value; expected \(kind.goName); got \(value.goTypeName)")
        }
    }
}

extension TemplateFunctionBody {
    /// Whether this is `or`, which stops at the first true argument (`and` stops at the first false one).
    var isOr: Bool {
        if case .or = self { return true }
        return false
    }
}
