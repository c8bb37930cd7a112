import XCTest
@testable import DroverCatalog

// Expected outputs are Go 1.19 text/template's (with sprig's semantics) for GoTemplateFixture.data.

/// The sprig functions Rancher catalogs use, and Rancher's `splitPreserveQuotes`.
final class GoTemplateSprigTests: XCTestCase {
    /// contains (sprig argument order), prefixes, trims, case and replace.
    func testStringFunctions() {
        assertGoTemplateRenders([
            (
                "{{contains \"a\" \"cat\"}} {{contains \"z\" .Values.Y}} {{hasPrefix \"c\" \"cat\"}} {{hasSuffix \"t\" \"cat\"}}",
                "true false true true"
            ),
            (
                "{{trim \"  a b \\n\"}}|{{upper \"abc\"}}|{{lower \"ABC\"}}|{{replace \"a\" \"b\" \"banana\"}}|{{replace \"\" \"-\" \"abc\"}}",
                "a b|ABC|abc|bbnbnb|-a-b-c-"
            ),
            (
                "{{trimAll \"$\" \"$5.00$\"}} {{trimPrefix \"a\" \"abc\"}} {{trimSuffix \"c\" \"abc\"}} {{nospace \" a b \"}} {{indent 2 \"a\\nb\"}}",
                "5.00 bc ab ab   a\n  b"
            ),
            (
                "{{quote \"a\" 1 nil}} {{squote \"a\" 2}} {{toString 5}} {{toString .Values.LIST}} {{cat 1 \"a\" nil}}",
                "\"a\" \"1\" \"<nil>\" 'a' '2' 5 [a b] 1 a <nil>"
            ),
            ("{{.Values.NAME | upper | quote}}", "\"WEB\""),
        ])
    }

    /// split returns a map of _N keys, splitList a list; join joins any list.
    func testSplitAndJoin() {
        assertGoTemplateRenders([
            (
                "{{split \",\" \"a,b,c\"}} {{(split \",\" \"a,b\")._1}} [{{index (split \",\" \"a\") \"_5\"}}]",
                "map[_0:a _1:b _2:c] b []"
            ),
            ("{{splitList \",\" \"a,,b\"}} {{splitList \"\" \"abc\"}}", "[a  b] [a b c]"),
            (
                "{{join \",\" .Values.LIST}} {{join \"-\" (splitList \",\" \"a,b\")}} {{join \",\" 5}} {{join \",\" (until 3)}}",
                "a,b a-b 5 0,1,2"
            ),
        ])
    }

    /// Rancher's splitter keeps quoted parts (quotes included) together.
    func testSplitPreserveQuotes() {
        assertGoTemplateRenders([
            ("{{range splitPreserveQuotes .Values.ARGS}}<{{.}}>{{end}}", "<--a><--b='c d'><--e=\"f\"><><g>"),
            ("{{splitPreserveQuotes \"--a\"}}", "[--a]"),
            ("{{splitPreserveQuotes \"--a --b\"}}", "[--a --b]"),
            ("{{len (splitPreserveQuotes \"\")}}", "0"),
            ("{{splitPreserveQuotes \"a b \"}}", "[a b ]"),
            ("{{range splitPreserveQuotes \"x 'y z' \\\"w v\\\"\"}}<{{.}}>{{end}}", "<x><'y z'><\"w v\">"),
        ])
    }

    /// atoi, int, float64, until, arithmetic.
    func testConversionsAndMath() {
        assertGoTemplateRenders([
            ("{{atoi \"12\"}} {{atoi \"x\"}} {{atoi \"-5\"}} {{atoi .Values.PORT}}", "12 0 -5 8080"),
            ("{{until 3.0}} {{until -3}} {{until 0}} {{untilStep 1 10 3}}", "[0 1 2] [0 -1 -2] [] [1 4 7]"),
            (
                "{{int \"12\"}} {{int 3.9}} {{int true}} {{int \"x\"}} {{int -3.9}} {{int64 \"5\"}} {{float64 \"1.5\"}} {{float64 3}}",
                "12 3 1 0 -3 5 1.5 3"
            ),
            (
                "{{add 1 2 \"3\"}} {{add}} {{sub 5 7}} {{mul 2 3 4}} {{div 7 2}} {{mod 7 3}} {{add1 5}} {{max 1 5 3}} {{min 4 2 8}}",
                "6 0 -2 24 3 1 6 5 2"
            ),
            ("{{if gt (atoi .Values.COUNT) 2}}many{{end}}", "many"),
        ])
    }

    /// default, empty, ternary, list, tuple, dict.
    func testDefaultsAndData() {
        assertGoTemplateRenders([
            (
                "{{default \"d\" .Values.EMPTY}} {{default \"d\" .Values.Y}} {{default \"d\"}} {{default \"d\" .Values.MISSING}} {{\"\" | default \"z\"}}",
                "d yv d d z"
            ),
            (
                "{{empty .Values.EMPTY}} {{empty 0}} {{empty .Values.LIST}} {{empty .Values.MISSING}}",
                "true true false true"
            ),
            ("{{ternary \"y\" \"n\" true}} {{ternary \"y\" \"n\" false}} {{true | ternary \"y\" \"n\"}}", "y n y"),
            (
                "{{list 1 \"a\" nil}} {{dict \"a\" 1 \"b\"}} {{(dict \"k\" \"v\").k}} {{tuple 1 2}}",
                "[1 a <nil>] map[a:1 b:] v [1 2]"
            ),
        ])
    }

    /// Typed sprig parameters reject other types like Go's reflection does.
    func testSprigFailures() {
        assertGoTemplateExecutionFails([
            ("{{atoi 5}}", "expected string; found 5"),
            ("{{atoi .Values.MISSING}}", "invalid value; expected string"),
            ("{{atoi .Values.INT}}", "wrong type for value; expected string; got int"),
            ("{{until \"3\"}}", "expected integer; found \"3\""),
            ("{{until 1.5}}", "expected integer; found 1.5"),
            ("{{trim 5}}", "expected string; found 5"),
            ("{{trim nil}}", "cannot assign nil to string"),
            ("{{until nil}}", "cannot assign nil to int"),
            ("{{ternary \"y\" \"n\" 1}}", "expected bool; found 1"),
            ("{{div 1 0}}", "error calling div: runtime error: integer divide by zero"),
            ("{{contains \"a\"}}", "wrong number of args for contains: want 2 got 1"),
        ])
    }
}
