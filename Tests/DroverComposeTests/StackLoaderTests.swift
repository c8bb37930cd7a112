@testable import DroverCompose
import DroverModel
import Foundation
import TestSupport
import XCTest

final class StackLoaderTests: XCTestCase {
    private func load(_ compose: String, _ rancher: String? = nil, variables: VariableSource = VariableSource()) throws -> LoadedStack {
        try StackLoader(variables: variables).load(compose: SourceFile(name: "docker-compose.yml", text: compose),
                                                   rancher: rancher.map { SourceFile(name: "rancher-compose.yml", text: $0) })
    }

    private func diagnostics(_ compose: String, _ rancher: String? = nil) -> [String] {
        do {
            _ = try load(compose, rancher)
            return []
        } catch {
            guard case let .invalid(list) = error as! ComposeError else { return ["unexpected \(error)"] }
            return list.map(\.description)
        }
    }

    private func loadFixture(_ name: String, variables: VariableSource = VariableSource()) throws -> LoadedStack {
        try StackLoader(variables: variables).load(
            compose: SourceFile(name: "docker-compose.yml", text: fixture("\(name)/docker-compose.yml")),
            rancher: optionalFixture("\(name)/rancher-compose.yml").map { SourceFile(name: "rancher-compose.yml", text: $0) })
    }
}

// MARK: - Golden definitions
extension StackLoaderTests {
    func testWordpressV1Golden() throws {
        let env = try EnvFile.parse(fixture("wordpress-v1/env"), file: "env")
        let loaded = try loadFixture("wordpress-v1", variables: VariableSource(envFile: env))
        assertGolden(try canonicalJSON(loaded.definition), "Fixtures/wordpress-v1/expected.json")
        XCTAssertEqual(loaded.warnings, [])
        let web = try XCTUnwrap(loaded.definition.service("wordpress"))
        XCTAssertEqual(web.scale, 3)
        XCTAssertEqual(web.launchConfig.environment["DEBUG"], "false")
        XCTAssertEqual(web.launchConfig.environment["WORKERS"], "4")
        XCTAssertEqual(loaded.definition.service("db")?.launchConfig.environment["EULA"], "yes")
        XCTAssertEqual(loaded.definition.service("db")?.launchConfig.command,
                       ["mysqld", "--character-set-server=utf8mb4", "--init-connect=SET NAMES utf8mb4"])
    }

    func testFullV2Golden() throws {
        let loaded = try loadFixture("full-v2")
        assertGolden(try canonicalJSON(loaded.definition), "Fixtures/full-v2/expected.json")
        let app = try XCTUnwrap(loaded.definition.service("app"))
        XCTAssertTrue(app.global)
        XCTAssertNil(app.scale)
        XCTAssertEqual(app.launchConfig.ports.map(\.description),
                       ["80", "8080:8080", "127.0.0.1:9000:9000/udp", "3000-3002:4000-4002", "10.0.0.1::53/udp"])
        XCTAssertEqual(app.launchConfig.volumes.map(\.description),
                       ["/data", "./conf:/etc/app:ro", "/var/run/docker.sock:/var/run/docker.sock:ro,rprivate", "shared:/shared:z"])
        XCTAssertEqual(app.launchConfig.stopGracePeriod, 90)
        XCTAssertEqual(app.launchConfig.memLimit, 512 * 1024 * 1024)
        XCTAssertEqual(app.launchConfig.ulimits["nofile"], Ulimit(soft: 20000, hard: 40000))
        XCTAssertEqual(app.launchConfig.healthcheck?.test, ["CMD-SHELL", "wget -q -O- http://localhost:8080/"])
        XCTAssertEqual(loaded.definition.service("worker")?.scale, 4)
        XCTAssertEqual(loaded.definition.service("worker")?.launchConfig.labels["role"], "worker")
        XCTAssertEqual(loaded.definition.volumes["external-data"]?.external, true)
    }

