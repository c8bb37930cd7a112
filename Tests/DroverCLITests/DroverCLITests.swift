import DroverBasics
import DroverCLI
import Foundation
import TestSupport
import XCTest

/// The command line: most commands run in-process through `DroverCLI.run` with their output captured; those that
/// need a working directory or environment variables, and the exit-code checks, run the built `drover` executable
/// as a user would.
final class DroverCLITests: XCTestCase {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path

    /// Runs the command line in this process and returns what it printed and its exit code.
    func drover(_ arguments: String...) -> Result {
        let printed = Locked((out: "", err: ""))
        let status = DroverCLI.run(arguments, Output { stream, text in
            printed.withLock { if stream == .out { $0.out += text } else { $0.err += text } }
        })
        let (stdout, stderr) = printed.current
        return Result(status: status, stdout: stdout, stderr: stderr)
    }

    /// Runs the `drover` executable from the build folder the tests were built into, in `cwd`; `environment` is added
    /// to this process's environment.
    func spawned(_ arguments: String..., cwd: String? = nil, environment extra: [String: String] = [:]) throws -> Result {
        let bundle = Bundle(for: DroverCLITests.self).bundleURL
        let candidates = [bundle.appendingPathComponent("drover"), bundle.deletingLastPathComponent().appendingPathComponent("drover")]
        let binary = candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: binary.path), "build drover first: \(binary.path)")
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "TAG")
        environment.merge(extra) { _, added in added }
        let outcome = try ChildProcess.run(binary.path, arguments, environment: environment, directory: cwd, timeout: 60)
        return Result(status: outcome.status, stdout: outcome.stdout, stderr: outcome.stderr)
    }
}

// MARK: - Help and usage
extension DroverCLITests {
    func testAServiceWithoutImageAndAnEmptyFileAreRefused() throws {
        let folder = NSTemporaryDirectory() + "drover-validate-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "version: '2'\nservices:\n  web:\n    build: .\n".write(toFile: folder + "/docker-compose.yml", atomically: true, encoding: .utf8)
        let built = drover("validate", "-f", folder + "/docker-compose.yml")
        XCTAssertEqual(built.status, 1)
        XCTAssertTrue(built.stderr.contains("docker-compose.yml:3:3: services.web.image: no image: Drover runs images and builds none"), built.stderr)
        try "".write(toFile: folder + "/docker-compose.yml", atomically: true, encoding: .utf8)
        let empty = drover("validate", "-f", folder + "/docker-compose.yml")
        XCTAssertEqual(empty.status, 1)
        XCTAssertTrue(empty.stderr.contains("the file defines no service"), empty.stderr)
    }

    func testConfigRefusesAURLThatIsNotOne() throws {
        let file = NSTemporaryDirectory() + "drover-config-\(UUID().uuidString).json"
        defer { try? FileManager.default.removeItem(atPath: file) }
        let refused = try spawned("config", "--url", "not a url", environment: ["DROVER_CONFIG": file])
        XCTAssertEqual(refused.status, 64)
        XCTAssertTrue(refused.stderr.contains("--url not a url is not a server address"), refused.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: file), "nothing was saved")
        XCTAssertEqual(try spawned("config", "--url", "http://127.0.0.1:8080", environment: ["DROVER_CONFIG": file]).status, 0)
    }

    func testHelpListsCommands() throws {
        let result = drover("--help")
        XCTAssertEqual(result.status, 0)
        XCTAssertTrue(result.stdout.contains("validate"))
        XCTAssertTrue(result.stdout.contains("catalog"))
        let sub = drover("catalog", "render", "--help")
        XCTAssertEqual(sub.status, 0)
        XCTAssertTrue(sub.stdout.contains("--answers FILE"), sub.stdout)
        XCTAssertTrue(sub.stdout.contains("Usage: drover catalog render [options] <template[:version]>"), sub.stdout)
    }

    func testUsageErrorsExit64() throws {
        let unknown = try spawned("validate", "--bogus")
        XCTAssertEqual(unknown.status, 64)
        XCTAssertTrue(unknown.stderr.hasPrefix("error: unknown option '--bogus'"), unknown.stderr)
        XCTAssertTrue(unknown.stderr.contains("Usage: drover validate"), unknown.stderr)
        XCTAssertEqual(try spawned("catalog", "render").status, 64)
        XCTAssertEqual(try spawned("frobnicate").status, 64)
        let format = try spawned("validate", "--format", "xml")
        XCTAssertEqual(format.status, 64)
        XCTAssertTrue(format.stderr.contains("(allowed: text, json)"), format.stderr)
    }
}

