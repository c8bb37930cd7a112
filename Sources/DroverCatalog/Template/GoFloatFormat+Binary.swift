import Foundation

/// Go's binary float formats: `b` (`4503599627370496p-52`) and `x`/`X` (`-0x1.23abcp+20`).
extension GoFloatFormat {
    /// The IEEE mantissa (with its implicit bit) and binary exponent Go's `genericFtoa` starts from.
    private static func parts(_ value: Double) -> (mantissa: UInt64, exponent: Int) {
        let bits = value.bitPattern
        var exponent = Int((bits >> 52) & 0x7FF)
        var mantissa = bits & ((1 << 52) - 1)
        if exponent == 0 {
            exponent += 1
        } else {
            mantissa |= 1 << 52
        }
        return (mantissa, exponent - 1023)
    }

    /// Go's `fmtB`: decimal mantissa, `p`, decimal power of two.
    static func formatBinary(_ value: Double) -> String {
        let (mantissa, exponent) = parts(value)
        let power = exponent - 52
        return (value.sign == .minus ? "-" : "") + String(mantissa) + "p" + (power >= 0 ? "+" : "") + String(power)
    }

    /// Go's `fmtX`: hexadecimal mantissa rounded to `precision` hex digits (all digits when negative).
    static func formatHex(_ value: Double, precision: Int, uppercase: Bool) -> String {
        var (mantissa, exponent) = parts(value)
        if mantissa == 0 { exponent = 0 }
        mantissa <<= 60 - 52
        while mantissa != 0 && mantissa & (1 << 60) == 0 {
            mantissa <<= 1
            exponent -= 1
        }
        if precision >= 0 && precision < 15 {
            let shift = UInt64(precision * 4)
            let extra = (mantissa << shift) & ((1 << 60) - 1)
            mantissa >>= 60 - shift
            if extra | (mantissa & 1) > 1 << 59 { mantissa += 1 }
            mantissa <<= 60 - shift
            if mantissa & (1 << 61) != 0 {
                mantissa >>= 1
                exponent += 1
            }
        }
        let digits = Array(uppercase ? "0123456789ABCDEF" : "0123456789abcdef")
        var out = (value.sign == .minus ? "-" : "") + (uppercase ? "0X" : "0x") + String((mantissa >> 60) & 1)
        mantissa <<= 4
        if (precision < 0 && mantissa != 0) || precision > 0 {
            out += "."
            var remaining = precision
            while precision < 0 ? mantissa != 0 : remaining > 0 {
                out.append(digits[Int((mantissa >> 60) & 15)])
                mantissa <<= 4
                remaining -= 1
            }
        }
        out += uppercase ? "P" : "p"
        out += exponent < 0 ? "-" : "+"
        let magnitude = String(abs(exponent))
        return out + (magnitude.count < 2 ? "0" : "") + magnitude
    }

    /// The `#` flag: keep a decimal point and, for `g`/`G`/`v`/`x`, trailing zeros up to the precision.
    static func applySharp(_ number: String, verb: Character, precision: Int) -> String {
        var digits = "vgGx".contains(verb) ? (precision == -1 ? 6 : precision) : 0
        var body = Array(number)
        var tail: [Character] = []
        var hasPoint = false
        var sawNonzero = false
        var index = 1
        while index < body.count {
            let char = body[index]
            if char == "." {
                hasPoint = true
            } else if char == "p" || char == "P" || ((char == "e" || char == "E") && verb != "x" && verb != "X") {
                tail = Array(body[index...])
                body.removeSubrange(index...)
                break
            } else {
                if char != "0" { sawNonzero = true }
                if sawNonzero { digits -= 1 }
            }
            index += 1
        }
        if !hasPoint {
            if body.count == 2 && body[1] == "0" { digits -= 1 }
            body.append(".")
        }
        if digits > 0 { body += Array(repeating: "0", count: digits) }
        return String(body + tail)
    }
}