    func testLoadBalancerSidekicksExternalAliasGolden() throws {
        let loaded = try loadFixture("lb-sidekicks")
        assertGolden(try canonicalJSON(loaded.definition), "Fixtures/lb-sidekicks/expected.json")
        let kinds = Dictionary(uniqueKeysWithValues: loaded.definition.services.map { ($0.name, $0.kind) })
        XCTAssertEqual(kinds, ["lb": .loadBalancer, "web": .service, "api": .service, "ext": .external, "db-ext": .external, "alias": .alias])
        let web = try XCTUnwrap(loaded.definition.service("web"))
        XCTAssertEqual(web.sidekicks.map(\.name), ["web-data", "web-logs"])
        XCTAssertEqual(loaded.definition.service("alias")?.aliasTargets, ["web", "api"])
        XCTAssertEqual(loaded.definition.service("lb")?.lbConfig?.portRules.count, 3)
    }

    func testLegacyLoadBalancerGolden() throws {
        let loaded = try loadFixture("legacy-lb")
        assertGolden(try canonicalJSON(loaded.definition), "Fixtures/legacy-lb/expected.json")
        let rules = try XCTUnwrap(loaded.definition.service("lb")?.lbConfig?.portRules)
        XCTAssertEqual(rules, [
            PortRule(sourcePort: 80, targetPort: 9000, service: "web", hostname: "example.com", path: "/admin", protocol: .http),
            PortRule(sourcePort: 443, targetPort: 8443, service: "web", protocol: .https),
        ])
        XCTAssertEqual(loaded.definition.service("lb")?.lbConfig?.stickinessPolicy?.mode, .rewrite)
    }
}

// MARK: - Diagnostics
extension StackLoaderTests {
    func testHealthCheckPortErrorIsLocated() {
        let rancher = """
        version: '2'
        services:
          web:
            health_check:
              port: eighty
        """
        XCTAssertEqual(diagnostics("version: '2'\nservices:\n  web:\n    image: nginx\n", rancher),
                       ["rancher-compose.yml:5:13: services.web.health_check.port: \"eighty\" is not a port number (1-65535)"])
    }

    func testAllProblemsOfAllFilesAreReported() {
        let compose = """
        version: '2'
        services:
          web:
            image: nginx
            ports:
              - "80:eighty"
            privileged: maybe
            mem_limit: lots
            restart: sometimes
            bogus: 1
        """
        let rancher = "web:\n  scale: many\n  upgrade_strategy:\n    batch_size: 0\n"
        XCTAssertEqual(diagnostics(compose, rancher), [
            "docker-compose.yml:6:9: services.web.ports[0]: \"80:eighty\": \"eighty\" is not a port number (1-65535)",
            "docker-compose.yml:7:17: services.web.privileged: \"maybe\" is not a boolean (allowed: true, false)",
            "docker-compose.yml:8:16: services.web.mem_limit: \"lots\" is not a size (examples: 512m, 1g, 1048576)",
            "docker-compose.yml:9:14: services.web.restart: \"sometimes\" is not a restart policy (allowed: no, always, unless-stopped, on-failure[:N])",
            "docker-compose.yml:10:5: warning: services.web.bogus: unknown key, ignored",
            "rancher-compose.yml:2:10: web.scale: \"many\" is not an integer",
            "rancher-compose.yml:4:17: web.upgrade_strategy.batch_size: 0 is below the minimum 1",
        ])
    }

    func testSidekickErrors() {
        let compose = """
        a:
          image: x
          labels:
            io.rancher.sidekicks: missing, c
        b:
          image: x
          labels:
            io.rancher.sidekicks: c
        c:
          image: x
        d:
          image: x
          labels:
            io.rancher.sidekicks: b
        """
        XCTAssertEqual(diagnostics(compose), [
            "docker-compose.yml:4:27: a.labels.io.rancher.sidekicks: sidekick \"missing\" is not a service of this file",
            "docker-compose.yml:8:27: warning: b.labels.io.rancher.sidekicks: sidekick \"c\" is also a sidekick of \"a\"; each primary gets its own copy",
            "docker-compose.yml:14:27: d.labels.io.rancher.sidekicks: sidekick \"b\" is itself a primary with sidekicks; sidekicks cannot be nested",
        ])
    }

