/// One catalog question: a variable the user answers before a template version is rendered.
public struct Question: Codable, Equatable, Sendable {
    /// Question types found in Rancher catalogs.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case string, int, boolean, enum_ = "enum", password, multiline, service, secret, certificate
    }

    public var variable: String
    public var label: String?
    public var description: String?
    public var type: Kind
    public var required: Bool
    /// The default as text (YAML booleans become `true`/`false`); nil when there is none.
    public var defaultValue: String?
    public var group: String?
    public var min: Int?
    public var max: Int?
    public var minLength: Int?
    public var maxLength: Int?
    /// Allowed values of an enum question, as text.
    public var options: [String]
    /// Characters an answer may consist of (empty: any).
    public var validChars: String?
    /// Characters an answer must not contain.
    public var invalidChars: String?

    public init(variable: String, label: String? = nil, description: String? = nil, type: Kind = .string,
                required: Bool = false, defaultValue: String? = nil, group: String? = nil, min: Int? = nil, max: Int? = nil,
                minLength: Int? = nil, maxLength: Int? = nil, options: [String] = [], validChars: String? = nil,
                invalidChars: String? = nil) {
        self.variable = variable
        self.label = label
        self.description = description
        self.type = type
        self.required = required
        self.defaultValue = defaultValue
        self.group = group
        self.min = min
        self.max = max
        self.minLength = minLength
        self.maxLength = maxLength
        self.options = options
        self.validChars = validChars
        self.invalidChars = invalidChars
    }

    /// True for answers that must never be printed.
    public var isSecret: Bool { type == .password || type == .secret }

    /// A value that satisfies the question, for previews and corpus checks of required questions without a default.
    public var placeholder: String {
        switch type {
        case .int: return String(min ?? max.map { Swift.min($0, 1) } ?? 1)
        case .boolean: return "false"
        case .enum_: return options.first ?? "placeholder"
        default:
            let allowed = validChars.flatMap { $0.first.map(String.init) } ?? "x"
            return String(repeating: allowed, count: Swift.max(minLength ?? 0, Swift.min(maxLength ?? 11, 11)))
        }
    }
}
