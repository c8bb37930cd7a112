import Foundation

/// Splits template text into items exactly as Go's `text/template/parse` lexer does, including
/// the `{{- ` / ` -}}` trim markers and `{{/* */}}` comments. Works on UTF-8 bytes in one pass.
struct TemplateLexer {
    let input: [UInt8]
    var pos = 0
    var start = 0
    var parenDepth = 0
    var actionStart = 0
    var items: [TemplateToken] = []
    var errorMessage = ""

    private static let leftDelim: [UInt8] = Array("{{".utf8)
    static let rightDelim: [UInt8] = Array("}}".utf8)
    private static let leftComment: [UInt8] = Array("/*".utf8)
    private static let rightComment: [UInt8] = Array("*/".utf8)

    init(_ input: [UInt8]) {
        self.input = input
    }

    /// Lexes the whole input; the result ends with an `.eof` or an `.error` item.
    static func tokenize(_ input: [UInt8]) -> TemplateTokens {
        var lexer = TemplateLexer(input)
        while lexer.lexText() {}
        return TemplateTokens(items: lexer.items, errorMessage: lexer.errorMessage)
    }

    func hasPrefix(_ prefix: [UInt8], at offset: Int) -> Bool {
        guard offset >= 0, offset + prefix.count <= input.count else { return false }
        for index in 0..<prefix.count where input[offset + index] != prefix[index] {
            return false
        }
        return true
    }

    private func find(_ needle: [UInt8], from offset: Int) -> Int? {
        var index = offset
        while index + needle.count <= input.count {
            if input[index] == needle[0] && hasPrefix(needle, at: index) { return index }
            index += 1
        }
        return nil
    }

    /// Whether `- ` (a trim marker) follows a left delimiter at `offset`.
    private func hasLeftTrimMarker(at offset: Int) -> Bool {
        offset + 1 < input.count && input[offset] == UInt8(ascii: "-") && TemplateBytes.isSpace(input[offset + 1])
    }

    /// Whether ` -` (a trim marker) starts at `offset`, before a right delimiter.
    private func hasRightTrimMarker(at offset: Int) -> Bool {
        offset >= 0 && offset + 1 < input.count && TemplateBytes.isSpace(input[offset])
            && input[offset + 1] == UInt8(ascii: "-")
    }

    /// Whether a right delimiter (possibly preceded by " -") starts at `pos`, and whether it trims.
    private func atRightDelim() -> (delim: Bool, trim: Bool) {
        if hasRightTrimMarker(at: pos) && hasPrefix(Self.rightDelim, at: pos + 2) { return (true, true) }
        return (hasPrefix(Self.rightDelim, at: pos), false)
    }

    mutating func emit(_ kind: TemplateTokenKind) {
        items.append(TemplateToken(kind: kind, start: start, end: pos))
        start = pos
    }

    mutating func fail(_ message: String, at offset: Int? = nil) -> Bool {
        items.append(TemplateToken(kind: .error, start: offset ?? start, end: pos))
        errorMessage = message
        return false
    }

    private mutating func skipSpaces() {
        while pos < input.count && TemplateBytes.isSpace(input[pos]) { pos += 1 }
    }

    /// Scans text up to the next action; returns false once EOF or an error was emitted.
    private mutating func lexText() -> Bool {
        guard let delim = find(Self.leftDelim, from: pos) else {
            pos = input.count
            if pos > start { emit(.text) }
            emit(.eof)
            return false
        }
        var textEnd = delim
        if hasLeftTrimMarker(at: delim + 2) {
            while textEnd > start && TemplateBytes.isSpace(input[textEnd - 1]) { textEnd -= 1 }
        }
        if textEnd > start { items.append(TemplateToken(kind: .text, start: start, end: textEnd)) }
        pos = delim
        start = delim
        return lexLeftDelim()
    }

