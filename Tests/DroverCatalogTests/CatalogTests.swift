@testable import DroverCatalog
import DroverCompose
import DroverModel
import Foundation
import XCTest

final class CatalogTests: XCTestCase {
    static var builtInPath: String {
        URL(fileURLWithPath: #filePath).appendingPathComponent("../../../catalog").standardized.path
    }

    private func builtIn() throws -> CatalogRepository {
        try CatalogRepository(name: "library", path: Self.builtInPath)
    }

    private func version(_ questions: [Question], compose: String, rancher: String = "") -> TemplateVersion {
        TemplateVersion(revision: 0, dockerCompose: SourceFile(name: "docker-compose.yml.tpl", text: compose),
                        rancherCompose: rancher.isEmpty ? nil : SourceFile(name: "rancher-compose.yml", text: rancher),
                        catalog: CatalogSection(questions: questions), diagnostics: [])
    }
}

// MARK: - Repository
extension CatalogTests {
    func testBuiltInCatalogLoads() throws {
        let repository = try builtIn()
        let hello = try XCTUnwrap(repository.template("hello"))
        XCTAssertEqual(hello.name, "Hello")
        XCTAssertEqual(hello.versions.map(\.revision), [0, 1])
        XCTAssertEqual(hello.defaultTemplateVersion?.revision, 1)
        XCTAssertEqual(hello.version("1.0.0")?.revision, 0)
        XCTAssertEqual(hello.versions[0].catalog.questions.map(\.variable), ["greeting", "public_port", "scale"])
        XCTAssertEqual(hello.upgradeTargets(from: hello.versions[0]).map(\.revision), [1])
        XCTAssertEqual(hello.upgradeTargets(from: hello.versions[1]).map(\.revision), [])
    }

    func testMissingCatalogIsAnError() {
        XCTAssertThrowsError(try CatalogRepository(name: "x", path: "/nonexistent/catalog")) { error in
            XCTAssertEqual((error as! CatalogError).description, "catalog \"x\": /nonexistent/catalog is not a directory")
        }
    }

    func testHelloRendersWithDefaultsAndWithSidekick() throws {
        let hello = try XCTUnwrap(try builtIn().template("hello"))
        let plain = try TemplateRenderer().render(hello.versions[1], answers: [:], context: RenderContext(stackName: "demo"))
        let service = try XCTUnwrap(plain.stack.definition.service("hello"))
        XCTAssertEqual(service.scale, 3)
        XCTAssertEqual(service.launchConfig.ports, [])
        XCTAssertEqual(plain.stack.definition.service("front")?.launchConfig.ports.map(\.description), ["8081:80"])
        XCTAssertEqual(service.launchConfig.environment["GREETING"], "Hello")
        XCTAssertEqual(service.sidekicks, [])
        let cached = try TemplateRenderer().render(hello.versions[1], answers: ["with_cache": "true", "scale": "2"],
                                                   context: RenderContext(stackName: "demo"))
        XCTAssertEqual(cached.stack.definition.service("hello")?.sidekicks.map(\.name), ["cache"])
        XCTAssertEqual(cached.stack.definition.service("hello")?.scale, 2)
        XCTAssertEqual(cached.answers["with_cache"], "true")
    }

    func testCatalogSectionIsReadFromTemplatedRancherCompose() {
        let text = """
        .catalog:
          name: x
          version: 1.0.0
          questions:
            - variable: a
              type: enum
              options: [yes, 2, x]
              default: yes
        services:
          web:
        {{- if eq .Values.a "true" }}
            scale: 2
        {{- end }}
        """
        let log = DiagnosticLog()
        let section = CatalogSectionParser.parse(text, file: "rancher-compose.yml", log: log)
        XCTAssertEqual(section.version, "1.0.0")
        XCTAssertEqual(section.questions.first?.options, ["true", "2", "x"])
        XCTAssertEqual(section.questions.first?.defaultValue, "true")
        XCTAssertEqual(log.all, [])
    }

