import DroverModel

/// Checks answers against a version's questions and fills in defaults.
package struct AnswerValidator: Sendable {
    package var questions: [Question]
    /// Name used in diagnostics for where the answers came from (an answers file or `--set`).
    package var source: String

    package init(questions: [Question], source: String = "answers") {
        self.questions = questions
        self.source = source
    }

    /// The answers with defaults applied, or every violated rule as one diagnostic per question.
    /// Given answers are checked strictly; a template's own non-empty default is trusted, as Rancher did (some
    /// catalog enums default to a value outside their options). Answers no question declares are kept.
    package func resolve(_ answers: [String: String]) throws(CatalogError) -> [String: String] {
        var result = answers
        var problems: [Diagnostic] = []
        for question in questions {
            let given = answers[question.variable].flatMap { $0.isEmpty ? nil : $0 }
            let value = given ?? question.defaultValue
            let message = given == nil && value?.isEmpty == false ? nil : check(question, value)
            if let message {
                problems.append(Diagnostic(.error, file: source, line: 0, column: 0, path: question.variable, message: message))
            } else if let value {
                result[question.variable] = value
            }
        }
        if !problems.isEmpty { throw .invalidAnswers(problems) }
        return result
    }

    /// The rule `value` breaks, worded for the user, or nil. Secret answers are never echoed.
    func check(_ question: Question, _ value: String?) -> String? {
        let shown = question.isSecret ? "the answer" : "\"\(value ?? "")\""
        guard let value, !value.isEmpty else {
            return question.required ? "an answer is required (\(question.label ?? question.variable))" : nil
        }
        switch question.type {
        case .int:
            guard let number = Int(value.trimmingCharacters(in: .whitespaces)) else { return "\(shown) is not an integer" }
            if let min = question.min, number < min { return "\(number) is below the minimum \(min)" }
            if let max = question.max, number > max { return "\(number) is above the maximum \(max)" }
        case .boolean:
            guard ["true", "false"].contains(value.lowercased()) else { return "\(shown) is not a boolean (allowed: true, false)" }
        case .enum_:
            guard question.options.contains(value) else {
                return "\(shown) is not one of the options (allowed: \(question.options.joined(separator: ", ")))"
            }
        default:
            if let min = question.minLength, value.count < min { return "\(shown) is shorter than \(min) characters" }
            if let max = question.maxLength, value.count > max { return "\(shown) is longer than \(max) characters" }
            if let valid = question.validChars, !valid.isEmpty, let bad = value.first(where: { !valid.contains($0) }) {
                return "\(shown) contains \"\(bad)\", which is not allowed (allowed characters: \(valid))"
            }
            if let invalid = question.invalidChars, let bad = value.first(where: { invalid.contains($0) }) {
                return "\(shown) contains \"\(bad)\", which is not allowed (not allowed: \(invalid))"
            }
        }
        return nil
    }
}
