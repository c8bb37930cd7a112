import Foundation

/// Go's `strconv.FormatFloat(v, fmt, prec, 64)` for the decimal formats `e`, `E`, `f`, `g` and `G`.
enum GoFloatFormat {
    /// A decimal digit string: the value is 0.DIGITS × 10^pointPosition. Zero has no digits.
    private struct Decimal {
        var negative: Bool
        var digits: [UInt8]
        var pointPosition: Int
    }

    /// Formats like Go; a negative precision asks for the shortest representation that round-trips.
    static func format(_ value: Double, verb: Character, precision: Int) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
        let exponentChar: UInt8 = verb == "E" || verb == "G" ? UInt8(ascii: "E") : UInt8(ascii: "e")
        var out: [UInt8] = []
        if precision < 0 {
            let decimal = shortest(value)
            let count = decimal.digits.count
            switch verb {
            case "e", "E": appendE(decimal, precision: max(count - 1, 0), exponentChar, to: &out)
            case "f": appendF(decimal, precision: max(count - decimal.pointPosition, 0), to: &out)
            default:
                let exponent = decimal.pointPosition - 1
                if count > 0 && (exponent < -4 || exponent >= 6) {
                    appendE(decimal, precision: count - 1, exponentChar, to: &out)
                } else {
                    appendF(decimal, precision: max(count - decimal.pointPosition, 0), to: &out)
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
        switch verb {
        case "e", "E":
            let text = String(format: "%.\(precision)e", value)
            return verb == "E" ? text.uppercased() : text
        case "f":
            return String(format: "%.\(precision)f", value)
        default:
            let digitsWanted = max(precision, 1)
            let decimal = rounded(value, significantDigits: digitsWanted)
            let count = decimal.digits.count
            var exponentLimit = digitsWanted
            if exponentLimit > count && count >= decimal.pointPosition { exponentLimit = count }
            let exponent = decimal.pointPosition - 1
            if exponent < -4 || exponent >= exponentLimit {
                appendE(decimal, precision: min(digitsWanted, count) - 1, exponentChar, to: &out)
            } else {
                let kept = digitsWanted > decimal.pointPosition ? count : digitsWanted
                appendF(decimal, precision: max(kept - decimal.pointPosition, 0), to: &out)
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// The shortest round-trip digits, read off Swift's own shortest `description`.
    private static func shortest(_ value: Double) -> Decimal {
        parseDecimal(value.magnitude.description, negative: value.sign == .minus)
    }

    /// The value rounded to a number of significant digits, trailing zeros removed.
    private static func rounded(_ value: Double, significantDigits: Int) -> Decimal {
        let text = String(format: "%.\(significantDigits - 1)e", value.magnitude)
        return parseDecimal(text, negative: value.sign == .minus)
    }

    /// Parses "123.45", "1e-05" or "1.5e+20" into digits and decimal point position.
    private static func parseDecimal(_ text: String, negative: Bool) -> Decimal {
        let parts = text.lowercased().split(separator: "e", maxSplits: 1)
        let mantissa = parts.first.map(Array.init) ?? []
        let exponent = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        var digits: [UInt8] = []
        var point: Int?
        for char in mantissa {
            if char == "." {
                point = digits.count
            } else if let ascii = char.asciiValue, TemplateBytes.isDigit(ascii) {
                digits.append(ascii)
            }
        }
        var pointPosition = (point ?? digits.count) + exponent
        let leadingZeros = digits.prefix { $0 == UInt8(ascii: "0") }.count
        digits.removeFirst(leadingZeros)
        pointPosition -= leadingZeros
        while digits.last == UInt8(ascii: "0") { digits.removeLast() }
        if digits.isEmpty { pointPosition = 0 }
        return Decimal(negative: negative, digits: digits, pointPosition: pointPosition)
    }

    /// Go's `fmtE`: d.ddddde±dd.
    private static func appendE(_ decimal: Decimal, precision: Int, _ exponentChar: UInt8, to out: inout [UInt8]) {
        if decimal.negative { out.append(UInt8(ascii: "-")) }
        out.append(decimal.digits.first ?? UInt8(ascii: "0"))
        if precision > 0 {
            out.append(UInt8(ascii: "."))
            for index in 1...precision {
                out.append(index < decimal.digits.count ? decimal.digits[index] : UInt8(ascii: "0"))
            }
        }
        out.append(exponentChar)
        var exponent = decimal.digits.isEmpty ? 0 : decimal.pointPosition - 1
        out.append(exponent < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
        exponent = abs(exponent)
        if exponent < 10 { out.append(UInt8(ascii: "0")) }
        out += Array(String(exponent).utf8)
    }

    /// Go's `fmtF`: ddd.ddd with a fixed number of fraction digits.
    private static func appendF(_ decimal: Decimal, precision: Int, to out: inout [UInt8]) {
        if decimal.negative { out.append(UInt8(ascii: "-")) }
        if decimal.pointPosition > 0 {
            for index in 0..<decimal.pointPosition {
                out.append(index < decimal.digits.count ? decimal.digits[index] : UInt8(ascii: "0"))
            }
        } else {
            out.append(UInt8(ascii: "0"))
        }
        if precision > 0 {
            out.append(UInt8(ascii: "."))
            for index in 1...precision {
                let position = decimal.pointPosition + index - 1
                let inRange = position >= 0 && position < decimal.digits.count
                out.append(inRange ? decimal.digits[position] : UInt8(ascii: "0"))
            }
        }
    }
}