    func testUnknownQuestionTypeIsLocated() {
        let log = DiagnosticLog()
        _ = CatalogSectionParser.parse(".catalog:\n  questions:\n    - variable: a\n      type: colour\n", file: "rc.yml", log: log)
        XCTAssertEqual(log.all.map(\.description), [
            "rc.yml:4:13: .catalog.questions[0](a).type: \"colour\" is not allowed (allowed: string, int, boolean, enum, password, multiline, service, secret, certificate)",
        ])
    }
}

// MARK: - Rendering
extension CatalogTests {
    func testNoTemplatingFirstLineSkipsGoTemplates() throws {
        let compose = "# notemplating\nweb:\n  image: busybox\n  command: echo {{ not a template }}\n"
        let rendered = try TemplateRenderer().render(version([], compose: compose), answers: [:], context: RenderContext(stackName: "s"))
        XCTAssertEqual(rendered.stack.definition.service("web")?.launchConfig.command, ["echo", "{{", "not", "a", "template", "}}"])
    }

    func testValuesStackAndInterpolationTogether() throws {
        let compose = """
        web:
          image: busybox:${TAG}
          labels:
            stack: {{ .Stack.Name }}
            env: {{ .Environment.Name }}
        {{- if eq .Values.EXTRA "true" }}
            extra: "yes"
        {{- end }}
        """
        let questions = [Question(variable: "TAG", required: true), Question(variable: "EXTRA", type: .boolean, defaultValue: "true")]
        let rendered = try TemplateRenderer().render(version(questions, compose: compose), answers: ["TAG": "1.36"],
                                                     context: RenderContext(stackName: "shop", environmentName: "prod"))
        let web = try XCTUnwrap(rendered.stack.definition.service("web"))
        XCTAssertEqual(web.launchConfig.image, "busybox:1.36")
        XCTAssertEqual(web.launchConfig.labels, ["stack": "shop", "env": "prod", "extra": "yes"])
    }

    func testTemplateErrorsAreLocatedNotTruncated() {
        let compose = "web:\n  image: x\n{{- if eq .Values.A }}\n  x: y\n{{- end }}\n"
        XCTAssertThrowsError(try TemplateRenderer().render(version([], compose: compose), answers: [:], context: RenderContext(stackName: "s"))) { error in
            guard case let .template(failure) = error as! CatalogError else { return XCTFail("\(error)") }
            XCTAssertEqual(failure.file, "docker-compose.yml.tpl")
            XCTAssertEqual(failure.line, 3)
        }
        XCTAssertThrowsError(try TemplateRenderer().render(version([], compose: "a: %{{service_name}}\n"), answers: [:],
                                                           context: RenderContext(stackName: "s"))) { error in
            XCTAssertTrue((error as! CatalogError).description.hasPrefix("docker-compose.yml.tpl:1:"), "\(error)")
        }
    }

    func testComposeErrorsAfterRenderingAreLocated() {
        let compose = "web:\n  image: x\n  ports:\n    - \"{{ .Values.P }}:80\"\n"
        XCTAssertThrowsError(try TemplateRenderer().render(version([Question(variable: "P", defaultValue: "http")], compose: compose),
                                                           answers: [:], context: RenderContext(stackName: "s"))) { error in
            XCTAssertEqual((error as! CatalogError).description,
                           "docker-compose.yml.tpl:4:7: web.ports[0]: \"http:80\": \"http\" is not a port number (1-65535)")
        }
    }
}

// MARK: - Answers
extension CatalogTests {
    func testAnswerValidationReportsEveryQuestion() {
        let questions = [
            Question(variable: "name", required: true),
            Question(variable: "count", type: .int, min: 1, max: 5),
            Question(variable: "mode", type: .enum_, options: ["a", "b"]),
            Question(variable: "flag", type: .boolean),
            Question(variable: "short", minLength: 3, maxLength: 4),
            Question(variable: "id", validChars: "abc"),
            Question(variable: "path", invalidChars: "/"),
            Question(variable: "pw", type: .password, minLength: 8),
        ]
        let answers = ["count": "9", "mode": "c", "flag": "maybe", "short": "abcdef", "id": "abd", "path": "a/b", "pw": "hunter2"]
        XCTAssertThrowsError(try AnswerValidator(questions: questions).resolve(answers)) { error in
            guard case let .invalidAnswers(diagnostics) = error as! CatalogError else { return XCTFail("\(error)") }
            XCTAssertEqual(diagnostics.map(\.description), [
                "answers: name: an answer is required (name)",
                "answers: count: 9 is above the maximum 5",
                "answers: mode: \"c\" is not one of the options (allowed: a, b)",
                "answers: flag: \"maybe\" is not a boolean (allowed: true, false)",
                "answers: short: \"abcdef\" is longer than 4 characters",
                "answers: id: \"abd\" contains \"d\", which is not allowed (allowed characters: abc)",
                "answers: path: \"a/b\" contains \"/\", which is not allowed (not allowed: /)",
                "answers: pw: the answer is shorter than 8 characters",
            ])
            XCTAssertFalse((error as! CatalogError).description.contains("hunter2"))
        }
    }

