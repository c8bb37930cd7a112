import Foundation
import TestSupport
import XCTest
@testable import DroverCatalog

/// Arbitrary input never crashes or hangs; resource limits fail cleanly; big inputs render in linear time.
final class GoTemplateRobustnessTests: XCTestCase {
    private static let fragments = [
        "{{", "}}", "{{- ", " -}}", " ", "\n", "if ", "else", "end", "range ", "with ", ".Values.Y", ".Values.LIST",
        "$x", "$", ":=", "=", "|", "(", ")", "\"", "'", "`", "1", "-2", "0x", "1e", "eq ", "printf ", "\"%d\"",
        "\"%.1s\"", "/*", "*/", ",", ".", "define ", "template ", "block ", "break", "continue", "nil", "true",
        "until ", "atoi ", "index ", "len ", "and ", "or ", "not ", "é", "\\", "#", "\"a\"", "splitPreserveQuotes ",
    ]

    /// Parses and, when that succeeds, renders; either may fail but must return.
    private func exercise(_ text: String) {
        guard let template = try? GoTemplate(name: "fuzz", text: text) else { return }
        _ = try? template.render(GoTemplateFixture.data)
    }

    func testRandomFragmentsNeverCrash() {
        var generator = SeededRandom(seed: 2024)
        for _ in 0..<4000 {
            let count = Int.random(in: 1...30, using: &generator)
            let text = (0..<count).map { _ in Self.fragments.randomElement(using: &generator) ?? "" }.joined()
            exercise(text)
        }
    }

    func testRandomBytesNeverCrash() {
        var generator = SeededRandom(seed: 7)
        let alphabet = Array("{}-/*$.:=|()\"'`\\ \n\tabcxyz019%eif,é日")
        for _ in 0..<2000 {
            let count = Int.random(in: 0...40, using: &generator)
            exercise(String((0..<count).map { _ in alphabet.randomElement(using: &generator) ?? " " }))
        }
    }

    func testEveryTruncationOfARealTemplateNeverCrashes() {
        let text = """
            {{- define "x" }}{{ . | printf "%5.2q" }}{{ end -}}
            services:
            {{- range $i, $e := until (atoi .Values.COUNT) }}
              node{{$i}}: {{ template "x" $e }} {{/* comment */}}
            {{- else if ne .Values.Y "" }}{{ end }}
            {{- with $v := index .Values.MAP "k" }}{{ $v }}{{ else }}'c'{{ end }}
              cmd: {{ if ne (printf "%.1s" .Values.P) "/" }}rel{{ end }} `raw` {{ 0x1F }} {{ -1.5e3 }}
            """
        let scalars = Array(text.unicodeScalars)
        for length in 0...scalars.count {
            exercise(String(String.UnicodeScalarView(scalars[0..<length])))
        }
    }

    func testNestingLimitsFailCleanly() {
        let deepParens = "{{" + String(repeating: "(", count: 150) + "1" + String(repeating: ")", count: 150) + "}}"
        XCTAssertEqual(goTemplateError(deepParens)?.message, "template nesting exceeds 100 levels")
        let deepIfs = String(repeating: "{{if 1}}", count: 150) + "x" + String(repeating: "{{end}}", count: 150)
        XCTAssertEqual(goTemplateError(deepIfs)?.message, "template nesting exceeds 100 levels")
        let allowed = String(repeating: "{{if 1}}", count: 99) + "x" + String(repeating: "{{end}}", count: 99)
        XCTAssertEqual(renderGoTemplate(allowed), "x")
    }

    func testRunawayTemplatesFailCleanly() {
        let recursive = "{{define \"a\"}}{{template \"a\"}}{{end}}{{template \"a\"}}"
        XCTAssertEqual(goTemplateError(recursive)?.message, "exceeded maximum template depth (100)")
        let endless = "{{range until 1000000}}{{range until 1000000}}{{end}}{{end}}"
        XCTAssertEqual(goTemplateError(endless)?.message, "template execution exceeded 1000000 steps")
        XCTAssertEqual(goTemplateError("{{until 2000000}}")?.message,
                       "error calling until: list of 2000000 items exceeds the limit of 1000000")
        let huge = "{{range until 10}}{{printf \"%9000000d\" 1}}{{end}}"
        XCTAssertEqual(goTemplateError(huge)?.message, "template output exceeds 16777216 bytes")
    }

    /// Templates nested up to the limits must not exhaust a small (1 MiB) thread stack, even in debug builds.
    func testDeepNestingFitsASmallStack() {
        let nested = String(repeating: "{{if 1}}", count: 50)
            + "{{" + String(repeating: "(", count: 49) + "print 1" + String(repeating: ")", count: 49) + "}}"
            + String(repeating: "{{end}}", count: 50)
        let finished = expectation(description: "rendered on a small stack")
        let output = OutputBox()
        let thread = Thread {
            output.value = try? GoTemplate(name: "deep", text: nested).render(.null)
            finished.fulfill()
        }
        thread.stackSize = 1 << 20
        thread.start()
        wait(for: [finished], timeout: 30)
        XCTAssertEqual(output.value, "1")
    }

    /// Rendering time grows linearly with the template size.
    func testLargeTemplateRendersQuickly() throws {
        let block = "  svc{{.Values.NAME}}:\n    image: {{ if eq .Values.ENABLE \"true\" }}x{{ else }}y{{ end }}\n"
        let text = String(repeating: block, count: 5000)
        let start = Date()
        let output = try GoTemplate(name: "big", text: text).render(GoTemplateFixture.data)
        XCTAssertEqual(output.utf8.count, 5000 * "  svcweb:\n    image: x\n".utf8.count)
        XCTAssertLessThan(Date().timeIntervalSince(start), 5)
    }

    /// A parsed template can be rendered concurrently from several threads.
    func testConcurrentRendering() throws {
        let template = try GoTemplate(name: "shared", text: "{{range until 100}}{{.}}{{end}}")
        let expected = (0..<100).map(String.init).joined()
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            XCTAssertEqual(try? template.render(.null), expected)
        }
    }
}

/// Carries a result out of a thread closure.
private final class OutputBox: @unchecked Sendable {
    var value: String?
}
