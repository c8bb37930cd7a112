import XCTest
@testable import DroverCatalog

/// Every kind of parse and execution error, with its exact file, line, column and action text.
final class GoTemplateErrorTests: XCTestCase {
    private struct Expected {
        var template: String
        var line: Int
        var column: Int
        var action: String
        var message: String
    }

    private func assertErrors(_ cases: [Expected], file: StaticString = #filePath, line: UInt = #line) {
        for expected in cases {
            guard let error = goTemplateError(expected.template, name: "compose.yml", file: file, line: line) else {
                continue
            }
            let context = "template \(expected.template.debugDescription)"
            XCTAssertEqual(error.file, "compose.yml", context, file: file, line: line)
            XCTAssertEqual(error.line, expected.line, context, file: file, line: line)
            XCTAssertEqual(error.column, expected.column, context, file: file, line: line)
            XCTAssertEqual(error.action, expected.action, context, file: file, line: line)
            XCTAssertEqual(error.message, expected.message, context, file: file, line: line)
        }
    }

    /// Parse errors point at the offending token (or the opening action of an unclosed block).
    func testParseErrorLocations() {
        assertErrors([
            Expected(template: "a\n  {{ service_name }}", line: 2, column: 6, action: "",
                     message: "function \"service_name\" not defined"),
            Expected(template: "a\n{{ .Values.X", line: 2, column: 1, action: "", message: "unclosed action"),
            Expected(template: "x\n{{if .X}}\nfoo", line: 2, column: 1, action: "",
                     message: "unexpected EOF: this action has no matching {{end}}"),
            Expected(template: "{{range .X}}a{{else}}b", line: 1, column: 14, action: "",
                     message: "unexpected EOF: this action has no matching {{end}}"),
            Expected(template: "ok\n{{else}}", line: 2, column: 1, action: "", message: "unexpected {{else}}"),
            Expected(template: "a{{end}}", line: 1, column: 2, action: "", message: "unexpected {{end}}"),
            Expected(template: "{{if .}}a{{else}}b{{else}}c{{end}}", line: 1, column: 19, action: "",
                     message: "expected end; found {{else}}"),
            Expected(template: "{{with .}}{{else if .}}{{end}}", line: 1, column: 18, action: "",
                     message: "unexpected <if> in input"),
            Expected(template: "{{$x}}", line: 1, column: 3, action: "", message: "undefined variable \"$x\""),
            Expected(template: "{{if .}}{{$y := 1}}{{end}}{{$y}}", line: 1, column: 29, action: "",
                     message: "undefined variable \"$y\""),
            Expected(template: "{{\"abc}}", line: 1, column: 3, action: "", message: "unterminated quoted string"),
            Expected(template: "{{'ab'}}", line: 1, column: 3, action: "", message: "malformed character constant: 'ab'"),
            Expected(template: "{{\"\\q\"}}", line: 1, column: 3, action: "", message: "invalid syntax"),
            Expected(template: "{{1x}}", line: 1, column: 3, action: "", message: "bad number syntax: \"1x\""),
            Expected(template: "{{.x#}}", line: 1, column: 3, action: "", message: "bad character U+0023 '#'"),
            Expected(template: "é{{/* x", line: 1, column: 2, action: "", message: "unclosed comment"),
            Expected(template: "{{/* x */ }}", line: 1, column: 3, action: "",
                     message: "comment ends before closing delimiter"),
            Expected(template: "{{(1}}", line: 1, column: 5, action: "", message: "unclosed left paren"),
            Expected(template: "{{1)}}", line: 1, column: 4, action: "", message: "unexpected \")\" in command"),
            Expected(template: "{{ if .X }", line: 1, column: 10, action: "", message: "unexpected \"}\" in operand"),
            Expected(template: "{{if}}{{end}}", line: 1, column: 5, action: "", message: "missing value for if"),
            Expected(template: "{{}}", line: 1, column: 3, action: "", message: "missing value for command"),
            Expected(template: "{{1 | 2}}", line: 1, column: 1, action: "",
                     message: "non executable command in pipeline stage 2"),
            Expected(template: "{{range $a, $b, $c := .}}{{end}}", line: 1, column: 13, action: "",
                     message: "too many declarations in range"),
            Expected(template: "{{break}}", line: 1, column: 1, action: "", message: "{{break}} outside {{range}}"),
            Expected(template: "{{true.x}}", line: 1, column: 7, action: "", message: "unexpected . after term \"true\""),
            Expected(template: "{{define \"x\"}}a{{end}}{{define \"x\"}}b{{end}}", line: 1, column: 23, action: "",
                     message: "multiple definition of template \"x\""),
            Expected(template: "{{ 1i }}", line: 1, column: 4, action: "",
                     message: "complex constants are not supported: \"1i\""),
        ])
    }

