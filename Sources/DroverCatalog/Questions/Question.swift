/// One catalog question: a variable the user answers before a template version is rendered.
package struct Question: Codable, Equatable, Sendable {
    /// Question types found in Rancher catalogs.
    package enum Kind: String, Codable, Sendable, CaseIterable {
        case string, int, boolean, enum_ = "enum", password, multiline, service, secret, certificate
    }

    package var variable: String
    package var label: String?
    package var description: String?
    package var type: Kind
    package var required: Bool
    /// The default as text (YAML booleans become `true`/`false`); nil when there is none.
    package var defaultValue: String?
    package var group: String?
    package var min: Int?
    package var max: Int?
    package var minLength: Int?
    package var maxLength: Int?
    /// Allowed values of an enum question, as text.
    package var options: [String]
    /// Characters an answer may consist of (empty: any).
    package var validChars: String?
    /// Characters an answer must not contain.
    package var invalidChars: String?

    package init(variable: String, label: String? = nil, description: String? = nil, type: Kind = .string,
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
    package var isSecret: Bool { type == .password || type == .secret }

    /// A value that satisfies the question, for previews and corpus checks of required questions without a default.
    package var placeholder: String {
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
