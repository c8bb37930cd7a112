import Foundation

/// Walks a parsed template against data like Go's `text/template` `state.walk`, writing UTF-8 bytes.
/// Failures are located at the action being executed.
struct TemplateExecutor {
    /// Blocks, parenthesized pipelines and `{{template}}` calls may nest this deep together (Go allows
    /// far more template calls, but the stack must never overflow).
    static let maxDepth = 100
    /// Nodes walked plus loop iterations allowed in one render, so no template can run forever.
    static let maxSteps = 1_000_000
    /// Output (and any string a function builds) may not exceed this many bytes.
    static let maxOutputBytes = 16 << 20

    /// What walking a node asks of the enclosing `range`.
    enum Flow {
        case normal, breakLoop, continueLoop
    }

    let source: TemplateSource
    let definitions: [String: [TemplateNode]]
    var output: [UInt8] = []
    var vars: [(name: String, value: TemplateValue)]
    var span = TemplateSpan(start: 0, end: 0)
    var depth = 0
    private var steps = 0

    init(source: TemplateSource, definitions: [String: [TemplateNode]], data: TemplateValue) {
        self.source = source
        self.definitions = definitions
        vars = [("$", data)]
    }

    /// An execution error at the current action.
    func fail(_ message: String) -> TemplateError {
        source.execError(message, in: span)
    }

    private mutating func step() throws(TemplateError) {
        steps += 1
        if steps > Self.maxSteps { throw fail("template execution exceeded \(Self.maxSteps) steps") }
    }

    private mutating func write<Bytes: Sequence>(_ bytes: Bytes) throws(TemplateError) where Bytes.Element == UInt8 {
        output.append(contentsOf: bytes)
        if output.count > Self.maxOutputBytes { throw fail("template output exceeds \(Self.maxOutputBytes) bytes") }
    }

    /// Walks a node list, stopping early when a `{{break}}` or `{{continue}}` is reached.
    mutating func walk(_ nodes: [TemplateNode], dot: TemplateValue) throws(TemplateError) -> Flow {
        for node in nodes {
            let flow = try walk(node, dot: dot)
            if flow != .normal { return flow }
        }
        return .normal
    }

    private mutating func walk(_ node: TemplateNode, dot: TemplateValue) throws(TemplateError) -> Flow {
        try step()
        switch node {
        case .text(let range):
            try write(source.bytes[range])
        case .action(let pipe, let actionSpan):
            span = actionSpan
            let value = try evalPipeline(pipe, dot: dot)
            if pipe.decls.isEmpty { try printValue(value) }
        case .ifBlock(let branch):
            return try walkIfOrWith(branch, dot: dot, isWith: false)
        case .withBlock(let branch):
            return try walkIfOrWith(branch, dot: dot, isWith: true)
        case .rangeBlock(let branch):
            return try walkRange(branch, dot: dot)
        case .breakLoop:
            return .breakLoop
        case .continueLoop:
            return .continueLoop
        case .template(let name, let pipe, let actionSpan):
            span = actionSpan
            try walkTemplate(name, pipe: pipe, dot: dot)
        }
        return .normal
    }

    /// Go's `printValue`: a missing or nil value prints as `<no value>`, anything else with `%v`.
    private mutating func printValue(_ value: TemplateValue) throws(TemplateError) {
        switch value {
        case .null: try write("<no value>".utf8)
        case .string(let text): try write(text.utf8)
        default: try write(GoFormatter.sprint([value]).utf8)
        }
    }

    /// Enters a nested block or template call, failing beyond `maxDepth`.
    mutating func enter() throws(TemplateError) {
        guard depth < Self.maxDepth else { throw fail("exceeded maximum template depth (\(Self.maxDepth))") }
        depth += 1
    }

    /// `if` and `with`: variables declared in the pipeline live until `{{end}}`; `with` rebinds dot.
    private mutating func walkIfOrWith(_ branch: TemplateBranch, dot: TemplateValue,
                                       isWith: Bool) throws(TemplateError) -> Flow {
        try enter()
        let mark = vars.count
        defer {
            vars.removeLast(vars.count - mark)
            depth -= 1
        }
        span = branch.span
        let value = try evalPipeline(branch.pipe, dot: dot)
        if value.isTrue { return try walk(branch.list, dot: isWith ? value : dot) }
        if let elseList = branch.elseList { return try walk(elseList, dot: dot) }
        return .normal
    }

    /// `range` over a list (index, element) or map (sorted key, value); null or empty runs `{{else}}`.
    private mutating func walkRange(_ branch: TemplateBranch, dot: TemplateValue) throws(TemplateError) -> Flow {
        try enter()
        let mark = vars.count
        defer {
            vars.removeLast(vars.count - mark)
            depth -= 1
        }
        span = branch.span
        let value = try evalPipeline(branch.pipe, dot: dot)
        var elements: [(index: TemplateValue, element: TemplateValue)] = []
        switch value {
        case .list(let items):
            elements = items.enumerated().map { (.int($0.offset), $0.element) }
        case .map(let entries):
            elements = goSortedKeys(entries).map { (.string($0), entries[$0] ?? .null) }
        case .null:
            break
        default:
            throw fail("range can't iterate over \(GoFormatter.sprint([value]))")
        }
        if elements.isEmpty {
            guard let elseList = branch.elseList else { return .normal }
            return try walk(elseList, dot: dot)
        }
        let inner = vars.count
        let declCount = branch.pipe.decls.count
        for (index, element) in elements {
            try step()
            if declCount >= 1 && vars.count >= 1 { vars[vars.count - 1].value = element }
            if declCount >= 2 && vars.count >= 2 { vars[vars.count - 2].value = index }
            let flow = try walk(branch.list, dot: element)
            vars.removeLast(vars.count - inner)
            if flow == .breakLoop { break }
        }
        return .normal
    }

    /// `{{template}}`: runs a named template with the pipeline's value as `.` and `$`.
    private mutating func walkTemplate(_ name: String, pipe: TemplatePipeline?,
                                       dot: TemplateValue) throws(TemplateError) {
        guard let body = definitions[name] else { throw fail("template \(GoQuote.quote(name)) not defined") }
        var newDot = TemplateValue.null
        if let pipe { newDot = try evalPipeline(pipe, dot: dot) }
        try enter()
        let savedVars = vars
        vars = [("$", newDot)]
        defer {
            depth -= 1
            vars = savedVars
        }
        _ = try walk(body, dot: newDot)
    }
}