    /// Execution errors point at the start of the failing action and quote it.
    func testExecutionErrorLocations() {
        assertErrors([
            Expected(template: "line1\nline2 {{ .Values.Y.Z }}", line: 2, column: 7, action: "{{ .Values.Y.Z }}",
                     message: "can't evaluate field Z in type string"),
            Expected(template: "{{eq}}", line: 1, column: 1, action: "{{eq}}",
                     message: "wrong number of args for eq: want at least 1 got 0"),
            Expected(template: "é\n{{if eq .Values.INT \"7\"}}x{{end}}", line: 2, column: 1,
                     action: "{{if eq .Values.INT \"7\"}}", message: "error calling eq: incompatible types for comparison"),
            Expected(template: "{{if false}}{{else if eq 1 \"a\"}}{{end}}", line: 1, column: 13,
                     action: "{{else if eq 1 \"a\"}}", message: "error calling eq: incompatible types for comparison"),
            Expected(template: "{{range until 2}}\n  {{ .x }}{{end}}", line: 2, column: 3, action: "{{ .x }}",
                     message: "can't evaluate field x in type int"),
            Expected(template: "a\n  {{- .Values.Y.Z -}}\n", line: 2, column: 3, action: "{{- .Values.Y.Z -}}",
                     message: "can't evaluate field Z in type string"),
            Expected(template: "{{range .Values.Y}}{{end}}", line: 1, column: 1, action: "{{range .Values.Y}}",
                     message: "range can't iterate over yv"),
            Expected(template: "{{template \"nope\"}}", line: 1, column: 1, action: "{{template \"nope\"}}",
                     message: "template \"nope\" not defined"),
            Expected(template: "{{$x = 1}}", line: 1, column: 1, action: "{{$x = 1}}",
                     message: "undefined variable: $x"),
            Expected(template: "{{.Values.Y 1}}", line: 1, column: 1, action: "{{.Values.Y 1}}",
                     message: "Y is not a method but has arguments"),
            Expected(template: "{{1 2}}", line: 1, column: 1, action: "{{1 2}}",
                     message: "can't give argument to non-function 1"),
            Expected(template: "{{nil}}", line: 1, column: 1, action: "{{nil}}", message: "nil is not a command"),
            Expected(template: "{{18446744073709551615}}", line: 1, column: 1, action: "{{18446744073709551615}}",
                     message: "18446744073709551615 overflows int"),
            Expected(template: "{{atoi 5}}", line: 1, column: 1, action: "{{atoi 5}}", message: "expected string; found 5"),
            Expected(template: "{{atoi .Values.INT}}", line: 1, column: 1, action: "{{atoi .Values.INT}}",
                     message: "wrong type for value; expected string; got int"),
            Expected(template: "{{atoi .Values.NOPE}}", line: 1, column: 1, action: "{{atoi .Values.NOPE}}",
                     message: "invalid value; expected string"),
            Expected(template: "{{upper nil}}", line: 1, column: 1, action: "{{upper nil}}",
                     message: "cannot assign nil to string"),
        ])
    }

    /// `description` is "FILE:LINE:COL: template: [executing ACTION: ]MESSAGE".
    func testDescriptionFormat() {
        let parseError = goTemplateError("a\n  {{ service_name }}", name: "docker-compose.yml.tpl")
        XCTAssertEqual(parseError?.description,
                       "docker-compose.yml.tpl:2:6: template: function \"service_name\" not defined")
        let execError = goTemplateError("{{eq}}", name: "docker-compose.yml.tpl")
        XCTAssertEqual(execError?.description,
                       "docker-compose.yml.tpl:1:1: template: executing {{eq}}: wrong number of args for eq: want at least 1 got 0")
    }
}
