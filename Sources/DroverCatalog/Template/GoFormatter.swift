import Foundation

/// Flags, width and precision of one Go `fmt` directive.
struct GoFormatSpec {
    var minus = false
    var plus = false
    var sharp = false
    var space = false
    var zero = false
    var sharpV = false
    var width: Int?
    var precision: Int?
}

/// Go's `fmt` printer for template values: `%v` and the other verbs with flags, width and precision,
/// including Go's `%!verb(type=value)` output for mismatched verbs.
struct GoFormatter {
    var out = ""
    var spec = GoFormatSpec()

    /// `fmt.Sprint`: a space between operands when neither side is a string.
    static func sprint(_ args: [TemplateValue]) -> String {
        var formatter = GoFormatter()
        var previousIsString = false
        for (index, arg) in args.enumerated() {
            let isString = arg.stringValue != nil
            if index > 0 && !isString && !previousIsString { formatter.out += " " }
            formatter.spec = GoFormatSpec()
            formatter.printArg(arg, verb: "v")
            previousIsString = isString
        }
        return formatter.out
    }

    /// `fmt.Sprintln`: operands always separated by spaces, then a newline.
    static func sprintln(_ args: [TemplateValue]) -> String {
        var formatter = GoFormatter()
        for (index, arg) in args.enumerated() {
            if index > 0 { formatter.out += " " }
            formatter.spec = GoFormatSpec()
            formatter.printArg(arg, verb: "v")
        }
        formatter.out += "\n"
        return formatter.out
    }

    /// Go's `printArg`: one top-level operand.
    mutating func printArg(_ value: TemplateValue, verb: Character) {
        if case .null = value {
            if verb == "T" || verb == "v" { pad("<nil>") } else { badVerb(verb, nil) }
            return
        }
        if verb == "T" {
            pad(truncated(value.goTypeName))
            return
        }
        printValue(value, verb: verb)
    }

