import Foundation

extension GoFormatter {
    /// `fmt.Sprintf`: Go's directive grammar `%[flags][width][.precision][argument index]verb`,
    /// with `%!(NOVERB)`, `%!v(MISSING)`, `%!v(BADINDEX)` and `%!(EXTRA …)` diagnostics.
    static func sprintf(_ format: String, _ args: [TemplateValue]) -> String {
        var formatter = GoFormatter()
        formatter.runPrintf(Array(format.utf8), args)
        return formatter.out
    }

    /// Go's `doPrintf`.
    private mutating func runPrintf(_ format: [UInt8], _ args: [TemplateValue]) {
        let end = format.count
        var argNum = 0
        var reordered = false
        var index = 0
        while index < end {
            var goodArgNum = true
            let literalStart = index
            while index < end && format[index] != UInt8(ascii: "%") { index += 1 }
            if index > literalStart { out += String(decoding: format[literalStart..<index], as: UTF8.self) }
            if index >= end { break }
            index += 1
            spec = GoFormatSpec()
            flags: while index < end {
                switch format[index] {
                case UInt8(ascii: "#"): spec.sharp = true
                case UInt8(ascii: "0"): spec.zero = !spec.minus
                case UInt8(ascii: "+"): spec.plus = true
                case UInt8(ascii: "-"): spec.minus = true; spec.zero = false
                case UInt8(ascii: " "): spec.space = true
                default: break flags
                }
                index += 1
            }
            var afterIndex = false
            func argNumber() {
                guard index < end, format[index] == UInt8(ascii: "[") else {
                    afterIndex = false
                    return
                }
                reordered = true
                let (value, width, ok) = Self.parseArgNumber(format, from: index)
                index += width
                afterIndex = ok
                if ok && value >= 0 && value < args.count {
                    argNum = value
                } else {
                    goodArgNum = false
                }
            }
            argNumber()
            if index < end && format[index] == UInt8(ascii: "*") {
                index += 1
                let (width, isInt) = Self.intFromArg(args, &argNum)
                spec.width = isInt ? width : nil
                if !isInt { out += "%!(BADWIDTH)" }
                if let value = spec.width, value < 0 {
                    spec.width = -value
                    spec.minus = true
                    spec.zero = false
                }
                afterIndex = false
            } else {
                let (width, present, next) = Self.parseNumber(format, from: index, to: end)
                spec.width = present ? width : nil
                index = next
                if afterIndex && present { goodArgNum = false }
            }
            if index + 1 < end && format[index] == UInt8(ascii: ".") {
                index += 1
                if afterIndex { goodArgNum = false }
                argNumber()
                if index < end && format[index] == UInt8(ascii: "*") {
                    index += 1
                    let (precision, isInt) = Self.intFromArg(args, &argNum)
                    spec.precision = isInt && precision >= 0 ? precision : nil
                    if spec.precision == nil { out += "%!(BADPREC)" }
                    afterIndex = false
                } else {
                    let (precision, present, next) = Self.parseNumber(format, from: index, to: end)
                    spec.precision = present ? precision : 0
                    index = next
                }
            }
            if !afterIndex { argNumber() }
            if index >= end {
                out += "%!(NOVERB)"
                break
            }
            let (scalar, width) = TemplateBytes.decode(format, at: index)
            index += width
            let verb = Character(scalar)
            if verb == "%" {
                out += "%"
            } else if !goodArgNum {
                out += "%!" + String(verb) + "(BADINDEX)"
            } else if argNum >= args.count {
                out += "%!" + String(verb) + "(MISSING)"
            } else {
                if verb == "v" {
                    spec.sharpV = spec.sharp
                    spec.sharp = false
                    spec.plus = false
                }
                printArg(args[argNum], verb: verb)
                argNum += 1
            }
        }
        if !reordered && argNum < args.count {
            spec = GoFormatSpec()
            out += "%!(EXTRA "
            for (position, arg) in args[argNum...].enumerated() {
                if position > 0 { out += ", " }
                if case .null = arg {
                    out += "<nil>"
                } else {
                    out += arg.goTypeName + "="
                    printArg(arg, verb: "v")
                }
            }
            out += ")"
        }
    }

