@testable import DroverCompose
import DroverModel
import XCTest

/// `docker-compose -f a.yml -f b.yml` merging: the rule of every service key, the top level, located errors.
final class ComposeMergerTests: XCTestCase {
    /// One merge rule: `key` set to `base` in a.yml and to `override` in b.yml gives `merged` (flow YAML).
    struct Rule {
        var key: String
        var base: String
        var override: String
        var merged: String

        init(_ key: String, _ base: String, _ override: String, _ merged: String) {
            (self.key, self.base, self.override, self.merged) = (key, base, override, merged)
        }
    }

    /// `texts` as files named a.yml, b.yml, … in order.
    private func sources(_ texts: [String]) -> [SourceFile] {
        texts.enumerated().map { SourceFile(name: "\(Character(UnicodeScalar(97 + $0.offset)!)).yml", text: $0.element) }
    }

    /// The files named a.yml, b.yml, … in order, merged.
    private func merge(_ texts: [String]) throws -> YAMLNode {
        try StackLoader().merge(compose: sources(texts))
    }

    /// The diagnostics of merging and loading `texts` (a.yml, b.yml, …), as printed.
    private func diagnostics(_ texts: [String]) -> [String] {
        do {
            return try StackLoader().load(compose: sources(texts)).warnings.map(\.description)
        } catch {
            guard case let .invalid(list) = error else { return ["unexpected \(error)"] }
            return list.map(\.description)
        }
    }

    private func service(_ key: String, _ value: String, version: String? = "2") -> String {
        guard let version else { return "web:\n  \(key): \(value)\n" }
        return "version: \"\(version)\"\nservices:\n  web:\n    \(key): \(value)\n"
    }

    private func check(_ rules: [Rule], version: String? = "2", file: StaticString = #filePath, line: UInt = #line) throws {
        for rule in rules {
            let merged = try merge([service(rule.key, rule.base, version: version), service(rule.key, rule.override, version: version)])
            let web = version == nil ? merged["web"] : merged["services"]?["web"]
            let actual = try XCTUnwrap(web?[rule.key], "\(rule.key) is missing", file: file, line: line)
            let expected = try XCTUnwrap(try parseYAML("v: \(rule.merged)")["v"])
            XCTAssertEqual(yamlValue(actual), yamlValue(expected), "\(rule.key): \(rule.base) + \(rule.override)", file: file, line: line)
        }
    }
}

// MARK: - Service keys
extension ComposeMergerTests {
    func testReplacedKeys() throws {
        try check([
            Rule("image", "nginx:1", "nginx:2", "nginx:2"),
            Rule("command", "[nginx, -g, daemon off;]", "nginx -c /alt.conf", "nginx -c /alt.conf"),
            Rule("entrypoint", "/bin/sh", "[/bin/bash, -c]", "[/bin/bash, -c]"),
            Rule("restart", "always", "\"no\"", "\"no\""),
            Rule("dns_opt", "[ndots:1]", "[ndots:2]", "[ndots:2]"),
            Rule("command", "run", "", "null"),
        ])
    }

    func testMappingsMergeByKeyInListOrMappingForm() throws {
        try check([
            Rule("environment", "{A: \"1\", B: two}", "[B=three, C]", "{A: \"1\", B: three, C: null}"),
            Rule("environment", "[A=1, B=2]", "[B=3, C=4]", "[A=1, B=3, C=4]"),
            Rule("environment", "{A: 1}", "", "{A: 1}"),
            Rule("labels", "[x=1, y]", "{z: \"3\"}", "{x: \"1\", y: \"\", z: \"3\"}"),
            Rule("labels", "{x: \"1\", y: \"2\"}", "{y: \"3\"}", "{x: \"1\", y: \"3\"}"),
            Rule("sysctls", "[net.core.somaxconn=1024]", "{net.ipv4.tcp_syncookies: 0}",
                 "{net.core.somaxconn: \"1024\", net.ipv4.tcp_syncookies: 0}"),
            Rule("extra_hosts", "[\"db:10.0.0.1\"]", "{cache: 10.0.0.2, db: 10.0.0.3}", "{db: 10.0.0.3, cache: 10.0.0.2}"),
            Rule("ulimits", "{nofile: {soft: 1, hard: 2}, core: 0}", "{nofile: 3, nproc: 5}", "{nofile: 3, core: 0, nproc: 5}"),
            Rule("depends_on", "[db]", "{cache: {condition: service_healthy}}",
                 "{db: {condition: service_started}, cache: {condition: service_healthy}}"),
            Rule("depends_on", "[db]", "[cache, db]", "[db, cache]"),
            Rule("healthcheck", "{test: [CMD, true], interval: 30s, retries: 3}", "{interval: 10s}",
                 "{test: [CMD, true], interval: 10s, retries: 3}"),
        ])
    }