    func testSharedSidekickIsCopiedIntoEachPrimary() throws {
        let compose = "a:\n  image: x\n  labels:\n    io.rancher.sidekicks: data\nb:\n  image: x\n  labels:\n    io.rancher.sidekicks: data\n"
            + "data:\n  image: busybox\n  volumes: [/data]\n"
        let loaded = try load(compose)
        XCTAssertEqual(loaded.definition.services.map(\.name), ["a", "b"])
        XCTAssertEqual(loaded.definition.service("a")?.sidekicks.map(\.name), ["data"])
        XCTAssertEqual(loaded.definition.service("b")?.sidekicks, loaded.definition.service("a")?.sidekicks)
        XCTAssertEqual(loaded.warnings.count, 1)
    }

    func testLinksInsideADeploymentUnitAreAllowed() throws {
        let compose = "etcd:\n  image: x\n  links: [data]\n  volumes_from: [data]\n  labels:\n    io.rancher.sidekicks: data\ndata:\n  image: busybox\n"
        XCTAssertEqual(try load(compose).warnings, [])
        let outside = "web:\n  image: x\n  links: [data]\n" + compose
        XCTAssertEqual(diagnostics(outside), [
            "docker-compose.yml:3:10: web.links: links to sidekick \"data\" are not supported; link to its primary \"etcd\" or use \"data.etcd\" as a host name",
        ])
    }

    func testUnitReferencesMustResolve() {
        let compose = """
        web:
          image: x
          volumes_from: [nothere]
          network_mode: container:ghost
          links: [db]
        """
        XCTAssertEqual(diagnostics(compose), [
            "docker-compose.yml:5:10: web.links: \"db\" is not a service of this stack (for another stack write \"stack/service\")",
            "docker-compose.yml:3:17: web.volumes_from: \"nothere\" is neither a launch config of this deployment unit (web) nor a service",
            "docker-compose.yml:4:17: web.network_mode: \"ghost\" is neither a launch config of this deployment unit (web) nor a service",
        ])
    }

    func testRetainIpWithStartFirstIsRejected() {
        let rancher = "web:\n  retain_ip: true\n  upgrade_strategy:\n    start_first: true\n"
        XCTAssertEqual(diagnostics("web:\n  image: x\n", rancher).count, 1)
        XCTAssertTrue(diagnostics("web:\n  image: x\n", rancher)[0].hasPrefix("rancher-compose.yml:1:1: web.retain_ip: retain_ip cannot be combined"))
    }

    func testLoadBalancerTargetMustBePrimary() {
        let compose = "lb:\n  image: rancher/lb-service-haproxy\nweb:\n  image: x\n  labels:\n    io.rancher.sidekicks: side\nside:\n  image: x\n"
        let rancher = "lb:\n  lb_config:\n    port_rules:\n      - source_port: 80\n        service: side\n        target_port: 80\n"
        XCTAssertEqual(diagnostics(compose, rancher),
                       ["rancher-compose.yml:1:1: lb.lb_config.port_rules[0].service: \"side\" is a sidekick of \"web\"; only a primary service can be a load-balancer target"])
    }

    func testUnsupportedVersionListsAllowedValues() {
        XCTAssertTrue(diagnostics("version: '4'\nservices: {}\n")[0].hasPrefix("docker-compose.yml:1:10: version: \"4\" is not a supported compose format version (allowed: 1, 2,"))
    }

    func testRancherServiceMissingFromComposeIsAWarning() throws {
        let loaded = try load("web:\n  image: x\n", "ghost:\n  scale: 2\n")
        XCTAssertEqual(loaded.warnings.map(\.description),
                       ["rancher-compose.yml:1:1: warning: ghost: service \"ghost\" is not defined in docker-compose.yml; its settings are ignored"])
    }

    func testUnsetVariableWarnsAndRequiredVariableFails() throws {
        let loaded = try load("web:\n  image: nginx:${TAG}\n")
        XCTAssertEqual(loaded.definition.service("web")?.launchConfig.image, "nginx:")
        XCTAssertEqual(loaded.warnings.map(\.description),
                       ["docker-compose.yml:2:10: warning: web.image: variable \"TAG\" is not set; using an empty string"])
        XCTAssertEqual(diagnostics("web:\n  image: nginx:${TAG:?choose a tag}\n"),
                       ["docker-compose.yml:2:10: web.image: variable \"TAG\": choose a tag"])
    }