    /// Go's `printValue`: formats a value, applying the verb to each element of lists and maps.
    mutating func printValue(_ value: TemplateValue, verb: Character) {
        switch value {
        case .null:
            out += spec.sharpV ? "interface {}(nil)" : "<nil>"
        case .bool(let flag):
            if verb == "t" || verb == "v" { pad(flag ? "true" : "false") } else { badVerb(verb, value) }
        case .int(let number):
            formatInteger(number, verb: verb)
        case .float(let number):
            formatFloat(number, verb: verb)
        case .string(let text):
            formatString(text, verb: verb)
        case .list(let items):
            out += spec.sharpV ? "[]interface {}{" : "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += spec.sharpV ? ", " : " " }
                printValue(item, verb: verb)
            }
            out += spec.sharpV ? "}" : "]"
        case .map(let entries):
            out += spec.sharpV ? "map[string]interface {}{" : "map["
            for (index, key) in goSortedKeys(entries).enumerated() {
                if index > 0 { out += spec.sharpV ? ", " : " " }
                formatString(key, verb: verb)
                out += ":"
                printValue(entries[key] ?? .null, verb: verb)
            }
            out += spec.sharpV ? "}" : "]"
        }
    }

    /// Go's `badVerb`: `%!verb(type=value)`, the value printed with `%v` under the same flags.
    mutating func badVerb(_ verb: Character, _ value: TemplateValue?) {
        out += "%!" + String(verb) + "("
        if let value {
            out += value.goTypeName + "="
            printArg(value, verb: "v")
        } else {
            out += "<nil>"
        }
        out += ")"
    }

    /// Pads to the width with spaces (or zeros with the 0 flag), on the left unless the - flag is set.
    mutating func pad(_ text: String) {
        guard let width = spec.width, width > 0 else {
            out += text
            return
        }
        let padding = width - text.unicodeScalars.count
        if padding <= 0 {
            out += text
        } else if spec.minus {
            out += text + String(repeating: " ", count: padding)
        } else {
            out += String(repeating: spec.zero ? "0" : " ", count: padding) + text
        }
    }

    private func truncated(_ text: String) -> String {
        guard let precision = spec.precision, text.unicodeScalars.count > precision else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.prefix(precision)))
    }

    /// Go's `fmtString`: `%s`, `%v`, `%q` and `%x` on a string.
    private mutating func formatString(_ text: String, verb: Character) {
        switch verb {
        case "v" where spec.sharpV, "q":
            let cut = truncated(text)
            if spec.sharp && GoQuote.canBackquote(cut) {
                pad("`" + cut + "`")
            } else {
                pad(GoQuote.quote(cut, asciiOnly: spec.plus))
            }
        case "v", "s":
            pad(truncated(text))
        case "x", "X":
            formatHexBytes(Array(text.utf8), uppercase: verb == "X")
        default:
            badVerb(verb, .string(text))
        }
    }

    /// Go's `fmtSbx`: hex encoding of a string's bytes, honouring precision, `#` and space flags.
    private mutating func formatHexBytes(_ bytes: [UInt8], uppercase: Bool) {
        let length = min(bytes.count, spec.precision ?? bytes.count)
        let prefix = uppercase ? "0X" : "0x"
        guard length > 0 else {
            if let width = spec.width { out += String(repeating: spec.zero ? "0" : " ", count: max(width, 0)) }
            return
        }
        var encoded = spec.sharp ? prefix : ""
        for index in 0..<length {
            if spec.space && index > 0 { encoded += spec.sharp ? " " + prefix : " " }
            let hex = String(bytes[index], radix: 16, uppercase: uppercase)
            encoded += (hex.count == 1 ? "0" : "") + hex
        }
        let padding = (spec.width ?? 0) - encoded.count
        if padding > 0 && !spec.minus { out += String(repeating: spec.zero ? "0" : " ", count: padding) }
        out += encoded
        if padding > 0 && spec.minus { out += String(repeating: " ", count: padding) }
    }

    /// Go's `fmtFloat`: sign, zero-padding and Inf/NaN handling around `strconv.FormatFloat`.
    private mutating func formatFloat(_ number: Double, verb: Character) {
        let format: Character
        var precision = -1
        switch verb {
        case "v": format = "g"
        case "g", "G": format = verb
        case "e", "E", "f": format = verb; precision = 6
        case "F": format = "f"; precision = 6
        case "b", "x", "X": format = verb
        default:
            badVerb(verb, .float(number))
            return
        }
        if let explicit = spec.precision { precision = explicit }
        var text: String
        if !number.isFinite || !"bxX".contains(format) {
            text = GoFloatFormat.format(number, verb: format, precision: precision)
        } else if format == "b" {
            text = GoFloatFormat.formatBinary(number)
        } else {
            text = GoFloatFormat.formatHex(number, precision: precision, uppercase: format == "X")
        }
        if !text.hasPrefix("-") && !text.hasPrefix("+") { text = "+" + text }
        if spec.space && text.hasPrefix("+") && !spec.plus { text = " " + text.dropFirst() }
        var unsigned = text.dropFirst()
        if unsigned.hasPrefix("Inf") || unsigned.hasPrefix("NaN") {
            if unsigned.hasPrefix("NaN") && !spec.space && !spec.plus { text = String(unsigned) }
            let savedZero = spec.zero
            spec.zero = false
            pad(text)
            spec.zero = savedZero
            return
        }
        if spec.sharp && format != "b" {
            text = GoFloatFormat.applySharp(text, verb: format, precision: precision)
            unsigned = text.dropFirst()
        }
        if spec.plus || !text.hasPrefix("+") {
            if spec.zero, let width = spec.width, width > text.count {
                out += String(text.prefix(1)) + String(repeating: "0", count: width - text.count) + unsigned
            } else {
                pad(text)
            }
        } else {
            pad(String(unsigned))
        }
    }
}
