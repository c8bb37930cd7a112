import Foundation

/// Pipelines, commands and operands: the part of Go's parser inside one action.
extension TemplateParser {
    /// Parses `[$x[, $y] := | =] command | command …` up to `end` (a right delimiter or right paren).
    mutating func pipeline(_ context: String, end: TemplateTokenKind) throws(TemplateError) -> TemplatePipeline {
        var pipe = TemplatePipeline()
        try parseDeclarations(into: &pipe, context)
        while true {
            let token = nextNonSpace()
            if token.kind == end {
                try checkPipeline(pipe, context, at: token.start)
                return pipe
            }
            switch token.kind {
            case .bool, .charConstant, .complex, .dot, .field, .identifier, .number, .keywordNil, .rawString,
                 .string, .variable, .leftParen:
                backup()
                pipe.commands.append(try command())
            default:
                throw unexpected(token, context)
            }
        }
    }

    /// Parses `$x :=`, `$x =` or (for range) `$i, $e :=` ahead of a pipeline's commands.
    private mutating func parseDeclarations(into pipe: inout TemplatePipeline,
                                            _ context: String) throws(TemplateError) {
        while peekNonSpace().kind == .variable {
            let variableIndex = index
            let variable = next()
            let name = text(variable)
            let following = peekNonSpace()
            if following.kind == .assign || following.kind == .declare {
                pipe.isAssign = following.kind == .assign
                _ = nextNonSpace()
                pipe.decls.append(name)
                vars.append(name)
            } else if following.kind == .char && text(following) == "," {
                _ = nextNonSpace()
                pipe.decls.append(name)
                vars.append(name)
                if context == "range" && pipe.decls.count < 2 {
                    switch peekNonSpace().kind {
                    case .variable, .rightDelim, .rightParen: continue
                    default: throw error("range can only initialize variables", at: peek().start)
                    }
                }
                throw error("too many declarations in \(context)", at: variable.start)
            } else {
                index = variableIndex
            }
            return
        }
    }

    /// Go's `checkPipeline`: a pipeline needs a command, and only its first command may be a literal.
    private func checkPipeline(_ pipe: TemplatePipeline, _ context: String, at offset: Int) throws(TemplateError) {
        if pipe.commands.isEmpty { throw error("missing value for \(context)", at: offset) }
        for (stage, command) in pipe.commands.enumerated().dropFirst() {
            switch command.args.first {
            case .bool, .dot, .nilLiteral, .number, .string:
                throw error("non executable command in pipeline stage \(stage + 1)", at: actionStart)
            default:
                continue
            }
        }
    }

    /// Parses one command: operands separated by spaces, up to `|` or the end of the pipeline.
    private mutating func command() throws(TemplateError) -> TemplateCommand {
        var command = TemplateCommand(args: [])
        let start = peekNonSpace().start
        while true {
            _ = peekNonSpace()
            if let operand = try operand() { command.args.append(operand) }
            let token = next()
            switch token.kind {
            case .space: continue
            case .rightDelim, .rightParen: backup()
            case .pipe: break
            default: throw unexpected(token, "operand")
            }
            break
        }
        if command.args.isEmpty { throw error("empty command", at: start) }
        return command
    }

    /// Parses a term with any `.Field` chain attached to it.
    private mutating func operand() throws(TemplateError) -> TemplateArg? {
        guard let node = try term() else { return nil }
        guard peek().kind == .field else { return node }
        let chainStart = peek().start
        var fields: [String] = []
        while peek().kind == .field {
            fields.append(String(text(next()).dropFirst()))
        }
        switch node {
        case .field(let names): return .field(names + fields)
        case .variable(let name, let names): return .variable(name, fields: names + fields)
        case .bool, .string, .number, .nilLiteral, .dot:
            throw error("unexpected . after term \(GoQuote.quote(node.description))", at: chainStart)
        default: return .chain(node, fields: fields)
        }
    }

    /// Parses one term: identifier, `.`, nil, variable, field, literal or parenthesized pipeline.
    private mutating func term() throws(TemplateError) -> TemplateArg? {
        let token = nextNonSpace()
        switch token.kind {
        case .identifier:
            let name = text(token)
            guard TemplateFunctions.table[name] != nil else {
                throw error("function \(GoQuote.quote(name)) not defined", at: token.start)
            }
            return .identifier(name)
        case .dot:
            return .dot
        case .keywordNil:
            return .nilLiteral
        case .variable:
            let name = text(token)
            guard vars.contains(name) else { throw error("undefined variable \(GoQuote.quote(name))", at: token.start) }
            return .variable(name, fields: [])
        case .field:
            return .field([String(text(token).dropFirst())])
        case .bool:
            return .bool(text(token) == "true")
        case .charConstant, .complex, .number:
            return .number(try number(token))
        case .leftParen:
            try enterNesting(at: token.start)
            defer { nesting -= 1 }
            return .pipeline(try pipeline("parenthesized pipeline", end: .rightParen))
        case .string, .rawString:
            let literal = Array(source.bytes[token.start..<token.end])
            guard let value = GoQuote.unquote(literal) else { throw error("invalid syntax", at: token.start) }
            return .string(value, literal: text(token))
        default:
            backup()
            return nil
        }
    }

    private func number(_ token: TemplateToken) throws(TemplateError) -> TemplateNumber {
        let literal = text(token)
        if token.kind == .charConstant {
            switch GoQuote.unquoteCharConstant(Array(literal.utf8)) {
            case .success(let rune):
                return TemplateNumber(text: literal, intValue: rune, floatValue: Double(rune), isCharConstant: true)
            case .failure(let failure):
                throw error(failure.message, at: token.start)
            }
        }
        switch TemplateNumber.parse(literal) {
        case .success(let number): return number
        case .failure(let failure): throw error(failure.message, at: token.start)
        }
    }
}