    /// Scans `{{` (and its trim marker); a comment is skipped, an action is lexed.
    private mutating func lexLeftDelim() -> Bool {
        actionStart = pos
        pos += 2
        let afterMarker = hasLeftTrimMarker(at: pos) ? 2 : 0
        if hasPrefix(Self.leftComment, at: pos + afterMarker) {
            pos += afterMarker
            start = pos
            return lexComment()
        }
        emit(.leftDelim)
        pos += afterMarker
        start = pos
        parenDepth = 0
        return lexInsideAction()
    }

    /// Skips `/* … */` up to the closing delimiter, trimming after it if marked.
    private mutating func lexComment() -> Bool {
        pos += 2
        guard let close = find(Self.rightComment, from: pos) else { return fail("unclosed comment", at: actionStart) }
        pos = close + 2
        let (delim, trim) = atRightDelim()
        guard delim else { return fail("comment ends before closing delimiter") }
        pos += trim ? 4 : 2
        if trim { skipSpaces() }
        start = pos
        return true
    }

    /// Emits `}}`, first skipping its ` -` marker and afterwards the white space it trims.
    private mutating func lexRightDelim(trim: Bool) {
        if trim {
            pos += 2
            start = pos
        }
        pos += 2
        emit(.rightDelim)
        if trim {
            skipSpaces()
            start = pos
        }
    }

    /// Scans the inside of an action up to and including its right delimiter.
    private mutating func lexInsideAction() -> Bool {
        while true {
            let (delim, trim) = atRightDelim()
            if delim {
                if parenDepth == 0 {
                    lexRightDelim(trim: trim)
                    return true
                }
                return fail("unclosed left paren")
            }
            guard pos < input.count else { return fail("unclosed action", at: actionStart) }
            let (scalar, width) = TemplateBytes.decode(input, at: pos)
            pos += width
            switch scalar {
            case " ", "\t", "\r", "\n":
                pos -= width
                lexSpace()
            case "=": emit(.assign)
            case ":":
                guard pos < input.count && input[pos] == UInt8(ascii: "=") else { return fail("expected :=") }
                pos += 1
                emit(.declare)
            case "|": emit(.pipe)
            case "\"":
                let message = "unterminated quoted string"
                guard lexQuoted(terminator: UInt8(ascii: "\""), kind: .string, message: message) else { return false }
            case "`":
                guard let close = input[pos...].firstIndex(of: UInt8(ascii: "`")) else {
                    return fail("unterminated raw quoted string")
                }
                pos = close + 1
                emit(.rawString)
            case "$":
                guard lexFieldOrVariable(.variable) else { return false }
            case "'":
                let message = "unterminated character constant"
                guard lexQuoted(terminator: UInt8(ascii: "'"), kind: .charConstant, message: message) else {
                    return false
                }
            case ".":
                if pos < input.count && !TemplateBytes.isDigit(input[pos]) {
                    guard lexFieldOrVariable(.field) else { return false }
                } else {
                    pos -= 1
                    guard lexNumber() else { return false }
                }
            case "+", "-", "0"..."9":
                pos -= 1
                guard lexNumber() else { return false }
            case "(":
                emit(.leftParen)
                parenDepth += 1
            case ")":
                emit(.rightParen)
                parenDepth -= 1
                if parenDepth < 0 { return fail("unexpected right paren U+0029 ')'") }
            default:
                if TemplateBytes.isAlphaNumeric(scalar) {
                    guard lexIdentifier() else { return false }
                } else if scalar.value < 0x80 && scalar.value >= 0x20 && scalar.value != 0x7F {
                    emit(.char)
                } else {
                    return fail("unrecognized character in action: \(TemplateBytes.describe(scalar))")
                }
            }
        }
    }

    /// Emits a run of spaces, leaving the space of a ` -}}` trim marker for the delimiter.
    private mutating func lexSpace() {
        var count = 0
        while pos < input.count && TemplateBytes.isSpace(input[pos]) {
            pos += 1
            count += 1
        }
        if hasRightTrimMarker(at: pos - 1) && hasPrefix(Self.rightDelim, at: pos + 1) {
            pos -= 1
            if count == 1 { return }
        }
        emit(.space)
    }
}
