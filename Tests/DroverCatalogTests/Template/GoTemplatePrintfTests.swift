import XCTest
@testable import DroverCatalog

// Expected outputs are Go 1.19 text/template's (with sprig's semantics) for GoTemplateFixture.data.

/// `printf` verbs, flags, width and precision as Go's fmt formats them.
final class GoTemplatePrintfTests: XCTestCase {
    /// %s, %q, %v and %x on strings with precision, width and flags.
    func testStringVerbs() {
        assertGoTemplateRenders([
            ("{{printf \"%.1s\" .Values.P}}|{{printf \"%.1s\" .Values.REL}}", "/|r"),
            ("{{printf \"%-5s|%5s|%.2s\" \"ab\" \"é\" \"日本語\"}}", "ab   |    é|日本"),
            ("{{printf \"%q %#q %+q\" \"a\\\"b\\n\" \"a`b\" \"é\"}}", "\"a\\\"b\\n\" \"a`b\" \"\\u00e9\""),
            ("{{printf \"%6.2v|%x|% x|%X\" \"abcdef\" \"hi\" \"hi\" \"hi\"}}", "    ab|6869|68 69|6869"),
            ("{{printf \"%05s\" \"ab\"}}", "000ab"),
        ])
    }

    /// %d with width, zero padding and signs; other bases and characters.
    func testIntegerVerbs() {
        assertGoTemplateRenders([
            ("{{printf \"%5d|%-5d|%05d|%+d|% d\" 42 42 -42 5 5}}", "   42|42   |-0042|+5| 5"),
            ("{{printf \"%x|%X|%o|%b|%#x|%#o|%#b\" 255 255 8 5 255 8 5}}", "ff|FF|10|101|0xff|010|0b101"),
            ("{{printf \"%c|%q|%U|%#U\" 65 65 0x1F600 0x1F600}}", "A|'A'|U+1F600|U+1F600 '😀'"),
            ("{{printf \"%.3d|%8.3d|%-8.3d|%.0d|%5.0d|\" 5 -5 5 0 0}}", "005|    -005|005     ||     |"),
        ])
    }

    /// %f, %e, %g and %v on floats, including Go's shortest %v form.
    func testFloatVerbs() {
        assertGoTemplateRenders([
            (
                "{{printf \"%.2f|%5.2f|%-8.3e|%+.1f|%08.3f\" 3.14159 3.14159 1234.5 -2.55 -3.14159}}",
                "3.14| 3.14|1.234e+03|-2.5|-003.142"
            ),
            ("{{printf \"%g|%G|%e|%E\" 0.000012345 1e21 0.0 1e-10}}", "1.2345e-05|1E+21|0.000000e+00|1.000000E-10"),
            (
                "{{printf \"%.0f %.0f %.0f %.3g %.10g %g %g %v\" 0.5 1.5 2.5 1234567.0 0.1 100000.0 1e-5 1e20}}",
                "0 2 2 1.23e+06 0.1 100000 1e-05 1e+20"
            ),
            ("{{printf \"%v %v %v %.2v\" 1e21 123456.0 1e-4 3.14159}}", "1e+21 123456 0.0001 3.1"),
            (
                "{{printf \"%x|%X|%b|%#g|%#.3x|%#v|%#.0f\" 3.5 -2.5 1.0 1.0 1e21 1.5 2.0}}",
                "0x1.cp+01|-0X1.4P+01|4503599627370496p-52|1.00000|0x1.b1bp+69|1.5|2."
            ),
        ])
    }

    /// %t, %T, %v on lists and maps, argument indexes and `*` widths.
    func testOtherVerbsAndOperands() {
        assertGoTemplateRenders([
            ("{{printf \"%t|%5t|%-6t|\" true false true}}", "true|false|true  |"),
            (
                "{{printf \"%T %T %T %T %T %T\" 1 1.5 \"a\" true .Values.LIST .Values.MISSING}}",
                "int float64 string bool []interface {} <nil>"
            ),
            (
                "{{printf \"%v %v %v %v %v\" .Values.LIST .Values.MAP .Values.FLOAT .Values.BOOL .Values.MISSING}}",
                "[a b] map[a:x k:v] 1.5 true <nil>"
            ),
            (
                "{{printf \"%#v %#v %#v\" \"s\" .Values.LIST .Values.MAP}}",
                "\"s\" []interface {}{\"a\", \"b\"} map[string]interface {}{\"a\":\"x\", \"k\":\"v\"}"
            ),
            ("{{printf \"%[2]d %[1]d\" 1 2}} {{printf \"%*d|%-*d|%.*f\" 5 1 4 2 2 3.14159}}", "2 1     1|2   |3.14"),
        ])
    }

    /// Wrong verbs, missing and extra operands produce Go's `%!` diagnostics in the output.
    func testMismatchesLikeGo() {
        assertGoTemplateRenders([
            ("{{printf \"%d %s\" \"x\" 5}}", "%!d(string=x) %!s(int=5)"),
            ("{{printf \"%d\"}}", "%!d(MISSING)"),
            ("{{printf \"%d\" 1 2}}", "1%!(EXTRA int=2)"),
            ("{{printf \"%!\"}}", "%!!(MISSING)"),
            ("{{printf \"%\"}}", "%!(NOVERB)"),
            ("{{printf \"%z\" 1}}", "%!z(int=1)"),
            (
                "{{printf \"%s %d %t\" .Values.LIST .Values.LIST .Values.LIST}}",
                "[a b] [%!d(string=a) %!d(string=b)] [%!t(string=a) %!t(string=b)]"
            ),
            (
                "{{printf \"%s\" .Values.MISSING}} {{printf \"%d\" nil}} {{printf \"%v\" nil}}",
                "%!s(<nil>) %!d(<nil>) <nil>"
            ),
            (
                "{{printf \"%d\" 1.5}} {{printf \"%f\" 1}} {{printf \"%s\" true}} {{printf \"%5d\" \"ab\"}}",
                "%!d(float64=1.5) %!f(int=1) %!s(bool=true) %!d(string=   ab)"
            ),
            ("{{printf \"%[3]d\" 1 2}} {{printf \"%.*d %*d\" \"x\" 1 -3 2}}", "%!d(BADINDEX) %!(BADPREC)1 2  "),
            ("{{printf \"%d %d\" 1 2 3 \"x\" nil}}", "1 2%!(EXTRA int=3, string=x, <nil>)"),
        ])
    }
}
