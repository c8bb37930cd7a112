import XCTest
@testable import DroverCatalog

// Expected outputs are Go 1.19 text/template's (with sprig's semantics) for GoTemplateFixture.data.

/// Text, trim markers, comments, literals, variables and control structures.
final class GoTemplateSyntaxTests: XCTestCase {
    /// Text passes through; fields, `$` and `.` evaluate against the data.
    func testPlainTextAndFields() {
        assertGoTemplateRenders([
            ("", ""),
            ("plain text\nwith lines\n", "plain text\nwith lines\n"),
            ("{{.Values.NAME}}:{{.Values.PORT}}", "web:8080"),
            ("{{$.Stack.Name}}", "st"),
            ("{{.Stack.Name}}", "st"),
            (
                "{{.Values.LIST}} {{.Values.MAP}} {{.Values.INT}} {{.Values.FLOAT}} {{.Values.BOOL}}",
                "[a b] map[a:x k:v] 7 1.5 true"
            ),
            ("日本{{.Values.NAME}}é", "日本webé"),
            ("{{\n.Values.NAME\n}}", "web"),
        ])
    }

    /// Missing keys and nulls print `<no value>`, also through further fields.
    func testMissingAndNullValues() {
        assertGoTemplateRenders([
            ("{{.Values.MISSING}}", "<no value>"),
            ("[{{.Values.NULL}}]", "[<no value>]"),
            ("{{.Nope.Deeper.Still}}", "<no value>"),
            ("{{$x := .Values.MISSING}}{{$x}}", "<no value>"),
            ("{{if .Values.MISSING}}t{{else}}f{{end}}", "f"),
            ("{{index .Values \"MISSING\"}}|{{index (dict \"a\" 1) \"zz\"}}", "<no value>|<no value>"),
        ])
    }

    /// `{{- ` and ` -}}` trim all adjacent white space, newlines included.
    func testTrimMarkers() {
        assertGoTemplateRenders([
            ("a  \n {{- .Values.Y -}} \n  b", "ayvb"),
            ("a \t\r\n {{- 1 -}} \t\r\n b", "a1b"),
            ("a\n\n{{- /* x */}}\n\nb", "a\n\nb"),
            ("a\n\n{{/* x */ -}}\n\nb", "a\n\nb"),
            ("x{{-\n1\n-}}y", "x1y"),
            ("x{{-\t1\t-}}y", "x1y"),
            ("{{- 1}}{{2 -}}", "12"),
            ("a {{-1}} b", "a -1 b"),
            ("a {{- -1 -}} b", "a-1b"),
            ("line\n  {{- if true }}\n  kept\n  {{- end }}\nend", "line\n  kept\nend"),
        ])
    }

    /// Comments produce nothing and may carry trim markers.
    func testComments() {
        assertGoTemplateRenders([
            ("a{{/* note */}}b", "ab"),
            ("{{/*c*/}}x{{- /*c2*/ -}} y", "xy"),
            ("{{/* multi\nline */}}z", "z"),
            ("{{- /* a */ -}}", ""),
        ])
    }

    /// String, raw string, character, number, boolean and nil-free literals print like Go.
    func testLiterals() {
        assertGoTemplateRenders([
            ("{{\"a\\tb\\x41\\u00e9\\101\"}}", "a\tbAéA"),
            ("{{`raw\\n`}}", "raw\\n"),
            ("{{'a'}} {{'\\n'}} {{'é'}}", "97 10 233"),
            ("{{true}} {{false}}", "true false"),
            (
                "{{1}} {{-3}} {{+4}} {{1.0}} {{1e3}} {{0x10}} {{0o17}} {{0b101}} {{017}} {{1_000}}",
                "1 -3 4 1 1000 16 15 5 15 1000"
            ),
            (
                "{{.5}} {{1e100}} {{123456789.0}} {{0.0001}} {{0.00001}} {{1000000.0}} {{100000.0}} {{-0.0}} {{0x1p-2}}",
                "0.5 1e+100 1.23456789e+08 0.0001 1e-05 1e+06 100000 -0 0.25"
            ),
            ("{{9223372036854775807}} {{-9223372036854775808}}", "9223372036854775807 -9223372036854775808"),
        ])
    }

    /// `if`, `else if` and `else`, with Go's truth rules.
    func testIfElseChains() {
        assertGoTemplateRenders([
            ("{{if eq .Values.ENABLE \"true\"}}A{{else if eq .Values.X \"true\"}}B{{else}}C{{end}}", "A"),
            ("{{if eq .Values.X \"true\"}}A{{else if ne .Values.Y \"\"}}B{{.Values.Y}}{{else}}C{{end}}", "Byv"),
            ("{{if .Values.EMPTY}}1{{else if .Values.X}}2{{else}}3{{end}}", "2"),
            ("{{if .Values.EMPTY}}1{{else if .Values.NULL}}2{{end}}", ""),
            (
                "{{if 0}}a{{end}}{{if 0.0}}b{{end}}{{if \"\"}}c{{end}}{{if \"0\"}}d{{end}}{{if .Values.LIST}}e{{end}}{{if list}}f{{end}}{{if dict}}g{{end}}",
                "de"
            ),
            ("{{if and .Values.Y .Values.X}}t{{else}}f{{end}}", "t"),
        ])
    }