    func testListsMergeByIdentity() throws {
        try check([
            Rule("ports", "[\"80:80\", \"443:443\"]", "[\"8080:80\", \"80:80/tcp\"]", "[\"80:80/tcp\", \"443:443\", \"8080:80\"]"),
            Rule("ports", "[\"8000-8001:90-91\"]", "[\"8000:90\", \"9000:90\"]", "[\"8000-8001:90-91\", \"9000:90\"]"),
            Rule("ports", "[{target: 80, published: 8080}]", "[\"8080:80\", 81]", "[\"8080:80\", 81]"),
            Rule("volumes", "[\"/a:/data:ro\", \"cache:/cache\", /logs]", "[\"/b:/data\", /logs]", "[\"/b:/data\", \"cache:/cache\", /logs]"),
            Rule("volumes", "[{type: volume, source: db, target: /var/lib/db}]", "[\"/srv/db:/var/lib/db\"]", "[\"/srv/db:/var/lib/db\"]"),
            Rule("volumes", "[\"${DATA:-./data}:/data\", \"${LOGS:-/var/log}:/logs:ro\", \"$$HOME:/home\"]", "[\"/srv/data:/data\", \"/srv/logs:/logs\"]",
                 "[\"/srv/data:/data\", \"/srv/logs:/logs\", \"$$HOME:/home\"]"),
            Rule("devices", "[\"/dev/a:/dev/x\"]", "[\"/dev/b:/dev/x:rwm\", \"/dev/c:/dev/y\"]", "[\"/dev/b:/dev/x:rwm\", \"/dev/c:/dev/y\"]"),
            Rule("links", "[db, \"db:database\"]", "[\"cache:database\"]", "[db, \"cache:database\"]"),
            Rule("cap_add", "[NET_ADMIN]", "[SYS_ADMIN, NET_ADMIN]", "[NET_ADMIN, SYS_ADMIN]"),
            Rule("cap_drop", "[ALL]", "[ALL]", "[ALL]"),
            Rule("expose", "[\"9000\", 9001]", "[\"9001\", \"9002\"]", "[\"9000\", \"9001\", \"9002\"]"),
            Rule("external_links", "[other/db]", "[other/db, other/cache]", "[other/db, other/cache]"),
            Rule("volumes_from", "[data]", "[\"data:ro\"]", "[data, \"data:ro\"]"),
            Rule("security_opt", "[\"label:disable\"]", "[\"label:disable\", no-new-privileges]", "[\"label:disable\", no-new-privileges]"),
            Rule("secrets", "[token, {source: cert, target: /c}]", "[{source: token, mode: 0400}]", "[{source: token, mode: 0400}, {source: cert, target: /c}]"),
        ])
    }

    func testListsOrStringsConcatenate() throws {
        try check([
            Rule("dns", "8.8.8.8", "[8.8.8.8, 1.1.1.1]", "[8.8.8.8, 8.8.8.8, 1.1.1.1]"),
            Rule("dns_search", "[a.local]", "b.local", "[a.local, b.local]"),
            Rule("tmpfs", "/run", "[/tmp]", "[/run, /tmp]"),
            Rule("env_file", "a.env", "[b.env]", "[a.env, b.env]"),
        ])
    }

