import Foundation

/// An operand in a command: a word Go's parser turns into a node.
indirect enum TemplateArg: Sendable {
    case field([String])
    case variable(String, fields: [String])
    case dot
    case nilLiteral
    case bool(Bool)
    case number(TemplateNumber)
    case string(String, literal: String)
    case identifier(String)
    case pipeline(TemplatePipeline)
    case chain(TemplateArg, fields: [String])

    /// Go's `Node.String()` rendering, used in error messages.
    var description: String {
        switch self {
        case .field(let names): return names.map { "." + $0 }.joined()
        case .variable(let name, let fields): return name + fields.map { "." + $0 }.joined()
        case .dot: return "."
        case .nilLiteral: return "nil"
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let number): return number.text
        case .string(_, let literal): return literal
        case .identifier(let name): return name
        case .pipeline(let pipe): return "(" + pipe.description + ")"
        case .chain(let base, let fields): return base.description + fields.map { "." + $0 }.joined()
        }
    }
}

/// One command of a pipeline: a function or operand followed by arguments.
struct TemplateCommand: Sendable {
    var args: [TemplateArg]

    var description: String {
        args.map(\.description).joined(separator: " ")
    }
}

/// A pipeline with its optional variable declarations (`$x :=`) or assignment (`$x =`).
struct TemplatePipeline: Sendable {
    var isAssign = false
    var decls: [String] = []
    var commands: [TemplateCommand] = []

    var description: String {
        let body = commands.map(\.description).joined(separator: " | ")
        return decls.isEmpty ? body : decls.joined(separator: ", ") + (isAssign ? " = " : " := ") + body
    }
}

/// The body of an `if`, `range` or `with` block.
struct TemplateBranch: Sendable {
    var span: TemplateSpan
    var pipe: TemplatePipeline
    var list: [TemplateNode]
    var elseList: [TemplateNode]?
}

/// A node of the parsed template tree.
indirect enum TemplateNode: Sendable {
    /// Literal text: a byte range of the source.
    case text(Range<Int>)
    case action(TemplatePipeline, TemplateSpan)
    case ifBlock(TemplateBranch)
    case rangeBlock(TemplateBranch)
    case withBlock(TemplateBranch)
    case breakLoop(TemplateSpan)
    case continueLoop(TemplateSpan)
    /// `{{template "name" pipeline}}`, also produced by `{{block}}`.
    case template(name: String, pipe: TemplatePipeline?, TemplateSpan)
}
