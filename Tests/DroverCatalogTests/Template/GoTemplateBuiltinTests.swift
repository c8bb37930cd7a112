import XCTest
@testable import DroverCatalog

// Expected outputs are Go 1.19 text/template's (with sprig's semantics) for GoTemplateFixture.data.

/// Go's predefined functions: comparisons, logic, len, index, slice, print and the escapers.
final class GoTemplateBuiltinTests: XCTestCase {
    /// `eq` with several arguments, `ne`, `lt`, `le`, `gt`, `ge`.
    func testComparisons() {
        assertGoTemplateRenders([
            (
                "{{eq .Values.Y \"a\" \"yv\"}} {{eq 1 2 3 1}} {{eq .Values.MISSING \"x\"}} {{eq .Values.MISSING .Values.NULL}}",
                "true true false true"
            ),
            (
                "{{eq true true}} {{eq \"a\" \"a\"}} {{ne 1 2}} {{ne \"a\" \"a\"}} {{eq 1.5 1.5}}",
                "true true true false true"
            ),
            ("{{ne nil nil}} {{eq nil nil}} {{eq nil 1}}", "false true false"),
            (
                "{{lt 1 2}} {{le 2 2}} {{gt \"b\" \"a\"}} {{ge 1.5 2.5}} {{lt \"a\" \"b\"}} {{le 3 2}}",
                "true true true false true false"
            ),
        ])
    }

    /// `and`/`or` return the deciding argument and short-circuit; `not` negates truth.
    func testAndOrNot() {
        assertGoTemplateRenders([
            ("{{or .Values.EMPTY .Values.Y}} {{and .Values.Y .Values.EMPTY}} {{and 1 2}} {{or 0 \"\"}}", "yv  2 "),
            ("{{and 1 0 2}} {{or 0 nil \"\" 3}} {{and \"a\" \"b\"}} {{and nil 1}}", "0 3 b <no value>"),
            ("{{1 | and 2}} {{0 | or 0}} {{0 | and 1}}", "1 0 0"),
            ("{{and 0 (index nil 1)}} {{or 1 (index nil 1)}}", "0 1"),
            ("{{not 0}} {{not \"a\"}} {{not .Values.LIST}} {{not nil}}", "true false false true"),
        ])
    }

    /// `len` counts bytes, items or entries; `index` and `slice` reach into values.
    func testLenIndexSlice() {
        assertGoTemplateRenders([
            ("{{len \"héllo\"}} {{len .Values.LIST}} {{len .Values.MAP}}", "6 2 2"),
            ("{{index .Values.LIST 1}} {{index .Values.MAP \"k\"}} {{index \"abc\" 1}}", "b v 98"),
            ("{{index (list (list 1 2) (list 3 4)) 1 0}} {{index (dict \"a\" (dict \"b\" \"c\")) \"a\" \"b\"}}", "3 c"),
            (
                "{{slice \"abcdef\" 1 3}} {{slice .Values.NUMS 1}} {{slice .Values.NUMS}} {{slice (list 1 2 3) 0 1 2}}",
                "bc [2 3] [1 2 3] [1]"
            ),
        ])
    }

    /// `print` spaces non-string neighbours, `println` always spaces and ends the line.
    func testPrintFunctions() {
        assertGoTemplateRenders([
            (
                "{{print 1 2 \"a\" \"b\" 3 nil .Values.MISSING}}|{{println 1 \"a\"}}|{{print}}",
                "1 2ab3 <nil> <nil>|1 a\n|"
            ),
            ("{{print \"a\" 1 2 \"b\" 3.5 true false}}", "a1 2b3.5 true false"),
            ("{{print 1 (list 2) (dict \"a\" 1)}}", "1 [2] map[a:1]"),
        ])
    }

    /// `html`, `js` and `urlquery`.
    func testEscapers() {
        assertGoTemplateRenders([
            ("{{html \"<a href='x'>&\\\"\"}}", "&lt;a href=&#39;x&#39;&gt;&amp;&#34;"),
            ("{{js \"a'b\\\"c<>&=\\n\"}}", "a\\'b\\\"c\\u003C\\u003E\\u0026\\u003D\\u000A"),
            ("{{urlquery \"a b&c=d/é\"}}", "a+b%26c%3Dd%2F%C3%A9"),
            ("{{html .Values.MISSING}} {{html 1 2}}", "&lt;no value&gt; 1 2"),
        ])
    }

    /// Wrong argument counts, types and values fail like Go.
    func testBuiltinFailures() {
        assertGoTemplateExecutionFails([
            ("{{eq}}", "wrong number of args for eq: want at least 1 got 0"),
            ("{{eq 1}}", "error calling eq: missing argument for comparison"),
            ("{{eq 1 \"1\"}}", "error calling eq: incompatible types for comparison"),
            ("{{eq 1 1.0}}", "error calling eq: incompatible types for comparison"),
            ("{{eq .Values.LIST .Values.LIST}}", "error calling eq: non-comparable type [a b]: []interface {}"),
            ("{{ne 1 \"a\"}}", "error calling ne: incompatible types for comparison"),
            ("{{lt 1 \"a\"}}", "error calling lt: incompatible types for comparison"),
            ("{{lt true false}}", "error calling lt: invalid type for comparison"),
            ("{{lt .Values.MISSING 1}}", "error calling lt: invalid type for comparison"),
            ("{{and}}", "wrong number of args for and: want at least 1 got 0"),
            ("{{not}}", "wrong number of args for not: want 1 got 0"),
            ("{{not 1 2}}", "wrong number of args for not: want 1 got 2"),
            ("{{len 3}}", "error calling len: len of type int"),
            ("{{len .Values.MISSING}}", "error calling len: reflect: call of reflect.Value.Type on zero Value"),
            ("{{index .Values.LIST 2}}", "error calling index: reflect: slice index out of range"),
            ("{{index .Values.LIST 5}}", "error calling index: index out of range: 5"),
            ("{{index .Values.LIST \"a\"}}", "error calling index: cannot index slice/array with type string"),
            ("{{index .Values.MAP 1}}", "error calling index: value has type int; should be string"),
            ("{{index nil 1}}", "error calling index: index of untyped nil"),
            ("{{index .Values.INT 1}}", "error calling index: can't index item of type int"),
            ("{{slice \"abc\" 2 1}}", "error calling slice: invalid slice index: 2 > 1"),
            ("{{slice 5}}", "error calling slice: can't slice item of type int"),
            ("{{printf}}", "wrong number of args for printf: want at least 1 got 0"),
            ("{{printf 1}}", "expected string; found 1"),
        ])
    }
}
