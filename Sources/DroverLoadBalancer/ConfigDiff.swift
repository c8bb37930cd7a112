/// A line diff of two configurations in the unified format (`-` removed, `+` added, ` ` context), as `drover plan`
/// shows what a change does to a load balancer. Pure; longest common subsequence over lines.
package enum ConfigDiff {
    /// The changed lines of `new` against `old` with `context` unchanged lines around each change, hunks separated by
    /// `@@` lines; empty when the texts are equal.
    package static func unified(from old: String, to new: String, context: Int = 2) -> String {
        let edits = self.edits(lines(old), lines(new))
        let changed = edits.indices.filter { edits[$0].0 != " " }
        guard !changed.isEmpty else { return "" }
        var shown = Set<Int>()
        for index in changed {
            for near in max(0, index - context)...min(edits.count - 1, index + context) { shown.insert(near) }
        }
        var lines: [String] = []
        var previous = -1
        for index in shown.sorted() {
            if index != previous + 1 || lines.isEmpty { lines.append("@@") }
            lines.append(edits[index].0 + edits[index].1)
            previous = index
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The lines of `text`; a final newline ends the last line rather than starting an empty one.
    private static func lines(_ text: String) -> [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// Every line of both texts in order, marked kept (" "), removed ("-") or added ("+").
    private static func edits(_ a: [String], _ b: [String]) -> [(String, String)] {
        // lengths[i][j]: the longest common subsequence of a[i...] and b[j...].
        var lengths = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                lengths[i][j] = a[i] == b[j] ? lengths[i + 1][j + 1] + 1 : max(lengths[i + 1][j], lengths[i][j + 1])
            }
        }
        var result: [(String, String)] = []
        var (i, j) = (0, 0)
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                result.append((" ", a[i]))
                (i, j) = (i + 1, j + 1)
            } else if i < a.count, j == b.count || lengths[i + 1][j] >= lengths[i][j + 1] {
                result.append(("-", a[i]))
                i += 1
            } else {
                result.append(("+", b[j]))
                j += 1
            }
        }
        return result
    }
}