    func testDefaultsApplyAndUndeclaredAnswersAreKept() throws {
        let questions = [Question(variable: "a", defaultValue: "1"), Question(variable: "b", type: .enum_, defaultValue: "zz", options: ["x"])]
        XCTAssertEqual(try AnswerValidator(questions: questions).resolve(["extra": "e"]), ["a": "1", "b": "zz", "extra": "e"])
    }

    func testPlaceholdersSatisfyTheirQuestions() {
        let questions = [Question(variable: "i", type: .int, required: true, min: 10), Question(variable: "e", type: .enum_, required: true, options: ["p"]),
                         Question(variable: "s", required: true, minLength: 20), Question(variable: "v", required: true, validChars: "0123")]
        let validator = AnswerValidator(questions: questions)
        for question in questions { XCTAssertNil(validator.check(question, question.placeholder), question.variable) }
    }
}

// MARK: - Semver
extension CatalogTests {
    func testSemverRanges() throws {
        let cases: [(String, String, Bool)] = [
            (">=1.0.0 <1.1.0", "1.0.5", true), (">=1.0.0 <1.1.0", "1.1.0", false), ("v0.2.0 || >v0.2.0", "0.3.1", true),
            ("v0.2.0 || >v0.2.0", "0.1.9", false), ("0.0.0", "0.0.0", true), ("!=1.2.3", "1.2.3", false),
            ("2.3.7-build.11", "2.3.7-build.11", true), (">1.0.0-rc.1", "1.0.0", true), ("<=1.2", "1.2.0", true),
        ]
        for (range, version, expected) in cases {
            let parsed = try XCTUnwrap(SemverRange(range), range)
            XCTAssertEqual(parsed.contains(try XCTUnwrap(SemanticVersion(version))), expected, "\(range) ∋ \(version)")
        }
        XCTAssertNil(SemverRange(">=banana"))
        XCTAssertNil(SemverRange(""))
    }
}

// MARK: - Catalog upgrades
extension CatalogTests {
    func testUpgradeKeepsAnswersAddsNewDefaultsAndTakesOverrides() throws {
        let hello = try XCTUnwrap(try builtIn().template("hello"))
        let installed = try TemplateRenderer().render(hello.versions[0], answers: ["greeting": "Bonjour", "scale": "2"],
                                                      context: RenderContext(stackName: "demo"))
        let carried = AnswerCarryOver.answers(previous: installed.answers, target: hello.versions[1], overrides: ["public_port": "9090"])
        XCTAssertEqual(carried, ["greeting": "Bonjour", "scale": "2", "public_port": "9090", "with_cache": "false"])
        let upgraded = try TemplateRenderer().render(hello.versions[1], answers: carried, context: RenderContext(stackName: "demo", previousVersion: "1.0.0"))
        let service = try XCTUnwrap(upgraded.stack.definition.service("hello"))
        XCTAssertEqual(service.launchConfig.environment["GREETING"], "Bonjour", "the edited answer survives the upgrade")
        XCTAssertEqual(service.scale, 2)
        XCTAssertEqual(upgraded.stack.definition.service("front")?.launchConfig.ports.map(\.description), ["9090:80"])
    }

    func testAKeptAnswerTheNewVersionRefusesIsReported() {
        let target = version([Question(variable: "mode", type: .enum_, defaultValue: "b", options: ["b", "c"])], compose: "web:\n  image: x\n")
        let carried = AnswerCarryOver.answers(previous: ["mode": "a"], target: target)
        XCTAssertThrowsError(try TemplateRenderer().render(target, answers: carried, context: RenderContext(stackName: "s"))) { error in
            XCTAssertEqual("\(error)", "answers: mode: \"a\" is not one of the options (allowed: b, c)")
        }
    }
}