    /// Go's `parsenum`: a decimal number; a crazy long one consumes the rest of the format.
    private static func parseNumber(_ format: [UInt8], from start: Int, to end: Int) -> (Int, Bool, Int) {
        var number = 0
        var present = false
        var index = start
        while index < end && TemplateBytes.isDigit(format[index]) {
            if number > 1_000_000 { return (0, false, end) }
            number = number * 10 + Int(format[index] - UInt8(ascii: "0"))
            present = true
            index += 1
        }
        return (number, present, index)
    }

    /// Go's `parseArgNumber`: `[n]` gives the zero-based index, the bytes consumed and validity.
    private static func parseArgNumber(_ format: [UInt8], from start: Int) -> (Int, Int, Bool) {
        guard format.count - start >= 3 else { return (0, 1, false) }
        var index = start + 1
        while index < format.count {
            if format[index] == UInt8(ascii: "]") {
                let (value, ok, next) = parseNumber(format, from: start + 1, to: index)
                guard ok && next == index else { return (0, index - start + 1, false) }
                return (value - 1, index - start + 1, true)
            }
            index += 1
        }
        return (0, 1, false)
    }

    /// Go's `intFromArg`: a `*` width or precision taken from the next operand.
    private static func intFromArg(_ args: [TemplateValue], _ argNum: inout Int) -> (Int, Bool) {
        guard argNum < args.count else { return (0, false) }
        defer { argNum += 1 }
        guard case .int(let value) = args[argNum], value >= -1_000_000 && value <= 1_000_000 else { return (0, false) }
        return (value, true)
    }

    /// Go's `fmtInteger` and its `%c`, `%q` and `%U` relatives.
    mutating func formatInteger(_ number: Int, verb: Character) {
        let radix: Int
        switch verb {
        case "v", "d": radix = 10
        case "b": radix = 2
        case "o", "O": radix = 8
        case "x", "X": radix = 16
        case "c", "q", "U":
            formatRune(number, verb: verb)
            return
        default:
            badVerb(verb, .int(number))
            return
        }
        let savedZero = spec.zero
        defer { spec.zero = savedZero }
        var digits = String(number.magnitude, radix: radix, uppercase: verb == "X")
        var precision = 0
        if let explicit = spec.precision {
            precision = explicit
            if explicit == 0 && number == 0 {
                spec.zero = false
                out += String(repeating: " ", count: max(spec.width ?? 0, 0))
                return
            }
        } else if spec.zero, let width = spec.width {
            precision = number < 0 || spec.plus || spec.space ? width - 1 : width
        }
        if digits.count < precision { digits = String(repeating: "0", count: precision - digits.count) + digits }
        if spec.sharp {
            switch radix {
            case 2: digits = "0b" + digits
            case 8: if !digits.hasPrefix("0") { digits = "0" + digits }
            case 16: digits = (verb == "X" ? "0X" : "0x") + digits
            default: break
            }
        }
        if verb == "O" { digits = "0o" + digits }
        if number < 0 {
            digits = "-" + digits
        } else if spec.plus {
            digits = "+" + digits
        } else if spec.space {
            digits = " " + digits
        }
        spec.zero = false
        pad(digits)
    }

    private mutating func formatRune(_ number: Int, verb: Character) {
        let scalar = (number >= 0 && number <= 0x10FFFF ? Unicode.Scalar(UInt32(number)) : nil) ?? "\u{FFFD}"
        switch verb {
        case "c":
            pad(String(Character(scalar)))
        case "q":
            if spec.sharp && GoQuote.canBackquote(String(scalar)) {
                pad("'" + String(Character(scalar)) + "'")
            } else {
                pad(GoQuote.quoteRune(Int(scalar.value), asciiOnly: spec.plus))
            }
        default:
            let hex = String(UInt(bitPattern: number), radix: 16, uppercase: true)
            let minimum = max(4, spec.precision ?? 0)
            var text = "U+" + String(repeating: "0", count: max(0, minimum - hex.count)) + hex
            if spec.sharp && number >= 0 && number <= 0x10FFFF, let value = Unicode.Scalar(UInt32(number)),
               GoQuote.isPrintable(value) {
                text += " '" + String(Character(value)) + "'"
            }
            let savedZero = spec.zero
            spec.zero = false
            pad(text)
            spec.zero = savedZero
        }
    }
}