// MARK: - validate
extension DroverCLITests {
    func testValidateDefaultsToTheCurrentDirectory() throws {
        let result = try spawned("validate", "-e", "answers.env", cwd: "\(Self.fixtures)/project")
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("image: \"nginx:1.25\""), result.stdout)
        XCTAssertTrue(result.stdout.contains("scale: 2"), result.stdout)
    }

    func testValidateJSONAndSet() throws {
        let result = drover("validate", "-f", "\(Self.fixtures)/project/docker-compose.yml", "--set", "TAG=2", "--format", "json")
        XCTAssertEqual(result.status, 0, result.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(json["valid"] as? Bool, true)
        let services = try XCTUnwrap((json["stack"] as? [String: Any])?["services"] as? [[String: Any]])
        XCTAssertEqual((services.first?["launchConfig"] as? [String: Any])?["image"] as? String, "nginx:2")
    }

    func testValidateReportsEveryErrorWithLocation() throws {
        let path = "\(Self.fixtures)/project/broken.yml"
        let result = drover("validate", "-f", path, "--rancher-file", "\(Self.fixtures)/project/rancher-compose.yml")
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stdout, "")
        XCTAssertTrue(result.stderr.contains("\(path):6:9: services.web.ports[0]: \"80:eighty\""), result.stderr)
        XCTAssertTrue(result.stderr.contains("\(path):7:10: services.web.tty: \"perhaps\" is not a boolean"), result.stderr)
        XCTAssertTrue(result.stderr.contains("2 error(s), 0 warning(s)"), result.stderr)
    }

    func testUnreadableFileIsNamed() throws {
        let result = drover("validate", "-f", "/nonexistent/docker-compose.yml")
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.hasPrefix("error: /nonexistent/docker-compose.yml: cannot read"), result.stderr)
    }
}

// MARK: - plan
extension DroverCLITests {
    func testOfflinePlanShowsPlacementsRunLinesAndWhyNot() throws {
        let file = "\(Self.fixtures)/plan/docker-compose.yml"
        let result = drover("plan", "--offline", "-f", file, "-s", "shop", "--host", "h1:db=true", "--host", "h2", "--format", "json")
        XCTAssertEqual(result.status, 1, "one web unit cannot be placed")
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let hosts = try XCTUnwrap(json["hosts"] as? [String: [[String: Any]]])
        XCTAssertEqual(hosts["h1"]?.compactMap { $0["container"] as? String }.sorted(), ["shop-db-1", "shop-web-2", "shop-web-logs-2"])
        XCTAssertEqual(hosts["h2"]?.compactMap { $0["container"] as? String }.sorted(), ["shop-web-1", "shop-web-logs-1"])
        let line = try XCTUnwrap(hosts["h2"]?.first { $0["container"] as? String == "shop-web-1" }?["dockerRun"] as? String)
        XCTAssertTrue(line.hasPrefix("docker run -d --name shop-web-1 "), line)
        XCTAssertTrue(line.contains("-p 80:80/tcp"), line)
        XCTAssertTrue(line.contains(" && docker network connect --alias web drover-") && line.hasSuffix("-shop shop-web-1"),
                      "the bare name on the stack's network: \(line)")
        XCTAssertEqual((json["unschedulable"] as? [String: String])?["shop/web"],
                       "cannot place unit 3 of 3: host port 80/tcp is already in use on all 2 eligible hosts")
        let text = drover("plan", "--offline", "-f", file, "-s", "shop", "--host", "h1:db=true", "--host", "h2:x=1")
        XCTAssertTrue(text.stdout.contains("host h2:\n  create shop-web-"), text.stdout)
        XCTAssertTrue(text.stderr.contains("unschedulable: shop/web: cannot place unit 3 of 3"), text.stderr)
        let unreachable = drover("plan", "-f", file, "--url", "http://127.0.0.1:1")
        XCTAssertEqual(unreachable.status, 69, "without --offline the plan comes from the server")
        XCTAssertTrue(unreachable.stderr.contains("cannot reach the Drover server at http://127.0.0.1:1"), unreachable.stderr)
        XCTAssertEqual(drover("plan", "--offline", "-f", file, "--host", "h1:bad").status, 64)
    }
}

// MARK: - catalog
extension DroverCLITests {
    func testCatalogListShowRenderBuiltIn() throws {
        let list = drover("catalog", "ls")
        XCTAssertEqual(list.status, 0, list.stderr)
        XCTAssertTrue(list.stdout.contains("library:hello"), list.stdout)
        let show = drover("catalog", "show", "hello:1")
        XCTAssertEqual(show.status, 0, show.stderr)
        XCTAssertTrue(show.stdout.contains("with_cache"), show.stdout)
        let render = drover("catalog", "render", "hello", "--set", "greeting=Hi", "--definition", "--format", "json")
        XCTAssertEqual(render.status, 0, render.stderr)
        XCTAssertTrue(render.stdout.contains("\"GREETING\" : \"Hi\""), render.stdout)
    }

