import Foundation

/// How a template function receives one argument, mirroring the Go parameter type it declares:
/// `any` for `interface{}`/`reflect.Value`, or a concrete `string`, `int` or `bool`.
enum TemplateParamKind: Sendable {
    case any, string, int, bool

    /// The Go type name used in "expected T" / "wrong type" messages.
    var goName: String {
        switch self {
        case .any: return "interface {}"
        case .string: return "string"
        case .int: return "int"
        case .bool: return "bool"
        }
    }

    /// The word Go uses when a literal of the wrong kind is passed ("expected integer; found …").
    var literalName: String {
        self == .int ? "integer" : goName
    }
}

/// The signature of a function body: converted arguments in, a value or a failure out.
typealias TemplateFunctionCall = @Sendable ([TemplateValue]) throws(TemplateFuncError) -> TemplateValue

/// What calling a function does: run a body, or Go's short-circuiting `and` / `or`.
enum TemplateFunctionBody: Sendable {
    case call(TemplateFunctionCall)
    case and
    case or
}

/// A function callable from templates with its Go-like signature.
struct TemplateFunction: Sendable {
    var params: [TemplateParamKind]
    var variadic: TemplateParamKind?
    var body: TemplateFunctionBody

    init(_ params: [TemplateParamKind], variadic: TemplateParamKind? = nil, _ body: @escaping TemplateFunctionCall) {
        self.params = params
        self.variadic = variadic
        self.body = .call(body)
    }

    init(shortCircuit body: TemplateFunctionBody) {
        params = [.any]
        variadic = .any
        self.body = body
    }
}

/// The function map every template is parsed and executed with: Go's builtins plus the sprig
/// subset Rancher catalogs use, plus Rancher's own `splitPreserveQuotes`.
enum TemplateFunctions {
    static let table: [String: TemplateFunction] = builtins.merging(sprig) { _, sprig in sprig }

    /// Sprig's `strval`: strings as they are, anything else formatted with `%v`.
    static func stringValue(_ value: TemplateValue) -> String {
        value.stringValue ?? GoFormatter.sprint([value])
    }

    /// Sprig's `toInt64`: integers, truncated floats, 1/0 for booleans, base-10 strings; 0 otherwise.
    static func int64Value(_ value: TemplateValue) -> Int {
        switch value {
        case .int(let number): return number
        case .float(let number): return truncatedInt(number)
        case .bool(let flag): return flag ? 1 : 0
        case .string(let text): return Int(text) ?? 0
        default: return 0
        }
    }

    /// Go's `int64(f)` on amd64: truncation, with out-of-range values becoming Int.min.
    static func truncatedInt(_ number: Double) -> Int {
        guard number.isFinite, number > -9.223372036854775808e18, number < 9.223372036854775808e18 else {
            return Int.min
        }
        return Int(number)
    }

    /// The string argument at `index` (the executor has already checked its type).
    static func string(_ args: [TemplateValue], _ index: Int) -> String {
        args[index].stringValue ?? ""
    }

    /// The int argument at `index` (the executor has already checked its type).
    static func int(_ args: [TemplateValue], _ index: Int) -> Int {
        if case .int(let number) = args[index] { return number }
        return 0
    }
}
