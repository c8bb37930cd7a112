import Foundation

/// Go's `strconv` quoting and unquoting: `Quote`, `QuoteRune`, `Unquote` and `unicode.IsPrint`.
enum GoQuote {
    /// Go's `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space.
    static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return scalar.value >= 0x20 && scalar.value < 0x7F }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber,
             .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation,
             .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            return true
        default:
            return false
        }
    }

    /// `strconv.Quote` (or `QuoteToASCII` when `asciiOnly`): a double-quoted Go string literal.
    static func quote(_ text: String, asciiOnly: Bool = false) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            appendEscaped(scalar, quote: "\"", asciiOnly: asciiOnly, to: &out)
        }
        out += "\""
        return out
    }

    /// `strconv.QuoteRune`: a single-quoted Go character literal; invalid code points become U+FFFD.
    static func quoteRune(_ value: Int, asciiOnly: Bool = false) -> String {
        let scalar = (value >= 0 && value <= 0x10FFFF ? Unicode.Scalar(UInt32(value)) : nil) ?? "\u{FFFD}"
        var out = "'"
        appendEscaped(scalar, quote: "'", asciiOnly: asciiOnly, to: &out)
        out += "'"
        return out
    }

    /// `strconv.CanBackquote`: whether the text can be written as a raw string literal.
    static func canBackquote(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { scalar in
            scalar == "\t" || (scalar != "`" && scalar != "\u{FEFF}" && isPrintable(scalar))
        }
    }

    /// Appends one rune the way `strconv` quoting writes it.
    private static func appendEscaped(_ scalar: Unicode.Scalar, quote: Unicode.Scalar, asciiOnly: Bool,
                                      to out: inout String) {
        if scalar == quote || scalar == "\\" {
            out.unicodeScalars.append("\\")
            out.unicodeScalars.append(scalar)
            return
        }
        if isPrintable(scalar) && (!asciiOnly || scalar.isASCII) {
            out.unicodeScalars.append(scalar)
            return
        }
        switch scalar {
        case "\u{07}": out += "\\a"
        case "\u{08}": out += "\\b"
        case "\u{0C}": out += "\\f"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case "\u{0B}": out += "\\v"
        default:
            let value = scalar.value
            if value < 0x20 || value == 0x7F {
                out += "\\x" + hex(value, width: 2)
            } else if value < 0x10000 {
                out += "\\u" + hex(value, width: 4)
            } else {
                out += "\\U" + hex(value, width: 8)
            }
        }
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// `strconv.Unquote` for a template string literal ("…" or `…`); nil means invalid syntax.
    static func unquote(_ literal: [UInt8]) -> String? {
        guard literal.count >= 2, let first = literal.first, literal.last == first else { return nil }
        let body = Array(literal[1..<(literal.count - 1)])
        if first == UInt8(ascii: "`") {
            guard !body.contains(UInt8(ascii: "`")) else { return nil }
            return String(decoding: body.filter { $0 != UInt8(ascii: "\r") }, as: UTF8.self)
        }
        guard first == UInt8(ascii: "\"") else { return nil }
        var out: [UInt8] = []
        var index = 0
        while index < body.count {
            guard let decoded = unquoteChar(body, at: index, quote: UInt8(ascii: "\"")) else { return nil }
            out += decoded.bytes
            index = decoded.next
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The code point of a template character constant such as `'a'` or `'\n'`, or an error message.
    static func unquoteCharConstant(_ literal: [UInt8]) -> Result<Int, TemplateFuncError> {
        let text = String(decoding: literal, as: UTF8.self)
        guard literal.count >= 2, let decoded = unquoteChar(literal, at: 1, quote: UInt8(ascii: "'")) else {
            return .failure(TemplateFuncError("invalid syntax"))
        }
        guard decoded.next == literal.count - 1 else {
            return .failure(TemplateFuncError("malformed character constant: \(text)"))
        }
        return .success(decoded.rune)
    }

    /// Go's `strconv.UnquoteChar`: decodes one character or escape at `index`.
    private static func unquoteChar(_ body: [UInt8], at index: Int, quote: UInt8)
        -> (bytes: [UInt8], next: Int, rune: Int)? {
        guard index < body.count else { return nil }
        let byte = body[index]
        if byte == quote && (quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\"")) { return nil }
        if byte != UInt8(ascii: "\\") {
            let (scalar, width) = TemplateBytes.decode(body, at: index)
            return (Array(body[index..<(index + width)]), index + width, Int(scalar.value))
        }
        guard index + 1 < body.count else { return nil }
        let escape = body[index + 1]
        let simple: [UInt8: UInt8] = [
            UInt8(ascii: "a"): 7, UInt8(ascii: "b"): 8, UInt8(ascii: "f"): 12, UInt8(ascii: "n"): 10,
            UInt8(ascii: "r"): 13, UInt8(ascii: "t"): 9, UInt8(ascii: "v"): 11, UInt8(ascii: "\\"): 92,
        ]
        if let value = simple[escape] { return ([value], index + 2, Int(value)) }
        switch escape {
        case UInt8(ascii: "'"), UInt8(ascii: "\""):
            guard escape == quote else { return nil }
            return ([escape], index + 2, Int(escape))
        case UInt8(ascii: "x"), UInt8(ascii: "u"), UInt8(ascii: "U"):
            let count = escape == UInt8(ascii: "x") ? 2 : escape == UInt8(ascii: "u") ? 4 : 8
            guard index + 2 + count <= body.count,
                  let value = digitsValue(body[(index + 2)..<(index + 2 + count)], radix: 16) else { return nil }
            if escape == UInt8(ascii: "x") { return ([UInt8(value)], index + 2 + count, Int(value)) }
            guard let scalar = Unicode.Scalar(value) else { return nil }
            return (Array(String(scalar).utf8), index + 2 + count, Int(value))
        case UInt8(ascii: "0")...UInt8(ascii: "7"):
            guard index + 4 <= body.count, let value = digitsValue(body[(index + 1)..<(index + 4)], radix: 8),
                  value <= 255 else { return nil }
            return ([UInt8(value)], index + 4, Int(value))
        default:
            return nil
        }
    }

    /// The value of a run of digits in `radix`, or nil if any byte is not such a digit (no signs allowed).
    private static func digitsValue(_ digits: ArraySlice<UInt8>, radix: UInt32) -> UInt32? {
        var value: UInt32 = 0
        for byte in digits {
            guard let digit = Character(Unicode.Scalar(byte)).hexDigitValue, UInt32(digit) < radix else { return nil }
            value = value * radix + UInt32(digit)
        }
        return value
    }
}
