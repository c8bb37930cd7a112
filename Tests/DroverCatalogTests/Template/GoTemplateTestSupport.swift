import XCTest
@testable import DroverCatalog

/// The data the table-driven template tests render against, shaped like Rancher's `.Values` and `.Stack`.
enum GoTemplateFixture {
    static let data: TemplateValue = .map([
        "Values": .map([
            "ENABLE": .string("true"),
            "MODE": .string("external"),
            "X": .string("false"),
            "Y": .string("yv"),
            "EMPTY": .string(""),
            "COUNT": .string("3"),
            "P": .string("/abs"),
            "REL": .string("rel/x"),
            "ARGS": .string("--a --b='c d' --e=\"f\"  g"),
            "NAME": .string("web"),
            "PORT": .string("8080"),
            "LIST": .list([.string("a"), .string("b")]),
            "NUMS": .list([.int(1), .int(2), .int(3)]),
            "MAP": .map(["k": .string("v"), "a": .string("x")]),
            "INT": .int(7),
            "FLOAT": .float(1.5),
            "BOOL": .bool(true),
            "NULL": .null,
        ]),
        "Stack": .map(["Name": .string("st")]),
    ])
}

/// Parses and renders `text`, reporting any error as a test failure.
func renderGoTemplate(_ text: String, _ data: TemplateValue = GoTemplateFixture.data, name: String = "t",
                    file: StaticString = #filePath, line: UInt = #line) -> String? {
    do {
        return try GoTemplate(name: name, text: text).render(data)
    } catch {
        XCTFail("\(text.debugDescription) failed: \(error)", file: file, line: line)
        return nil
    }
}

/// The error parsing or rendering `text` raises, or nil (and a test failure) when it succeeds.
func goTemplateError(_ text: String, _ data: TemplateValue = GoTemplateFixture.data, name: String = "t",
                   file: StaticString = #filePath, line: UInt = #line) -> TemplateError? {
    do {
        let output = try GoTemplate(name: name, text: text).render(data)
        XCTFail("\(text.debugDescription) rendered \(output.debugDescription) instead of failing", file: file, line: line)
    } catch {
        return error
    }
    return nil
}

/// Asserts each template renders to its expected output.
func assertGoTemplateRenders(_ cases: [(template: String, expected: String)], data: TemplateValue = GoTemplateFixture.data,
                   file: StaticString = #filePath, line: UInt = #line) {
    for (template, expected) in cases {
        guard let output = renderGoTemplate(template, data, file: file, line: line) else { continue }
        XCTAssertEqual(output, expected, "template \(template.debugDescription)", file: file, line: line)
    }
}

/// Asserts each template parses but fails at execution with the expected message.
func assertGoTemplateExecutionFails(_ cases: [(template: String, message: String)], data: TemplateValue = GoTemplateFixture.data,
                          file: StaticString = #filePath, line: UInt = #line) {
    for (template, message) in cases {
        let parsed: GoTemplate
        do {
            parsed = try GoTemplate(name: "t", text: template)
        } catch {
            XCTFail("\(template.debugDescription) did not parse: \(error)", file: file, line: line)
            continue
        }
        do {
            let output = try parsed.render(data)
            XCTFail("\(template.debugDescription) rendered \(output.debugDescription)", file: file, line: line)
        } catch {
            XCTAssertEqual(error.message, message, "template \(template.debugDescription)", file: file, line: line)
            XCTAssertFalse(error.action.isEmpty, "template \(template.debugDescription)", file: file, line: line)
        }
    }
}