    /// `range` over lists, maps (sorted keys), `until` and `splitPreserveQuotes`; `with` rebinds dot.
    func testRangeAndWith() {
        assertGoTemplateRenders([
            ("{{range $i, $e := until 3}}[{{$i}}:{{$e}}]{{end}}", "[0:0][1:1][2:2]"),
            ("{{range $i, $e := until (atoi .Values.COUNT)}}n{{$i}}{{end}}", "n0n1n2"),
            (
                "{{range $i, $e := splitPreserveQuotes .Values.ARGS}}{{$i}}=<{{$e}}> {{end}}",
                "0=<--a> 1=<--b='c d'> 2=<--e=\"f\"> 3=<> 4=<g> "
            ),
            ("{{range .Values.LIST}}<{{.}}>{{end}}", "<a><b>"),
            ("{{range $e := .Values.NUMS}}{{$e}},{{end}}", "1,2,3,"),
            ("{{range $k, $v := .Values.MAP}}{{$k}}={{$v}};{{end}}", "a=x;k=v;"),
            ("{{range .Values.MISSING}}x{{else}}empty{{end}}", "empty"),
            (
                "{{range $i, $e := .Values.NUMS}}{{if eq $i 0}}{{continue}}{{end}}{{if eq $i 2}}{{break}}{{end}}{{$e}}{{end}}",
                "2"
            ),
            ("{{range until 2}}{{range until 2}}x{{break}}{{end}}y{{end}}", "xyxy"),
            ("{{with .Values.Y}}w{{.}}{{else}}none{{end}}{{with .Values.EMPTY}}w{{else}}none{{end}}", "wyvnone"),
            ("{{with $x := .Values.Y}}{{$x}}{{.}}{{end}}", "yvyv"),
            ("{{range $i, $e := until 3}}{{$.Stack.Name}}{{end}}", "ststst"),
        ])
    }

    /// Declarations, assignments and Go's block scoping of variables.
    func testVariablesAndScoping() {
        assertGoTemplateRenders([
            ("{{$x := 1}}{{$x}}{{if true}}{{$x = 2}}{{$y := 3}}{{$y}}{{end}}{{$x}}", "132"),
            ("{{$x := \"a\"}}{{range $x := until 2}}{{$x}}{{end}}{{$x}}", "01a"),
            ("{{$i := 9}}{{range $i, $e := until 2}}{{$i}}{{end}}{{$i}}", "019"),
            ("{{$x := 1}}{{with $x := 2}}{{$x}}{{end}}{{$x}}", "21"),
            ("{{$x := 1}}{{if true}}{{$x := 2}}{{$x}}{{end}}{{$x}}", "21"),
            ("{{$dnsImage:=\"rancher/dns:v0.17.4\" }}{{$dnsImage}}", "rancher/dns:v0.17.4"),
            ("{{$m := .Values.MAP}}{{$m.k}} {{$m.missing}}", "v <no value>"),
            ("{{with $x := 0}}a{{else}}{{$x}}{{end}}", "0"),
        ])
    }

    /// The previous command's value is passed as the last argument; parentheses group.
    func testPipelines() {
        assertGoTemplateRenders([
            ("{{\"a\" | printf \"%s-%s\" \"b\"}}", "b-a"),
            ("{{.Values.Y | printf \"%q\"}}", "\"yv\""),
            ("{{.Values.Y | len}}", "2"),
            ("{{.Values.Y | eq \"yv\"}}", "true"),
            ("{{(eq .Values.X \"a\")}} {{(1)}}", "false 1"),
            ("{{ .Values.Y | printf \"%s\" | len }}", "2"),
            ("{{ (.Values.MAP).k }}", "v"),
            ("{{ (dict \"x\" 5).x }}", "5"),
            ("{{ 1 | print 2 3 }}", "2 3 1"),
            ("{{ ((1)) }} {{ (((\"a\"))) | printf \"%s!\" }}", "1 a!"),
        ])
    }

    /// `define`, `template` and `block` run named templates with their own dot.
    func testDefineAndTemplate() {
        assertGoTemplateRenders([
            ("{{define \"x\"}}X{{.}}{{end}}a{{template \"x\" 5}}b{{block \"y\" .Values.Y}}Y{{.}}{{end}}", "aX5bYyv"),
            (
                "{{ define \"a\" }}{{ $ }}{{ . }}{{ end }}{{ template \"a\" 5 }}{{ template \"a\" }}",
                "55<no value><no value>"
            ),
        ])
    }

    /// A typical Rancher catalog compose template.
    func testRancherCatalogTemplate() {
        assertGoTemplateRenders([
            (
                "services:\n  web:\n    image: nginx\n{{- if eq .Values.ENABLE \"true\"}}\n    labels:\n      a: b\n{{- end}}\n{{- if or (eq .Values.MODE \"external\") (eq .Values.X \"true\")}}\n    x: y\n{{- else if ne .Values.Y \"\"}}\n    y: {{ .Values.Y }}\n{{- end}}\n{{- $dnsImage:=\"rancher/dns:v0.17.4\" }}\n    image2: {{$dnsImage}}\n{{- range $i, $e := until (atoi .Values.COUNT) }}\n  node{{$i}}:\n    image: x\n{{- end}}\n    cmd: {{ if ne (printf \"%.1s\" .Values.P) \"/\"}}rel{{end}}\n",
                "services:\n  web:\n    image: nginx\n    labels:\n      a: b\n    x: y\n    image2: rancher/dns:v0.17.4\n  node0:\n    image: x\n  node1:\n    image: x\n  node2:\n    image: x\n    cmd: \n"
            ),
        ])
    }
}
