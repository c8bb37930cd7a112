import Foundation

/// The kinds of lexical items in a template, mirroring Go's `text/template/parse` items.
enum TemplateTokenKind: Sendable, Equatable {
    case error, bool, char, charConstant, complex, assign, declare, eof, field, identifier
    case leftDelim, leftParen, number, pipe, rawString, rightDelim, rightParen, space, string, text, variable
    case keywordBlock, keywordBreak, keywordContinue, dot, keywordDefine, keywordElse, keywordEnd
    case keywordIf, keywordNil, keywordRange, keywordTemplate, keywordWith

    /// The keyword kind for an identifier-shaped word, if it is one.
    static func keyword(_ word: String) -> TemplateTokenKind? {
        switch word {
        case "block": return .keywordBlock
        case "break": return .keywordBreak
        case "continue": return .keywordContinue
        case "define": return .keywordDefine
        case "else": return .keywordElse
        case "end": return .keywordEnd
        case "if": return .keywordIf
        case "nil": return .keywordNil
        case "range": return .keywordRange
        case "template": return .keywordTemplate
        case "with": return .keywordWith
        default: return nil
        }
    }

    /// Whether Go prints this kind as `<word>` rather than quoted in "unexpected" messages.
    var isKeyword: Bool {
        switch self {
        case .keywordBlock, .keywordBreak, .keywordContinue, .dot, .keywordDefine, .keywordElse, .keywordEnd,
             .keywordIf, .keywordNil, .keywordRange, .keywordTemplate, .keywordWith:
            return true
        default:
            return false
        }
    }
}

/// One lexical item: its kind and the byte range of its text in the template source.
struct TemplateToken: Sendable {
    var kind: TemplateTokenKind
    var start: Int
    var end: Int
}

/// The lexer's output: all items up to EOF, or up to an error item whose message is kept aside.
struct TemplateTokens: Sendable {
    var items: [TemplateToken]
    var errorMessage: String
}

/// Byte classes the lexer and the trim markers use.
enum TemplateBytes {
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A
    }

    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= 0x30 && byte <= 0x39
    }

    /// Go's `isAlphaNumeric`: underscore, Unicode letters and decimal digits.
    static func isAlphaNumeric(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let value = scalar.value
            return value == 0x5F || (value >= 0x30 && value <= 0x39) || (value >= 0x41 && value <= 0x5A)
                || (value >= 0x61 && value <= 0x7A)
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber:
            return true
        default:
            return false
        }
    }

    /// Decodes the scalar starting at `offset`; malformed bytes decode as U+FFFD of width 1.
    static func decode(_ bytes: [UInt8], at offset: Int) -> (scalar: Unicode.Scalar, width: Int) {
        let first = bytes[offset]
        if first < 0x80 { return (Unicode.Scalar(first), 1) }
        let width: Int
        var value: UInt32
        switch first {
        case 0xC2...0xDF: width = 2; value = UInt32(first & 0x1F)
        case 0xE0...0xEF: width = 3; value = UInt32(first & 0x0F)
        case 0xF0...0xF4: width = 4; value = UInt32(first & 0x07)
        default: return ("\u{FFFD}", 1)
        }
        guard offset + width <= bytes.count else { return ("\u{FFFD}", 1) }
        for index in 1..<width {
            let next = bytes[offset + index]
            guard next & 0xC0 == 0x80 else { return ("\u{FFFD}", 1) }
            value = value << 6 | UInt32(next & 0x3F)
        }
        guard let scalar = Unicode.Scalar(value) else { return ("\u{FFFD}", 1) }
        return (scalar, width)
    }

    /// Go's `%#U` rendering of a rune, e.g. `U+0023 '#'`.
    static func describe(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        return GoQuote.isPrintable(scalar) ? "\(code) '\(Character(scalar))'" : code
    }
}