    func testNestedKeys() throws {
        try check([
            Rule("logging", "{driver: json-file, options: {max-size: 10m}}", "{options: {max-file: \"3\"}}",
                 "{driver: json-file, options: {max-size: 10m, max-file: \"3\"}}"),
            Rule("logging", "{driver: json-file, options: {max-size: 10m}}", "{driver: syslog}", "{driver: syslog}"),
            Rule("logging", "{driver: json-file, options: {max-size: 10m}}", "{driver: syslog, options: {tag: web}}",
                 "{driver: syslog, options: {tag: web}}"),
            Rule("build", "{context: ., args: {A: \"1\"}, cache_from: [a]}", "./sub",
                 "{context: ./sub, args: {A: \"1\"}, cache_from: [a]}"),
            Rule("build", "{context: ., args: [A=1]}", "{dockerfile: Dockerfile.dev, args: [B=2], cache_from: [b]}",
                 "{context: ., args: [A=1, B=2], dockerfile: Dockerfile.dev, cache_from: [b]}"),
            Rule("build", "./a", "./b", "./b"),
            Rule("networks", "[front]", "{front: {aliases: [www]}, back: null}", "{front: {aliases: [www]}, back: null}"),
            Rule("networks", "[front]", "[back, front]", "[front, back]"),
            Rule("networks", "{front: {aliases: [a], ipv4_address: 10.0.0.2}}", "{front: {aliases: [b], ipv4_address: 10.0.0.3}}",
                 "{front: {aliases: [a, b], ipv4_address: 10.0.0.3}}"),
            Rule("deploy", "{replicas: 2, labels: [a=1], resources: {limits: {cpus: \"0.5\"}}, placement: {constraints: [x]}}",
                 "{labels: {b: \"2\"}, resources: {limits: {memory: 50M}}, placement: {constraints: [y, x]}}",
                 "{replicas: 2, labels: {a: \"1\", b: \"2\"}, resources: {limits: {cpus: \"0.5\", memory: 50M}}, placement: {constraints: [x, y]}}"),
            Rule("blkio_config", "{weight: 300, device_read_bps: [{path: /dev/sda, rate: 1mb}]}",
                 "{device_read_bps: [{path: /dev/sda, rate: 2mb}, {path: /dev/sdb, rate: 3mb}]}",
                 "{weight: 300, device_read_bps: [{path: /dev/sda, rate: 2mb}, {path: /dev/sdb, rate: 3mb}]}"),
        ])
    }

    func testValueOfTheWrongShapeIsReplaced() throws {
        try check([
            Rule("environment", "A=1", "{B: \"2\"}", "{B: \"2\"}"),
            Rule("ports", "\"80:80\"", "[\"81:81\"]", "[\"81:81\"]"),
        ])
    }

    func testVersionOneImageOrBuild() throws {
        let merged = try merge(["web:\n  build: .\n  ports: [\"80\"]\n", "web:\n  image: web:2\n"])
        XCTAssertEqual(yamlValue(try XCTUnwrap(merged["web"])), "{ports: [\"80\"], image: \"web:2\"}")
        let rebuilt = try merge(["web:\n  image: web:1\n", "web:\n  build: ./web\n"])
        XCTAssertEqual(yamlValue(try XCTUnwrap(rebuilt["web"])), "{build: \"./web\"}")
        let both = try merge(["web:\n  image: web:1\n  build: .\n", "web:\n  environment: [A=1]\n"])
        XCTAssertEqual(yamlValue(try XCTUnwrap(both["web"])), "{image: \"web:1\", environment: [\"A=1\"]}")
        try check([Rule("labels", "{a: \"1\"}", "[b=2]", "{a: \"1\", b: \"2\"}")], version: nil)
    }
}

// MARK: - Top level
extension ComposeMergerTests {
    func testServicesAndNamedSectionsMergeByName() throws {
        let merged = try merge([
            """
            version: "2"
            services:
              web: {image: web:1}
              db: {image: db:1}
            volumes:
              data: {driver: local, labels: {a: b}}
            networks:
              front: {driver: bridge}
            x-common: {a: 1}
            """,
            """
            version: "2.1"
            services:
              db: {environment: [A=1]}
              cache: {image: redis}
            volumes:
              data: {external: true}
              logs: {}
            x-common: {b: 2}
            """,
        ])
        XCTAssertEqual(yamlValue(merged), "{version: \"2\", services: {web: {image: \"web:1\"}, db: {image: \"db:1\", environment: [\"A=1\"]}, "
                       + "cache: {image: \"redis\"}}, volumes: {data: {external: true}, logs: {}}, networks: {front: {driver: \"bridge\"}}, "
                       + "x-common: {b: 2}}")
    }

    func testThreeFilesMergeInOrderAndOneFileIsUntouched() throws {
        let files = ["version: '2'\nservices:\n  app: {image: a, environment: {A: '1'}}\n",
                     "version: '2'\nservices:\n  app: {environment: [B=2]}\n",
                     "version: '2'\nservices:\n  app: {image: c, environment: {A: '3'}}\n"]
        XCTAssertEqual(yamlValue(try XCTUnwrap(try merge(files)["services"])), "{app: {image: \"c\", environment: {A: \"3\", B: \"2\"}}}")
        XCTAssertEqual(try merge([files[0]]), try parseYAML(files[0], name: "a.yml"))
    }

