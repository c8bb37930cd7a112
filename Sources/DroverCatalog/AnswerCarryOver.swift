/// The answers for a catalog stack moving to another template version: what the user answered before is kept
/// (Rancher 1.x users lost edited answers on catalog upgrades), overrides given now win, and questions new in the
/// target version take their defaults. The result is validated against the target version's questions by the
/// renderer, so a kept answer the new version no longer accepts is reported, not silently replaced.
package enum AnswerCarryOver {
    package static func answers(previous: [String: String], target: TemplateVersion, overrides: [String: String] = [:]) -> [String: String] {
        var result = previous
        for question in target.catalog.questions where result[question.variable] == nil {
            if let value = question.defaultValue { result[question.variable] = value }
        }
        result.merge(overrides) { _, override in override }
        return result
    }
}
