import Foundation

/// The template text as UTF-8 bytes, with the name used to locate errors in it.
struct TemplateSource: Sendable {
    let name: String
    let bytes: [UInt8]

    /// The 1-based line and column (counted in Unicode scalars) of a byte offset.
    func location(of offset: Int) -> (line: Int, column: Int) {
        let end = min(max(offset, 0), bytes.count)
        var line = 1
        var lineStart = 0
        for index in 0..<end where bytes[index] == UInt8(ascii: "\n") {
            line += 1
            lineStart = index + 1
        }
        var column = 1
        for index in lineStart..<end where bytes[index] & 0xC0 != 0x80 {
            column += 1
        }
        return (line, column)
    }

    /// The text between two byte offsets.
    func text(from start: Int, to end: Int) -> String {
        let lower = min(max(start, 0), bytes.count)
        let upper = min(max(end, lower), bytes.count)
        return String(decoding: bytes[lower..<upper], as: UTF8.self)
    }

    /// A parse error located at a byte offset.
    func parseError(_ message: String, at offset: Int) -> TemplateError {
        let (line, column) = location(of: offset)
        return TemplateError(file: name, line: line, column: column, action: "", message: message)
    }

    /// An execution error located at the action spanning `span`, quoting that action.
    func execError(_ message: String, in span: TemplateSpan) -> TemplateError {
        let (line, column) = location(of: span.start)
        return TemplateError(file: name, line: line, column: column, action: text(from: span.start, to: span.end),
                             message: message)
    }
}

/// The byte range of one `{{…}}` action in the template text.
struct TemplateSpan: Sendable {
    var start: Int
    var end: Int
}
