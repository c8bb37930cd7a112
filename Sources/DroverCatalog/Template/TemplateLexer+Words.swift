import Foundation

/// The word-level scanners of the lexer: quoted strings, identifiers, fields, variables and numbers.
extension TemplateLexer {
    /// Scans a quoted string or character constant whose opening quote was consumed.
    mutating func lexQuoted(terminator: UInt8, kind: TemplateTokenKind, message: String) -> Bool {
        while true {
            guard pos < input.count else { return fail(message) }
            let byte = input[pos]
            pos += 1
            if byte == UInt8(ascii: "\\") {
                guard pos < input.count, input[pos] != UInt8(ascii: "\n") else { return fail(message) }
                pos += TemplateBytes.decode(input, at: pos).width
            } else if byte == UInt8(ascii: "\n") {
                return fail(message)
            } else if byte == terminator {
                emit(kind)
                return true
            }
        }
    }

    private func peekScalar() -> Unicode.Scalar? {
        pos < input.count ? TemplateBytes.decode(input, at: pos).scalar : nil
    }

    /// Go's `atTerminator`: whether the next character may follow a word.
    private func atTerminator() -> Bool {
        guard let next = peekScalar() else { return true }
        switch next {
        case " ", "\t", "\r", "\n", ".", ",", "|", ":", ")", "(": return true
        default: return hasPrefix(Self.rightDelim, at: pos)
        }
    }

    private mutating func scanAlphaNumerics() {
        while let next = peekScalar(), TemplateBytes.isAlphaNumeric(next) {
            pos += TemplateBytes.decode(input, at: pos).width
        }
    }

    private mutating func badCharacter() -> Bool {
        fail("bad character \(TemplateBytes.describe(peekScalar() ?? "\u{FFFD}"))")
    }

    mutating func lexIdentifier() -> Bool {
        scanAlphaNumerics()
        guard atTerminator() else { return badCharacter() }
        let word = String(decoding: input[start..<pos], as: UTF8.self)
        if let keyword = TemplateTokenKind.keyword(word) {
            emit(keyword)
        } else {
            emit(word == "true" || word == "false" ? .bool : .identifier)
        }
        return true
    }

    mutating func lexFieldOrVariable(_ kind: TemplateTokenKind) -> Bool {
        if atTerminator() {
            emit(kind == .variable ? .variable : .dot)
            return true
        }
        scanAlphaNumerics()
        guard atTerminator() else { return badCharacter() }
        emit(kind)
        return true
    }

    private mutating func accept(_ valid: String) -> Bool {
        guard pos < input.count, valid.utf8.contains(input[pos]) else { return false }
        pos += 1
        return true
    }

    private mutating func acceptRun(_ valid: String) {
        while accept(valid) {}
    }

    mutating func lexNumber() -> Bool {
        guard scanNumber() else { return fail("bad number syntax: \(GoQuote.quote(currentText()))") }
        if pos < input.count && (input[pos] == UInt8(ascii: "+") || input[pos] == UInt8(ascii: "-")) {
            guard scanNumber(), input[pos - 1] == UInt8(ascii: "i") else {
                return fail("bad number syntax: \(GoQuote.quote(currentText()))")
            }
            emit(.complex)
        } else {
            emit(.number)
        }
        return true
    }

    private func currentText() -> String {
        String(decoding: input[start..<pos], as: UTF8.self)
    }

    /// Go's `scanNumber`: sign, base prefix, digits, fraction, exponent and imaginary suffix.
    private mutating func scanNumber() -> Bool {
        _ = accept("+-")
        var digits = "0123456789_"
        if accept("0") {
            if accept("xX") {
                digits = "0123456789abcdefABCDEF_"
            } else if accept("oO") {
                digits = "01234567_"
            } else if accept("bB") {
                digits = "01_"
            }
        }
        acceptRun(digits)
        if accept(".") { acceptRun(digits) }
        if digits.count == 11 && accept("eE") {
            _ = accept("+-")
            acceptRun("0123456789_")
        }
        if digits.count == 23 && accept("pP") {
            _ = accept("+-")
            acceptRun("0123456789_")
        }
        _ = accept("i")
        if let next = peekScalar(), TemplateBytes.isAlphaNumeric(next) {
            pos += TemplateBytes.decode(input, at: pos).width
            return false
        }
        return true
    }
}
