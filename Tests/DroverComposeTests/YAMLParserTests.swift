@testable import DroverCompose
import DroverModel
import XCTest

final class YAMLParserTests: XCTestCase {
    private func parse(_ text: String) throws -> (YAMLNode, [Diagnostic]) {
        var parser = YAMLParser(file: "t.yml")
        let node = try parser.parse(text)
        return (node, parser.warnings)
    }

    func testPositionsAndStyles() throws {
        let (root, _) = try parse("a: plain\nb:\n  - 'single'\n  - \"double\"\nc: |\n  literal\nd: >\n  folded\n")
        XCTAssertEqual(root["a"]?.line, 1)
        XCTAssertEqual(root["a"]?.column, 4)
        XCTAssertEqual(root["b"]?.sequence?[1].line, 4)
        XCTAssertEqual(root["b"]?.sequence?[1].column, 5)
        XCTAssertEqual(root["b"]?.sequence?[0].content, .scalar("single", .singleQuoted, tag: nil))
        XCTAssertEqual(root["c"]?.content, .scalar("literal\n", .literal, tag: nil))
        XCTAssertEqual(root["d"]?.content, .scalar("folded\n", .folded, tag: nil))
        XCTAssertEqual(root.mapping?.map(\.key), ["a", "b", "c", "d"])
    }

    func testYAML11TypesAsPyYAML() throws {
        let (root, _) = try parse("""
        y: yes
        n: no
        on: on
        off: OFF
        port: 80:80
        sexagesimal: 22:22
        octal: 0755
        quoted: 'yes'
        float: 1.5
        null1: ~
        null2:
        str: 1.2.3
        """)
        XCTAssertEqual(root["y"]?.scalarType, .bool(true))
        XCTAssertEqual(root["n"]?.scalarType, .bool(false))
        XCTAssertEqual(root["on"]?.scalarType, .bool(true))
        XCTAssertEqual(root["off"]?.scalarType, .bool(false))
        XCTAssertEqual(root["port"]?.scalarType, .string)
        XCTAssertEqual(root["sexagesimal"]?.scalarType, .int(1342))
        XCTAssertEqual(root["octal"]?.scalarType, .int(493))
        XCTAssertEqual(root["quoted"]?.scalarType, .string)
        XCTAssertEqual(root["float"]?.scalarType, .float(1.5))
        XCTAssertEqual(root["null1"]?.scalarType, .null)
        XCTAssertEqual(root["null2"]?.scalarType, .null)
        XCTAssertEqual(root["str"]?.scalarType, .string)
        XCTAssertEqual(root["y"]?.plainValue, "true")
    }

    func testAnchorsAliasesAndMergeKeys() throws {
        let (root, _) = try parse("""
        base: &base
          image: busybox
          tty: true
        extra: &extra
          tty: false
          user: root
        web:
          <<: [*base, *extra]
          image: nginx
        copy: *base
        """)
        XCTAssertEqual(root["web"]?["image"]?.scalarText, "nginx")
        XCTAssertEqual(root["web"]?["tty"]?.scalarType, .bool(true))
        XCTAssertEqual(root["web"]?["user"]?.scalarText, "root")
        XCTAssertEqual(root["copy"]?["image"]?.scalarText, "busybox")
    }

    func testDuplicateKeysLastWinsWithWarning() throws {
        let (root, warnings) = try parse("a: 1\nb: 2\na: 3\n")
        XCTAssertEqual(root["a"]?.scalarText, "3")
        XCTAssertEqual(warnings.map(\.description), ["t.yml:3:1: warning: a: duplicate key (also at line 1); the last one wins"])
    }

    func testMultipleDocumentsAreAnError() {
        XCTAssertThrowsError(try parse("a: 1\n---\nb: 2\n")) { error in
            let diagnostic = (error as! YAMLParser.Failure).diagnostic
            XCTAssertEqual(diagnostic.line, 2)
            XCTAssertTrue(diagnostic.message.contains("second one"), diagnostic.message)
        }
    }

    func testSyntaxErrorIsLocated() {
        XCTAssertThrowsError(try parse("a:\n  b: [1, 2\nc: 3\n")) { error in
            let diagnostic = (error as! YAMLParser.Failure).diagnostic
            XCTAssertEqual(diagnostic.file, "t.yml")
            XCTAssertEqual(diagnostic.line, 3)
            XCTAssertTrue(diagnostic.message.hasPrefix("invalid YAML"), diagnostic.message)
        }
    }

    func testEmptyDocumentIsNull() throws {
        let (root, _) = try parse("# only a comment\n")
        XCTAssertTrue(root.isNull)
    }

    func testNonASCIIAndMissingFinalNewlineAndTabs() throws {
        let (root, _) = try parse("name: \"Café ☕\"\nlast: value\t")
        XCTAssertEqual(root["name"]?.scalarText, "Café ☕")
        XCTAssertEqual(root["last"]?.scalarText, "value")
    }
}
