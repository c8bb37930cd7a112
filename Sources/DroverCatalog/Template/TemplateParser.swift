import Foundation

/// The parsed form of a template: the main node list plus the `{{define}}`d templates.
struct TemplateProgram: Sendable {
    var root: [TemplateNode]
    var definitions: [String: [TemplateNode]]
}

/// Recursive-descent parser over the lexer's items, following Go's `text/template/parse` grammar,
/// messages and variable scoping. Errors carry the location of the offending token.
struct TemplateParser {
    /// Parenthesis and block nesting deeper than this is rejected, so parsing never exhausts the stack.
    static let maxNesting = 100

    let source: TemplateSource
    let tokens: [TemplateToken]
    let lexError: String
    var index = 0
    var vars: [String] = ["$"]
    var rangeDepth = 0
    var nesting = 0
    var actionStart = 0
    private var definitions: [String: [TemplateNode]] = [:]

    /// What `textOrAction` found: a node, or the `{{end}}` / `{{else}}` closing the current list.
    private enum Item {
        case node(TemplateNode)
        case end(at: Int)
        case elseClause(at: Int)
    }

    private init(source: TemplateSource) {
        self.source = source
        let lexed = TemplateLexer.tokenize(source.bytes)
        tokens = lexed.items
        lexError = lexed.errorMessage
    }

    /// Parses a whole template into its program.
    static func parse(_ source: TemplateSource) throws(TemplateError) -> TemplateProgram {
        var parser = TemplateParser(source: source)
        var root: [TemplateNode] = []
        while parser.peek().kind != .eof {
            if parser.peek().kind == .leftDelim {
                let save = parser.index
                let delim = parser.next()
                if parser.nextNonSpace().kind == .keywordDefine {
                    parser.actionStart = delim.start
                    try parser.parseDefinition()
                    continue
                }
                parser.index = save
            }
            switch try parser.textOrAction() {
            case .node(let node): root.append(node)
            case .end(let offset): throw source.parseError("unexpected {{end}}", at: offset)
            case .elseClause(let offset): throw source.parseError("unexpected {{else}}", at: offset)
            }
        }
        try parser.add(source.name, root, at: 0)
        return TemplateProgram(root: root, definitions: parser.definitions)
    }

    // MARK: - Token access

    func peek() -> TemplateToken {
        tokens[min(index, tokens.count - 1)]
    }

    mutating func next() -> TemplateToken {
        let token = peek()
        index += 1
        return token
    }

    mutating func peekNonSpace() -> TemplateToken {
        while peek().kind == .space { index += 1 }
        return peek()
    }

    mutating func nextNonSpace() -> TemplateToken {
        _ = peekNonSpace()
        return next()
    }

    /// The end offset of the last consumed token (the `}}` just read, when closing an action).
    func consumedEnd() -> Int {
        tokens[max(min(index, tokens.count) - 1, 0)].end
    }

    mutating func backup() {
        index -= 1
    }

    func text(_ token: TemplateToken) -> String {
        source.text(from: token.start, to: token.end)
    }

    func error(_ message: String, at offset: Int) -> TemplateError {
        source.parseError(message, at: offset)
    }

    /// Go's `unexpected`: reports a lexer error item as itself, anything else as "unexpected X in CONTEXT".
    func unexpected(_ token: TemplateToken, _ context: String) -> TemplateError {
        if token.kind == .error { return error(lexError, at: token.start) }
        let shown: String
        switch token.kind {
        case .eof: shown = "EOF"
        case _ where token.kind.isKeyword: shown = "<\(text(token))>"
        default:
            let value = text(token)
            shown = value.unicodeScalars.count > 10
                ? GoQuote.quote(String(String.UnicodeScalarView(value.unicodeScalars.prefix(10)))) + "..."
                : GoQuote.quote(value)
        }
        return error("unexpected \(shown) in \(context)", at: token.start)
    }

    mutating func expect(_ kind: TemplateTokenKind, _ context: String) throws(TemplateError) -> TemplateToken {
        let token = nextNonSpace()
        guard token.kind == kind else { throw unexpected(token, context) }
        return token
    }

    mutating func enterNesting(at offset: Int) throws(TemplateError) {
        nesting += 1
        if nesting > Self.maxNesting {
            throw error("template nesting exceeds \(Self.maxNesting) levels", at: offset)
        }
    }

    // MARK: - Lists and actions

    /// Parses nodes up to the `{{end}}` or `{{else}}` closing the block opened at `opening`.
    private mutating func itemList(openedAt opening: Int) throws(TemplateError) -> ([TemplateNode], Item) {
        var list: [TemplateNode] = []
        while peekNonSpace().kind != .eof {
            let item = try textOrAction()
            guard case .node(let node) = item else { return (list, item) }
            list.append(node)
        }
        throw error("unexpected EOF: this action has no matching {{end}}", at: opening)
    }

    private mutating func textOrAction() throws(TemplateError) -> Item {
        let token = nextNonSpace()
        switch token.kind {
        case .text:
            return .node(.text(token.start..<token.end))
        case .leftDelim:
            actionStart = token.start
            return try action()
        default:
            throw unexpected(token, "input")
        }
    }