    func testCatalogRenderRejectsBadAnswers() throws {
        let result = drover("catalog", "render", "hello:0", "--set", "public_port=eighty", "--set", "scale=50")
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("answers: public_port: \"eighty\" is not an integer"), result.stderr)
        XCTAssertTrue(result.stderr.contains("answers: scale: 50 is above the maximum 20"), result.stderr)
        let missing = drover("catalog", "show", "hello:7")
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.contains("template \"hello\" has no version \"7\" (versions: 0 (1.0.0), 1 (1.1.0))"), missing.stderr)
    }

    func testPasswordAnswersAreNeverPrinted() throws {
        let catalog = "\(Self.fixtures)/catalog"
        let render = drover("catalog", "render", "--catalog", catalog, "secretive", "--set", "db_password=hunter2secret")
        XCTAssertEqual(render.status, 0, render.stderr)
        XCTAssertFalse(render.stdout.contains("hunter2secret"))
        XCTAssertTrue(render.stdout.contains("********"), render.stdout)
        let json = drover("catalog", "render", "--catalog", catalog, "secretive", "--set", "db_password=hunter2secret", "--format", "json")
        XCTAssertFalse(json.stdout.contains("hunter2secret"))
        XCTAssertTrue(json.stdout.contains("\"USER\" : \"admin\""), json.stdout)
        let short = drover("catalog", "render", "--catalog", catalog, "secretive", "--set", "db_password=abc")
        XCTAssertEqual(short.status, 1)
        XCTAssertFalse(short.stderr.contains("abc\""), short.stderr)
        XCTAssertTrue(short.stderr.contains("db_password: the answer is shorter than 6 characters"), short.stderr)
    }

    func testCatalogCheckBuiltIn() throws {
        let result = drover("catalog", "check")
        XCTAssertEqual(result.status, 0, result.stdout)
        XCTAssertTrue(result.stdout.contains("versions,"), result.stdout)
        XCTAssertTrue(result.stdout.hasSuffix("0 failed\n"), result.stdout)
    }
}

// MARK: - Several compose files
extension DroverCLITests {
    func testUpRendersTheMergedFilesWithTheRancherFileBesideTheFirst() throws {
        let directory = "\(Self.fixtures)/merge"
        let result = try spawned("up", "-f", "docker-compose.yml", "-f", "override.yml", "--render", cwd: directory)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, """
        # docker-compose.yml + override.yml
        version: "2"
        services:
          web:
            image: nginx:1.25
            ports:
              - 8080:80
              - 8443:443
            environment:
              MODE: staging
              GREETING: "yes"
            labels:
              note: $literal
        # rancher-compose.yml
        version: '2'
        services:
          web:
            scale: 2

        """)
        let fromEnvironment = try spawned("up", "--render", cwd: directory, environment: ["COMPOSE_FILE": "docker-compose.yml:override.yml"])
        XCTAssertEqual(fromEnvironment.stdout, result.stdout)
    }

    func testUpChecksMergedFilesBeforeSendingAnything() throws {
        let directory = "\(Self.fixtures)/merge"
        let bad = try spawned("up", "-f", "docker-compose.yml", "-f", "bad.yml", "--url", "http://127.0.0.1:1", cwd: directory)
        XCTAssertEqual(bad.status, 1, "rejected locally, not sent (69 would mean it tried the server)")
        XCTAssertEqual(bad.stderr, "bad.yml:5:9: services.web.ports[1]: \"8443:https\": \"https\" is not a port number (1-65535)\n"
                       + "1 error(s), 0 warning(s)\n")
        let good = try spawned("up", "-f", "docker-compose.yml", "-f", "override.yml", "--url", "http://127.0.0.1:1", cwd: directory)
        XCTAssertEqual(good.status, 69, good.stderr)
    }

    func testValidateAndOfflinePlanMergeSeveralFiles() throws {
        let directory = "\(Self.fixtures)/merge"
        let validate = try spawned("validate", "-f", "docker-compose.yml", "-f", "override.yml", "--format", "json", cwd: directory)
        XCTAssertEqual(validate.status, 0, validate.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(validate.stdout.utf8)) as? [String: Any])
        let web = try XCTUnwrap(((json["stack"] as? [String: Any])?["services"] as? [[String: Any]])?.first)
        XCTAssertEqual(web["scale"] as? Int, 2)
        let config = try XCTUnwrap(web["launchConfig"] as? [String: Any])
        XCTAssertEqual(config["environment"] as? [String: String], ["MODE": "staging", "GREETING": "yes"])
        XCTAssertEqual((config["ports"] as? [Any])?.count, 2)
        let invalid = try spawned("validate", "-f", "docker-compose.yml", "-f", "bad.yml", cwd: directory)
        XCTAssertEqual(invalid.status, 1)
        XCTAssertTrue(invalid.stderr.hasPrefix("bad.yml:5:9: services.web.ports[1]"), invalid.stderr)
        let plan = try spawned("plan", "--offline", "-f", "docker-compose.yml", "-f", "override.yml", "-s", "shop", "--host", "h1", "--host", "h2", cwd: directory)
        XCTAssertEqual(plan.status, 0, plan.stderr)
        XCTAssertTrue(plan.stdout.contains("-p 8080:80/tcp -p 8443:443/tcp"), plan.stdout)
    }
}