    func testMergedNodesKeepTheirFileAndPosition() throws {
        let merged = try merge(["version: '2'\nservices:\n  web:\n    image: a\n    ports: ['80:80']\n",
                                "version: '2'\nservices:\n  web:\n    ports: ['81:81']\n    environment: [A=1]\n"])
        let web = try XCTUnwrap(merged["services"]?["web"])
        XCTAssertEqual(web["image"].map { [$0.file, "\($0.line):\($0.column)"] }, ["a.yml", "4:12"])
        let ports = try XCTUnwrap(web["ports"]?.sequence)
        XCTAssertEqual(ports.map { "\($0.file ?? "?"):\($0.line):\($0.column)" }, ["a.yml:5:13", "b.yml:4:13"])
        let environment = try XCTUnwrap(web.mapping?.first { $0.key == "environment" })
        XCTAssertEqual([environment.keyFile, "\(environment.keyLine):\(environment.keyColumn)"], ["b.yml", "5:5"])
    }
}

// MARK: - Errors
extension ComposeMergerTests {
    func testErrorInTheSecondFileNamesIt() {
        let problems = diagnostics([
            "version: '2'\nservices:\n  web:\n    image: nginx\n    tty: true\n",
            "version: '2'\nservices:\n  web:\n    ports:\n      - \"80:eighty\"\n    tty: perhaps\n    colour: blue\n    hostname: ${HOST:?set HOST}\n",
        ])
        XCTAssertEqual(problems, [
            "b.yml:8:15: services.web.hostname: variable \"HOST\": set HOST",
            "b.yml:6:10: services.web.tty: \"perhaps\" is not a boolean (allowed: true, false)",
            "b.yml:5:9: services.web.ports[0]: \"80:eighty\": \"eighty\" is not a port number (1-65535)",
            "b.yml:7:5: warning: services.web.colour: unknown key, ignored",
        ])
    }

    func testErrorInTheFirstFileStillNamesIt() {
        let problems = diagnostics(["version: '2'\nservices:\n  web:\n    mem_limit: lots\n", "version: '2'\nservices:\n  web:\n    image: a\n"])
        XCTAssertEqual(problems, ["a.yml:4:16: services.web.mem_limit: \"lots\" is not a size (examples: 512m, 1g, 1048576)"])
    }

    func testFilesThatCannotMerge() {
        XCTAssertEqual(diagnostics(["version: '2'\nservices: {}\n", "- a\n- b\n"]),
                       ["b.yml:1:1: the top level of a compose file must be a mapping, found a list"])
        XCTAssertEqual(diagnostics(["version: '2'\nservices:\n  web: {image: a}\n", "version: '2'\nservices:\n  web: nginx\n"]),
                       ["b.yml:3:8: services.web: a service must be a mapping, found a string"])
        XCTAssertEqual(diagnostics(["web: {image: a}\n", "db: [x]\n"]), ["b.yml:1:5: db: a service must be a mapping, found a list"])
        XCTAssertEqual(diagnostics(["version: '2'\nservices: {}\n", "version: '2'\nservices: [web]\n"]),
                       ["b.yml:2:11: services: expected a mapping, found a list"])
        XCTAssertEqual(diagnostics(["version: '2'\nservices: {}\n", "version: '2'\nvolumes: data\n"]),
                       ["b.yml:2:10: volumes: expected a mapping, found a string"])
    }

    func testVersionsMustAgree() {
        XCTAssertEqual(diagnostics(["version: '2'\nservices:\n  web: {image: a}\n", "web:\n  image: b\n"]),
                       ["b.yml:1:1: this file has no version (the version 1 format) but a.yml has version \"2\"; add the same version: to every file"])
        XCTAssertEqual(diagnostics(["web:\n  image: b\n", "version: '2'\nservices: {}\n"]),
                       ["b.yml:1:10: version: cannot merge a versioned file over a.yml, which has no version (the version 1 format); use the same format in every file"])
        XCTAssertEqual(diagnostics(["version: '2'\nservices: {}\n", "version: '4'\nservices: {}\n"]).first?.hasPrefix(
            "b.yml:1:10: version: \"4\" is not a supported compose format version"), true)
        XCTAssertEqual(diagnostics(["version: '2'\nservices:\n  web: {image: a}\n", "version: '3.7'\nservices:\n  web: {image: b}\n"]), [])
    }

    func testYAMLErrorsOfEveryFileAreReported() {
        XCTAssertEqual(diagnostics(["a: [\n", "b: {\n"]).map { String($0.prefix(5)) }, ["a.yml", "b.yml"])
    }
}