    /// `TAG: ${TAG}` with TAG unset is `TAG=` with one warning, as docker-compose makes it — not a second warning that
    /// drops the variable.
    func testAnUnsetVariableInAnEnvironmentValueIsAnEmptyValueWithOneWarning() throws {
        let loaded = try load("web:\n  image: x\n  environment:\n    TAG: ${TAG}\n    MODE:\n")
        XCTAssertEqual(loaded.definition.service("web")?.launchConfig.environment["TAG"], "")
        XCTAssertEqual(loaded.warnings.map(\.description), [
            "docker-compose.yml:4:10: warning: web.environment.TAG: variable \"TAG\" is not set; using an empty string",
            "docker-compose.yml:5:10: warning: web.environment.MODE: has no value and the variable is not set; left out",
        ])
    }

    func testInterpolatedScaleAndEscapedLabels() throws {
        let loaded = try load("web:\n  image: x\n  labels:\n    io.rancher.scheduler.affinity:container_label_ne: io.rancher.stack_service.name=$${stack_name}/$${service_name}\n",
                              "web:\n  scale: \"${N}\"\n", variables: VariableSource(answers: ["N": "5"]))
        let web = try XCTUnwrap(loaded.definition.service("web"))
        XCTAssertEqual(web.scale, 5)
        XCTAssertEqual(web.launchConfig.labels["io.rancher.scheduler.affinity:container_label_ne"],
                       "io.rancher.stack_service.name=${stack_name}/${service_name}")
    }

    func testAnswersBeatEnvFileBeatEnvironment() throws {
        let source = VariableSource(answers: ["A": "1"], envFile: ["A": "2", "B": "2"], environment: ["A": "3", "B": "3", "C": "3"])
        let loaded = try load("web:\n  image: x\n  environment:\n    - A=${A}\n    - B=${B}\n    - C=${C}\n", variables: source)
        XCTAssertEqual(loaded.definition.service("web")?.launchConfig.environment, ["A": "1", "B": "2", "C": "3"])
    }

    func testNothingIsBuiltWhenAnyErrorExists() {
        XCTAssertThrowsError(try load("good:\n  image: x\nbad:\n  image: [1]\n"))
    }
}

// MARK: - env_file
extension StackLoaderTests {
    private func withProject(_ files: [String: String], _ body: (String) throws -> Void) throws {
        let directory = NSTemporaryDirectory() + "drover-envfile-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for (name, text) in files { try text.write(toFile: "\(directory)/\(name)", atomically: true, encoding: .utf8) }
        try body(directory)
    }

    func testEnvFilesAreReadRelativeToTheProjectAndEnvironmentWins() throws {
        try withProject(["a.env": "A=from-a\nB=from-a\n# comment\n", "b.env": "B=from-b\nC=from-b\n"]) { directory in
            let compose = "web:\n  image: x\n  env_file: [a.env, b.env]\n  environment:\n    C: explicit\n"
            let loaded = try StackLoader(projectDirectory: directory).load(compose: SourceFile(name: "docker-compose.yml", text: compose))
            XCTAssertEqual(loaded.definition.service("web")?.launchConfig.environment, ["A": "from-a", "B": "from-b", "C": "explicit"])
        }
    }

    func testMissingOrBrokenEnvFilesAreLocatedErrors() throws {
        try withProject(["bad.env": "OK=1\nthis is not valid\n"]) { directory in
            let compose = "web:\n  image: x\n  env_file:\n    - missing.env\n    - bad.env\n"
            XCTAssertThrowsError(try StackLoader(projectDirectory: directory).load(compose: SourceFile(name: "docker-compose.yml", text: compose))) { error in
                guard case let .invalid(diagnostics) = error as! ComposeError else { return XCTFail("\(error)") }
                XCTAssertEqual(diagnostics.map(\.description), [
                    "docker-compose.yml:4:5: web.env_file: cannot read env file \"missing.env\" (looked for \(directory)/missing.env)",
                    "bad.env:2:1: web.env_file: \"this is not valid\" is not KEY=VALUE",
                ])
            }
        }
    }
}