    /// Parses an action after its `{{`: a control keyword or a pipeline to print.
    private mutating func action() throws(TemplateError) -> Item {
        let start = actionStart
        let token = nextNonSpace()
        switch token.kind {
        case .keywordBlock: return .node(try blockControl())
        case .keywordBreak, .keywordContinue:
            let name = text(token)
            let close = nextNonSpace()
            guard close.kind == .rightDelim else { throw unexpected(close, "{{\(name)}}") }
            guard rangeDepth > 0 else { throw error("{{\(name)}} outside {{range}}", at: start) }
            let span = TemplateSpan(start: start, end: close.end)
            return .node(token.kind == .keywordBreak ? .breakLoop(span) : .continueLoop(span))
        case .keywordElse:
            if peekNonSpace().kind != .keywordIf { _ = try expect(.rightDelim, "else") }
            return .elseClause(at: start)
        case .keywordEnd:
            _ = try expect(.rightDelim, "end")
            return .end(at: start)
        case .keywordIf: return .node(.ifBlock(try parseControl(allowElseIf: true, context: "if")))
        case .keywordRange: return .node(.rangeBlock(try parseControl(allowElseIf: false, context: "range")))
        case .keywordWith: return .node(.withBlock(try parseControl(allowElseIf: false, context: "with")))
        case .keywordTemplate: return .node(try templateControl())
        default:
            backup()
            let pipe = try pipeline("command", end: .rightDelim)
            return .node(.action(pipe, TemplateSpan(start: start, end: consumedEnd())))
        }
    }

    /// Go's `parseControl`: the pipeline, body and optional else (or else-if chain) of if/range/with.
    private mutating func parseControl(allowElseIf: Bool, context: String) throws(TemplateError) -> TemplateBranch {
        let varCount = vars.count
        defer { vars.removeLast(vars.count - varCount) }
        let start = actionStart
        try enterNesting(at: start)
        defer { nesting -= 1 }
        let pipe = try pipeline(context, end: .rightDelim)
        let span = TemplateSpan(start: start, end: consumedEnd())
        if context == "range" { rangeDepth += 1 }
        let (list, closing) = try itemList(openedAt: start)
        if context == "range" { rangeDepth -= 1 }
        var elseList: [TemplateNode]?
        if case .elseClause(let elseStart) = closing {
            if allowElseIf && peek().kind == .keywordIf {
                _ = next()
                actionStart = elseStart
                elseList = [.ifBlock(try parseControl(allowElseIf: true, context: "if"))]
            } else {
                let (list, end) = try itemList(openedAt: elseStart)
                if case .elseClause(let offset) = end {
                    throw error("expected end; found {{else}}", at: offset)
                }
                elseList = list
            }
        }
        return TemplateBranch(span: span, pipe: pipe, list: list, elseList: elseList)
    }

    // MARK: - Named templates

    private mutating func templateName(_ context: String) throws(TemplateError) -> String {
        let token = nextNonSpace()
        guard token.kind == .string || token.kind == .rawString else { throw unexpected(token, context) }
        guard let name = GoQuote.unquote(Array(source.bytes[token.start..<token.end])) else {
            throw error("invalid syntax", at: token.start)
        }
        return name
    }

    private mutating func templateControl() throws(TemplateError) -> TemplateNode {
        let start = actionStart
        let name = try templateName("template clause")
        var pipe: TemplatePipeline?
        if nextNonSpace().kind != .rightDelim {
            backup()
            pipe = try pipeline("template clause", end: .rightDelim)
        }
        return .template(name: name, pipe: pipe, TemplateSpan(start: start, end: consumedEnd()))
    }

    private mutating func blockControl() throws(TemplateError) -> TemplateNode {
        let start = actionStart
        let name = try templateName("block clause")
        let pipe = try pipeline("block clause", end: .rightDelim)
        let span = TemplateSpan(start: start, end: consumedEnd())
        try parseBody(name, context: "block clause", at: start)
        return .template(name: name, pipe: pipe, span)
    }

    private mutating func parseDefinition() throws(TemplateError) {
        let start = actionStart
        let name = try templateName("define clause")
        _ = try expect(.rightDelim, "define clause")
        try parseBody(name, context: "define clause", at: start)
    }

    /// Parses a `{{define}}` or `{{block}}` body up to its `{{end}}` with a fresh variable scope.
    private mutating func parseBody(_ name: String, context: String, at start: Int) throws(TemplateError) {
        let (savedVars, savedRangeDepth) = (vars, rangeDepth)
        (vars, rangeDepth) = (["$"], 0)
        try enterNesting(at: start)
        let (body, end) = try itemList(openedAt: start)
        if case .elseClause(let offset) = end { throw error("unexpected {{else}} in \(context)", at: offset) }
        nesting -= 1
        (vars, rangeDepth) = (savedVars, savedRangeDepth)
        try add(name, body, at: start)
    }

    /// Go's `Tree.add`: a non-empty template may not be defined twice.
    private mutating func add(_ name: String, _ body: [TemplateNode], at offset: Int) throws(TemplateError) {
        guard let existing = definitions[name], !isEmpty(existing) else {
            definitions[name] = body
            return
        }
        if !isEmpty(body) { throw error("multiple definition of template \(GoQuote.quote(name))", at: offset) }
    }

    /// Go's `IsEmptyTree`: a body of white space only.
    private func isEmpty(_ body: [TemplateNode]) -> Bool {
        body.allSatisfy { node in
            guard case .text(let range) = node else { return false }
            return source.bytes[range].allSatisfy { TemplateBytes.isSpace($0) || $0 == 0x0B || $0 == 0x0C }
        }
    }
}
