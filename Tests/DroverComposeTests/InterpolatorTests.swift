@testable import DroverCompose
import XCTest

final class InterpolatorTests: XCTestCase {
    private let source = VariableSource(answers: ["A": "answer", "EMPTY": ""], envFile: ["A": "file", "B": "file-b"],
                                        environment: ["A": "env", "B": "env-b", "C": "env-c"])

    private func run(_ text: String) -> (String?, [Interpolator.Problem]) {
        var problems: [Interpolator.Problem] = []
        let result = Interpolator(source: source).interpolate(text, problems: &problems)
        return (result, problems)
    }

    func testForms() {
        let cases: [(String, String)] = [
            ("${A}", "answer"), ("$A", "answer"), ("x${B}y", "xfile-by"), ("$C-$C", "env-c-env-c"),
            ("${MISSING:-def}", "def"), ("${EMPTY:-def}", "def"), ("${EMPTY-def}", ""), ("${MISSING-def}", "def"),
            ("${A:?must}", "answer"), ("$${stack_name}", "${stack_name}"), ("a$$b", "a$b"), ("${A}${B}", "answerfile-b"),
        ]
        for (input, expected) in cases {
            let (result, problems) = run(input)
            XCTAssertEqual(result, expected, input)
            XCTAssertEqual(problems, [], input)
        }
    }

    func testNoDollarIsUntouched() {
        XCTAssertNil(run("plain text").0)
    }

    func testUnsetBecomesEmptyWithProblem() {
        let (result, problems) = run("a${MISSING}b")
        XCTAssertEqual(result, "ab")
        XCTAssertEqual(problems, [.unset("MISSING")])
    }

    func testRequiredVariables() {
        XCTAssertEqual(run("${MISSING:?set MISSING please}").1, [.required("MISSING", message: "set MISSING please")])
        XCTAssertEqual(run("${EMPTY?x}").1, [])
        XCTAssertEqual(run("${EMPTY:?x}").1, [.required("EMPTY", message: "x")])
    }

    func testInvalidFormats() {
        XCTAssertEqual(run("${unclosed").1, [.invalidFormat("${unclosed")])
        XCTAssertEqual(run("${}").1, [.invalidFormat("${}")])
        XCTAssertEqual(run("cost: 5$").1, [.invalidFormat("cost: 5$")])
        XCTAssertEqual(run("${A#x}").1, [.invalidFormat("${A#x}")])
    }
}
