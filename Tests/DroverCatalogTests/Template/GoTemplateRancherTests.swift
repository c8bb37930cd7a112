import XCTest
@testable import DroverCatalog

/// Behaviour specific to how Rancher 1.6 fed catalog templates: `.Values` was a Go `map[string]string`.
final class GoTemplateRancherTests: XCTestCase {
    private let compose = """
        version: '2'
        services:
          app:
            image: app:{{ .Values.VERSION }}
        {{- if eq .Values.PUBLISH "true" }}
            ports:
              - {{ .Values.PORT }}:80
        {{- end }}
        {{- if .Values.EXTRA_ARGS }}
            command:
        {{- range splitPreserveQuotes .Values.EXTRA_ARGS }}
              - {{ . }}
        {{- end }}
        {{- end }}
            labels:
              io.rancher.container.pull_image: {{ default "missing" .Values.PULL }}
        {{- range $i, $e := until (atoi .Values.SCALE) }}
          worker{{ $i }}:
            image: app:{{ $.Values.VERSION }}
        {{- end }}

        """

    private func answers(_ values: [String: String]) -> TemplateValue {
        .map(["Values": .map(values.mapValues { .string($0) }), "Stack": .map(["Name": .string("demo")])])
    }

    func testComposeWithAllAnswers() {
        let data = answers([
            "VERSION": "1.2", "PUBLISH": "true", "PORT": "8080", "EXTRA_ARGS": "--log-level debug", "PULL": "always",
            "SCALE": "2",
        ])
        XCTAssertEqual(renderGoTemplate(compose, data), """
            version: '2'
            services:
              app:
                image: app:1.2
                ports:
                  - 8080:80
                command:
                  - --log-level
                  - debug
                labels:
                  io.rancher.container.pull_image: always
              worker0:
                image: app:1.2
              worker1:
                image: app:1.2

            """)
    }

    func testComposeWithEmptyAnswers() {
        let data = answers(["VERSION": "2.0", "PUBLISH": "false", "EXTRA_ARGS": "", "PULL": "", "SCALE": "0"])
        XCTAssertEqual(renderGoTemplate(compose, data), """
            version: '2'
            services:
              app:
                image: app:2.0
                labels:
                  io.rancher.container.pull_image: missing

            """)
    }

    /// Rancher's own `splitPreserveQuotes` keeps the quote characters and appends the last rune to the last piece.
    func testSplitPreserveQuotesMatchesRancher() {
        XCTAssertEqual(TemplateFunctions.splitPreserveQuotes("--a --b='c d' --e='f'"), ["--a", "--b='c d'", "--e='f'"])
        XCTAssertEqual(TemplateFunctions.splitPreserveQuotes("--a --b=\"c d\" --e=\"f\""),
                       ["--a", "--b=\"c d\"", "--e=\"f\""])
        XCTAssertEqual(TemplateFunctions.splitPreserveQuotes("a  b"), ["a", "", "b"])
        XCTAssertEqual(TemplateFunctions.splitPreserveQuotes("a b "), ["a", "b "])
        XCTAssertEqual(TemplateFunctions.splitPreserveQuotes(""), [])
        XCTAssertEqual(TemplateFunctions.splitPreserveQuotes("a é"), ["a"])
    }

    /// `index` on a missing key of an all-string map yields "" (Go's zero value for `map[string]string`),
    /// while a `.Field` lookup of the same key prints `<no value>`.
    func testIndexOnMissingValuesKey() {
        let data = answers(["A": "1"])
        XCTAssertEqual(renderGoTemplate("[{{ index .Values \"B\" }}] [{{ .Values.B }}]", data), "[] [<no value>]")
        XCTAssertEqual(renderGoTemplate("[{{ index (dict \"a\" 1) \"b\" }}]", data), "[<no value>]")
    }

    /// Values built inside a template cannot nest deeply enough to endanger the stack.
    func testNestedListLimit() {
        let text = "{{ $x := list }}{{ range until 200 }}{{ $x = list $x }}{{ end }}{{ len $x }}"
        XCTAssertEqual(goTemplateError(text)?.message,
                       "error calling list: lists and dicts may not nest more than 100 levels")
    }

    /// A parsed template renders the same way each time and with different data.
    func testParseOnceRenderMany() throws {
        let template = try GoTemplate(name: "many", text: "{{ .Values.A | upper }}")
        XCTAssertEqual(try template.render(answers(["A": "x"])), "X")
        XCTAssertEqual(try template.render(answers(["A": "y"])), "Y")
        XCTAssertEqual(try template.render(answers(["A": "x"])), "X")
    }
}
