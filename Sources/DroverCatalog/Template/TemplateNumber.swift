import Foundation

/// A numeric literal with every interpretation Go's `parse.NumberNode` records.
struct TemplateNumber: Sendable {
    /// The literal as written.
    var text: String
    /// The value if the literal is an integer that fits in Int (or a float with an integral value).
    var intValue: Int?
    /// The value as a float, when the literal has one.
    var floatValue: Double?
    /// Whether the literal is an unsigned integer too large for Int.
    var isLargeUnsigned = false
    /// Whether the literal is a character constant such as `'a'`.
    var isCharConstant = false

    /// Parses a number literal like Go's `newNumber` (`strconv.ParseUint/ParseInt/ParseFloat`, base 0).
    static func parse(_ text: String) -> Result<TemplateNumber, TemplateFuncError> {
        var number = TemplateNumber(text: text)
        if text.hasSuffix("i") {
            return .failure(TemplateFuncError("complex constants are not supported: \(GoQuote.quote(text))"))
        }
        if let (magnitude, negative) = parseInteger(text) {
            if !negative && magnitude > UInt64(Int.max) {
                number.isLargeUnsigned = !text.hasPrefix("+")
                number.floatValue = Double(magnitude)
            } else if negative && magnitude > UInt64(Int.max) + 1 {
                number.floatValue = -Double(magnitude)
            } else {
                let value = negative ? Int(truncatingIfNeeded: 0 &- magnitude) : Int(magnitude)
                number.intValue = value
                number.floatValue = Double(value)
            }
            if number.intValue != nil || number.isLargeUnsigned { return .success(number) }
        }
        guard let value = parseFloat(text) else {
            return .failure(TemplateFuncError("illegal number syntax: \(GoQuote.quote(text))"))
        }
        guard text.contains(where: { ".eEpP".contains($0) }) else {
            return .failure(TemplateFuncError("integer overflow: \(GoQuote.quote(text))"))
        }
        number.floatValue = value
        if value.rounded(.towardZero) == value && value >= -9.223372036854775808e18 && value < 9.223372036854775808e18 {
            number.intValue = Int(value)
        }
        return .success(number)
    }

    /// Go's `strconv.ParseInt(text, 0, 64)` without the range check: sign and magnitude, or nil on bad syntax.
    private static func parseInteger(_ text: String) -> (UInt64, Bool)? {
        var chars = Substring(text)
        var negative = false
        if let sign = chars.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            chars = chars.dropFirst()
        }
        var radix: UInt64 = 10
        let lower = chars.lowercased()
        if lower.hasPrefix("0x") {
            radix = 16
            chars = chars.dropFirst(2)
        } else if lower.hasPrefix("0b") {
            radix = 2
            chars = chars.dropFirst(2)
        } else if lower.hasPrefix("0o") {
            radix = 8
            chars = chars.dropFirst(2)
        } else if chars.hasPrefix("0") && chars.count > 1 {
            radix = 8
            chars = chars.dropFirst()
        }
        guard !chars.isEmpty, underscoreOK(text) else { return nil }
        var magnitude: UInt64 = 0
        for char in chars where char != "_" {
            guard let digit = char.hexDigitValue, UInt64(digit) < radix else { return nil }
            let (product, overflow1) = magnitude.multipliedReportingOverflow(by: radix)
            let (sum, overflow2) = product.addingReportingOverflow(UInt64(digit))
            guard !overflow1 && !overflow2 else { return nil }
            magnitude = sum
        }
        return (magnitude, negative)
    }

    /// Go's `strconv.ParseFloat(text, 64)` for the literals the lexer accepts; nil on bad syntax or overflow.
    private static func parseFloat(_ text: String) -> Double? {
        guard underscoreOK(text) else { return nil }
        let cleaned = text.filter { $0 != "_" }
        let lower = cleaned.lowercased()
        let unsigned = lower.hasPrefix("+") || lower.hasPrefix("-") ? lower.dropFirst() : Substring(lower)
        if unsigned.hasPrefix("0x") && !unsigned.contains("p") { return nil }
        guard unsigned.first.map({ $0.isNumber || $0 == "." }) == true,
              let value = Double(cleaned), value.isFinite else { return nil }
        return value
    }

    /// Go's `underscoreOK`: underscores only between digits (or after a base prefix).
    private static func underscoreOK(_ text: String) -> Bool {
        var chars = Array(text.lowercased())
        if let first = chars.first, first == "+" || first == "-" { chars.removeFirst() }
        var saw: Character = "^"
        var index = 0
        var hex = false
        if chars.count >= 2 && chars[0] == "0" && "box".contains(chars[1]) {
            index = 2
            saw = "0"
            hex = chars[1] == "x"
        }
        while index < chars.count {
            let char = chars[index]
            index += 1
            if char.isASCII && (char.isNumber || (hex && char.isHexDigit)) {
                saw = "0"
            } else if char == "_" {
                if saw != "0" { return false }
                saw = "_"
            } else {
                if saw == "_" { return false }
                saw = "!"
            }
        }
        return saw != "_"
    }

    /// Go's `idealConstant`: the value a literal has when no parameter type constrains it.
    func idealValue() -> Result<TemplateValue, TemplateFuncError> {
        let lower = text.lowercased()
        let isHexInt = lower.count > 2 && lower.hasPrefix("0x") && !lower.contains("p")
        if let float = floatValue, !isHexInt, !isCharConstant, text.contains(where: { ".eEpP".contains($0) }) {
            return .success(.float(float))
        }
        if let value = intValue { return .success(.int(value)) }
        return .failure(TemplateFuncError("\(text) overflows int"))
    }
}
