import Foundation

/// Go's `strings` package semantics (bytewise, no Unicode normalisation) for the template functions.
enum GoStrings {
    /// `unicode.IsSpace`, which is exactly the Unicode White_Space property.
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace
    }

    /// `strings.Index` on UTF-8 bytes; nil when absent.
    static func index(_ text: [UInt8], of needle: [UInt8], from start: Int = 0) -> Int? {
        guard !needle.isEmpty else { return start }
        guard needle.count <= text.count else { return nil }
        var position = start
        while position + needle.count <= text.count {
            if text[position] == needle[0] && text[position..<(position + needle.count)].elementsEqual(needle) {
                return position
            }
            position += 1
        }
        return nil
    }

    static func contains(_ text: String, _ needle: String) -> Bool {
        index(Array(text.utf8), of: Array(needle.utf8)) != nil
    }

    static func hasPrefix(_ text: String, _ prefix: String) -> Bool {
        text.utf8.starts(with: prefix.utf8)
    }

    static func hasSuffix(_ text: String, _ suffix: String) -> Bool {
        text.utf8.reversed().starts(with: suffix.utf8.reversed())
    }

    /// `strings.Split`: an empty separator splits into single characters (runes).
    static func split(_ text: String, _ separator: String) -> [String] {
        if separator.isEmpty { return text.unicodeScalars.map { String($0) } }
        let bytes = Array(text.utf8)
        let needle = Array(separator.utf8)
        var parts: [String] = []
        var start = 0
        while let found = index(bytes, of: needle, from: start) {
            parts.append(String(decoding: bytes[start..<found], as: UTF8.self))
            start = found + needle.count
        }
        parts.append(String(decoding: bytes[start...], as: UTF8.self))
        return parts
    }

    /// `strings.Replace(text, old, new, -1)`: an empty `old` inserts `new` around every rune.
    static func replaceAll(_ text: String, _ old: String, _ new: String) -> String {
        if old.isEmpty {
            return new + text.unicodeScalars.map { String($0) + new }.joined()
        }
        return split(text, old).joined(separator: new)
    }

    /// `strings.TrimSpace`.
    static func trimSpace(_ text: String) -> String {
        trim(text) { isSpace($0) }
    }

    /// `strings.Trim(text, cutset)`.
    static func trim(_ text: String, cutset: String) -> String {
        let set = Set(cutset.unicodeScalars)
        return trim(text) { set.contains($0) }
    }

    private static func trim(_ text: String, where predicate: (Unicode.Scalar) -> Bool) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !predicate($0) }),
              let last = scalars.lastIndex(where: { !predicate($0) }) else { return "" }
        return String(scalars[first...last])
    }

    /// `strings.TrimPrefix`.
    static func trimPrefix(_ text: String, _ prefix: String) -> String {
        hasPrefix(text, prefix) ? String(decoding: Array(text.utf8).dropFirst(prefix.utf8.count), as: UTF8.self) : text
    }

    /// `strings.TrimSuffix`.
    static func trimSuffix(_ text: String, _ suffix: String) -> String {
        hasSuffix(text, suffix) ? String(decoding: Array(text.utf8).dropLast(suffix.utf8.count), as: UTF8.self) : text
    }

    /// `strings.ToUpper` / `ToLower`: per-rune case mapping; multi-rune full mappings leave the rune alone.
    static func mapCase(_ text: String, upper: Bool) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let mapped = upper ? scalar.properties.uppercaseMapping : scalar.properties.lowercaseMapping
            let mappedScalars = mapped.unicodeScalars
            if mappedScalars.count == 1, let single = mappedScalars.first {
                out.append(single)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// Go's `template.HTMLEscapeString`.
    static func htmlEscape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "&#34;"
            case "'": out += "&#39;"
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\0": out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Go's `template.JSEscapeString`.
    static func jsEscape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "'": out += "\\'"
            case "\"": out += "\\\""
            case "<": out += "\\u003C"
            case ">": out += "\\u003E"
            case "&": out += "\\u0026"
            case "=": out += "\\u003D"
            default:
                if scalar.value < 0x20 || (!scalar.isASCII && !GoQuote.isPrintable(scalar)) {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    out += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// Go's `url.QueryEscape`.
    static func queryEscape(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                 UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " "):
                out += "+"
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return out
    }
}
