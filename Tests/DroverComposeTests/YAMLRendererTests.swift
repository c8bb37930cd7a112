@testable import DroverCompose
import XCTest

/// `YAMLRenderer`: rendered text parses back to the same values and types.
final class YAMLRendererTests: XCTestCase {
    /// Renders `text`'s tree, parses it again, and checks every value, type and scalar text survived.
    private func assertRoundTrip(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let original = try parseYAML(text)
        let rendered = YAMLRenderer.render(original)
        let reparsed: YAMLNode
        do {
            reparsed = try parseYAML(rendered)
        } catch {
            return XCTFail("rendered text does not parse: \(error.diagnostic)\n\(rendered)", file: file, line: line)
        }
        XCTAssertEqual(yamlValue(reparsed, exact: true), yamlValue(original, exact: true), rendered, file: file, line: line)
        XCTAssertEqual(YAMLRenderer.render(reparsed), rendered, "rendering is stable", file: file, line: line)
    }

    func testStringsThatLookLikeOtherTypesStayStrings() throws {
        try assertRoundTrip("""
        - 'yes'
        - "No"
        - 'on'
        - '1.0'
        - '010'
        - '0x1F'
        - '1_000'
        - '1:20'
        - '.inf'
        - '~'
        - 'null'
        - ''
        - 'true'
        - ':'
        - '-'
        - '?'
        - '- a'
        - 'a: b'
        - 'a #b'
        - '#x'
        - '@x'
        - '`x'
        - '%x'
        - '!x'
        - '&x'
        - '*x'
        - '[x]'
        - '{x}'
        - '|x'
        - '>x'
        - 'x:'
        - '---'
        - '...'
        - ' leading'
        - 'trailing '
        - "tab\\there"
        - "quote\\"s and 'single'"
        - "back\\\\slash"
        - "control\\x01\\x7f\\u0085\\u2028\\ufeff"
        - "héllo ✓ 日本"
        - 80:80
        - http://example.com/a?b=c#d
        - a#b
        """)
    }

    func testDollarTextIsKeptForTheReader() throws {
        let root = try parseYAML("a: ${TAG:-latest}\nb: '$$HOME and $$$$'\nc: \"${X:?need \\\"X\\\"}\"\n")
        let rendered = YAMLRenderer.render(root)
        XCTAssertEqual(rendered, "a: ${TAG:-latest}\nb: $$HOME and $$$$\nc: ${X:?need \"X\"}\n")
        try assertRoundTrip(rendered)
    }

    func testTypedScalarsKeepTheirTypeAndText() throws {
        try assertRoundTrip("""
        int: 42
        negative: -7
        octal: 010
        hex: 0x1F
        sexagesimal: 1:20
        float: 1.5
        exponent: 6.02e+23
        infinity: -.inf
        nan: .nan
        yes: yes
        off: Off
        tilde: ~
        empty:
        word: null
        tagged_string: !!str 123
        tagged_int: !!int "012"
        tagged_bool: !!bool "yes"
        """)
    }

    func testMultiLineStrings() throws {
        try assertRoundTrip("""
        clip: |
          line one
            indented
        
          after a blank line
        strip: |-
          no final newline
        keep: |+
          two final newlines
        
        folded: >
          folded
          text
        quoted: "first\\n  second\\n"
        leading_blank: "\\nstarts with a newline"
        leading_space: "  two spaces\\nthen a line"
        carriage: "a\\r\\nb"
        list:
          - |
            in a list
          - key: |
              in a list's mapping
            other: value
        """)
        let rendered = YAMLRenderer.render(try parseYAML("a: \"x\\ny\\n\"\n"))
        XCTAssertEqual(rendered, "a: |\n  x\n  y\n")
    }

    func testCollectionsAndKeys() throws {
        try assertRoundTrip("""
        empty_map: {}
        empty_list: []
        nested:
          - [a, [b, c], []]
          - {x: 1, y: {z: [1, 2]}}
          - - inner
            - list
        "yes": key that looks like a boolean
        "1": numeric key
        "<<": not a merge key
        "a b": spaced key
        "k: v": colon key
        "": empty key
        "multi\\nline": key
        """)
        let rendered = YAMLRenderer.render(try parseYAML("l:\n  - a: 1\n    b: [x]\n  - []\n"))
        XCTAssertEqual(rendered, "l:\n  - a: 1\n    b:\n      - x\n  - []\n")
    }

    func testKeysLongerThanAnImplicitKeyMayBe() throws {
        let long = String(repeating: "k", count: 1100)
        try assertRoundTrip("? \(long)\n: value\n? \"é \(long)\"\n: {a: [1]}\nlist:\n  - ? \(long)\n    : |\n      text\n    short: x\n")
        XCTAssertTrue(YAMLRenderer.render(try parseYAML("? \(long)\n: v\n")).hasPrefix("? \(long)\n: v\n"))
    }

    func testRootScalarsAndEmptyDocuments() throws {
        XCTAssertEqual(YAMLRenderer.render(try parseYAML("")), "\n")
        XCTAssertEqual(YAMLRenderer.render(try parseYAML("'yes'")), "\"yes\"\n")
        try assertRoundTrip("{}")
        try assertRoundTrip("just text")
    }
}
