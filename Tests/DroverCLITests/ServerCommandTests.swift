import DroverBasics
import DroverCLI
import DroverServer
import Foundation
import TestSupport
import XCTest

/// Commands against a real server in this process (no agent: services that need containers stay unplaced, those of
/// scale 0 are active): what a new user hit with stacks, keys and catalogs, each answered with the right exit code and
/// a message that says what is wrong.
final class ServerCommandTests: XCTestCase {
    private var directory = ""
    private var runtime: ServerRuntime!
    private var keys: [String: String] = [:]

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "drover-cli-\(UUID().uuidString.prefix(8))"
        var options = ServerRuntime.Options()
        options.port = 0
        options.dataDirectory = directory + "/data"
        options.catalogs = [(name: "library", path: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                                .appendingPathComponent("../../catalog").standardized.path)]
        runtime = try ServerRuntime(options: options)
        try runtime.start()
        for line in try String(contentsOfFile: runtime.adminKeyFile, encoding: .utf8).split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { keys[parts[0]] = parts[1] }
        }
    }

    override func tearDownWithError() throws {
        runtime?.stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Runs a command against the server with the admin key (or `access`/`secret`) and returns what it printed.
    private func drover(_ arguments: String..., access: String? = nil, secret: String? = nil) -> (status: Int32, stdout: String, stderr: String) {
        let printed = Locked((out: "", err: ""))
        let status = DroverCLI.run(arguments + ["--url", "http://127.0.0.1:\(runtime.port)", "--access-key", access ?? keys["DROVER_ACCESS_KEY"]!,
                                                "--secret-key", secret ?? keys["DROVER_SECRET_KEY"]!],
                                   Output { stream, text in printed.withLock { if stream == .out { $0.out += text } else { $0.err += text } } })
        return (status, printed.current.out, printed.current.err)
    }

    /// A project folder with one service at scale 0 (active without any host).
    private func project(_ name: String) throws -> String {
        let path = directory + "/" + name
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try "version: '2'\nservices:\n  web:\n    image: busybox\n    command: sleep 60\n".write(toFile: path + "/docker-compose.yml", atomically: true, encoding: .utf8)
        try "version: '2'\nservices:\n  web:\n    scale: 0\n".write(toFile: path + "/rancher-compose.yml", atomically: true, encoding: .utf8)
        return path
    }

    private func up(_ name: String) throws {
        let result = drover("up", "-f", try project(name) + "/docker-compose.yml", "-s", name)
        XCTAssertEqual(result.status, 0, result.stderr)
    }

    func testRemovingSeveralStacksGoesOnPastOneThatIsMissing() throws {
        try up("a")
        try up("b")
        let removed = drover("rm", "a", "nosuch", "b")
        XCTAssertEqual(removed.status, 1)
        XCTAssertTrue(removed.stderr.contains("no stack \"nosuch\""), removed.stderr)
        XCTAssertEqual(removed.stdout, "removed a\nremoved b\n")
    }

    func testPruneAndRmRemoveSingleServices() throws {
        let path = try project("app")
        let two = "version: '2'\nservices:\n  web:\n    image: busybox\n  worker:\n    image: busybox\n  cron:\n    image: busybox\n"
        let scales = "version: '2'\nservices:\n  web:\n    scale: 0\n  worker:\n    scale: 0\n  cron:\n    scale: 0\n"
        try two.write(toFile: path + "/docker-compose.yml", atomically: true, encoding: .utf8)
        try scales.write(toFile: path + "/rancher-compose.yml", atomically: true, encoding: .utf8)
        XCTAssertEqual(drover("up", "-f", path + "/docker-compose.yml", "-s", "app").status, 0)
        try two.replacingOccurrences(of: "  worker:\n    image: busybox\n", with: "").write(toFile: path + "/docker-compose.yml", atomically: true,
                                                                                         encoding: .utf8)
        let pruned = drover("up", "-u", "--prune", "-d", "-f", path + "/docker-compose.yml", "-s", "app")
        XCTAssertEqual(pruned.status, 0, pruned.stderr)
        XCTAssertTrue(pruned.stderr.contains("not defined in"), "rancher-compose.yml still names worker: \(pruned.stderr)")
        let removed = drover("rm", "app/cron")
        XCTAssertEqual(removed.status, 0, removed.stderr)
        let services = drover("ps", "-s", "app", "--format", "json")
        XCTAssertEqual(services.status, 0, services.stderr)
        let ids = try JSONDecoder().decode([ServiceIdentity].self, from: Data(services.stdout.utf8)).map(\.id)
        XCTAssertEqual(ids, ["app.web"], "worker pruned, cron removed")
    }

    /// The part of a listed service these tests read.
    private struct ServiceIdentity: Decodable {
        var id: String
    }

    func testCatalogSaveNumbersVersionsOnKeepsTheTemplatesConfigAndSaysHowToInstall() throws {
        try up("app")
        let catalog = directory + "/mine"
        let first = drover("catalog", "save", "app", "--catalog", catalog, "--version", "1.1.0")
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertTrue(first.stdout.contains("drover catalog install app:0 --catalog-name mine"), first.stdout)
        let config = catalog + "/templates/app/config.yml"
        try (try String(contentsOfFile: config, encoding: .utf8)).replacingOccurrences(of: "name: app", with: "name: My App")
            .write(toFile: config, atomically: true, encoding: .utf8)
        let second = drover("catalog", "save", "app", "--catalog", catalog)
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertTrue(second.stdout.contains("version 1 (1.1.1)"), "the patch after the highest version: \(second.stdout)")
        let kept = try String(contentsOfFile: config, encoding: .utf8)
        XCTAssertTrue(kept.contains("name: My App") && kept.contains("version: 1.1.1"), kept)
        let again = drover("catalog", "save", "app", "--catalog", catalog, "--version", "1.1.0")
        XCTAssertEqual(again.status, 1)
        XCTAssertTrue(again.stderr.contains("template app already has version 1.1.0 (folder 0)"), again.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: catalog + "/templates/app/2"), "nothing written for the refused version")
        XCTAssertEqual(drover("catalog", "save", "app", "--catalog", catalog, "--template", "Bad Name").status, 64)
    }

    func testExportSaysTheScaleServicesRunAt() throws {
        try up("app")
        XCTAssertEqual(drover("scale", "app/web=3").status, 0)
        let exported = drover("export", "app")
        XCTAssertEqual(exported.status, 0, exported.stderr)
        XCTAssertTrue(exported.stdout.contains("web:\n    scale: 3"), exported.stdout)
    }

    func testRemovingAStackSaysWhatBecomesOfItsVolumes() throws {
        let path = try project("data")
        try "version: '2'\nservices:\n  web:\n    image: busybox\n    volumes: [store:/store]\nvolumes:\n  store: {}\n"
            .write(toFile: path + "/docker-compose.yml", atomically: true, encoding: .utf8)
        XCTAssertEqual(drover("up", "-f", path + "/docker-compose.yml", "-s", "data").status, 0)
        let kept = drover("rm", "data")
        XCTAssertEqual(kept.stdout, "removed data; its named volumes data_store are kept on its hosts (`drover rm -v` removes them with the stack)\n")
        XCTAssertEqual(drover("up", "-f", path + "/docker-compose.yml", "-s", "data").status, 0)
        XCTAssertEqual(drover("rm", "-v", "data").stdout, "removed data with its volumes data_store\n")
    }

    func testCertificatesAreAddedListedAndRemovedWithoutTheirKeysShown() throws {
        let certs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../DroverServerTests/Fixtures/certs").standardized.path
        let added = drover("certs", "add", "site", "--cert", certs + "/example.crt", "--key", certs + "/example.key")
        XCTAssertEqual(added.status, 0, added.stderr)
        XCTAssertEqual(added.stdout, "certificate site added: example.com (example.com, www.example.com), valid until 2126-01-01\n")
        let listed = drover("certs", "ls", "--format", "json")
        XCTAssertTrue(listed.stdout.contains("\"commonName\" : \"example.com\"") && !listed.stdout.contains("PRIVATE KEY"), listed.stdout)
        let refused = drover("certs", "add", "odd", "--cert", certs + "/example.crt", "--key", certs + "/other.key")
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stderr.contains("key: it is not the private key of this certificate"), refused.stderr)
        XCTAssertEqual(drover("certs", "rm", "site").stdout, "removed certificate site\n")
        XCTAssertEqual(drover("certs", "ls").stdout.split(separator: "\n").count, 1, "only the header is left")
    }

    func testMissingNamesAreNamedAsWhatWasLookedFor() throws {
        let inspect = drover("inspect", "nosuch")
        XCTAssertEqual(inspect.status, 1)
        XCTAssertEqual(inspect.stderr, "error: no stack, service or container named nosuch in environment default\n")
        let ps = drover("ps", "-s", "nosuch")
        XCTAssertEqual(ps.status, 1)
        XCTAssertTrue(ps.stderr.contains("no stack \"nosuch\""), ps.stderr)
        XCTAssertEqual(ps.stdout, "", "no empty table")
    }

    func testAWrongSecretSaysSo() {
        let wrong = drover("stacks", secret: "not-the-secret")
        XCTAssertEqual(wrong.status, 1)
        XCTAssertTrue(wrong.stderr.contains("do not match a key of this server"), wrong.stderr)
    }

    func testAReadOnlyKeyMayPlanAndExport() throws {
        try up("app")
        let created = drover("keys", "create", "--role", "readonly", "--format", "json")
        XCTAssertEqual(created.status, 0, created.stderr)
        let key = try JSONDecoder().decode([String: String].self, from: Data(created.stdout.utf8))
        let (access, secret) = (key["publicValue"]!, key["secretValue"]!)
        let exported = drover("export", "app", access: access, secret: secret)
        XCTAssertEqual(exported.status, 0, exported.stderr)
        XCTAssertTrue(exported.stdout.contains("scale: 0"), exported.stdout)
        let planned = drover("plan", "-f", directory + "/app/docker-compose.yml", "-s", "app", access: access, secret: secret)
        XCTAssertEqual(planned.status, 0, planned.stderr)
        let changed = drover("scale", "app/web=1", access: access, secret: secret)
        XCTAssertEqual(changed.status, 1, "but changes nothing")
        XCTAssertTrue(changed.stderr.contains("may only read"), changed.stderr)
    }

    func testStartingAnActiveServiceIsNothingToDo() throws {
        try up("app")
        let started = drover("start", "app/web")
        XCTAssertEqual(started.status, 0, started.stderr)
        XCTAssertEqual(started.stdout, "app.web: active\n")
    }

    func testTheRegistrationCommandNamesThisServer() {
        let created = drover("env", "create", "Staging")
        XCTAssertEqual(created.status, 0, created.stderr)
        XCTAssertTrue(created.stdout.contains("drover agent --url http://127.0.0.1:\(runtime.port) --token "), created.stdout)
    }

    /// `TAG=$GIT_SHA drover up -u`: the caller's environment fills the files' variables, for plan and up alike.
    func testTheCallersEnvironmentFillsTheFilesVariables() throws {
        let path = try project("tagged")
        try "version: '2'\nservices:\n  web:\n    image: busybox:${DROVER_TEST_TAG}\n".write(toFile: path + "/docker-compose.yml", atomically: true,
                                                                                          encoding: .utf8)
        setenv("DROVER_TEST_TAG", "1", 1)
        defer { unsetenv("DROVER_TEST_TAG") }
        XCTAssertEqual(drover("up", "-f", path + "/docker-compose.yml", "-s", "tagged").status, 0)
        setenv("DROVER_TEST_TAG", "2", 1)
        let planned = drover("plan", "-f", path + "/docker-compose.yml", "-s", "tagged")
        XCTAssertEqual(planned.status, 0, planned.stderr)
        XCTAssertTrue(planned.stdout.contains("upgraded: web"), "plan sees the shell's TAG=2: \(planned.stdout)")
        let upgraded = drover("up", "-u", "-d", "-f", path + "/docker-compose.yml", "-s", "tagged")
        XCTAssertEqual(upgraded.status, 0, upgraded.stderr)
        let stack = drover("inspect", "tagged")
        XCTAssertTrue(stack.stdout.contains("\"DROVER_TEST_TAG\" : \"2\""), stack.stdout)
        XCTAssertTrue(stack.stdout.contains("\"revision\" : 2"), stack.stdout)
    }

    func testWaitingForAStackThatCannotBePlacedEndsWithTheReason() throws {
        let path = try project("nowhere")
        try "version: '2'\nservices:\n  web:\n    scale: 1\n".write(toFile: path + "/rancher-compose.yml", atomically: true, encoding: .utf8)
        XCTAssertEqual(drover("up", "-d", "-f", path + "/docker-compose.yml", "-s", "nowhere").status, 0)
        let started = Date()
        let waited = drover("wait", "nowhere", "--wait-timeout", "60")
        XCTAssertEqual(waited.status, 2, waited.stderr)
        XCTAssertTrue(waited.stderr.contains("stack nowhere cannot be placed: service web: cannot place unit 1 of 1: no hosts are available"),
                      waited.stderr)
        XCTAssertLessThan(Date().timeIntervalSince(started), 30, "it gives up after the grace, long before the timeout")
    }

    func testEnvironmentIdsComeFromTheirNamesAndNeverClash() {
        XCTAssertTrue(drover("env", "create", "bad name!").stdout.contains("created with id bad-name\n"))
        XCTAssertTrue(drover("env", "create", "Bad Name?").stdout.contains("created with id bad-name-2\n"))
        let again = drover("env", "create", "bad name!")
        XCTAssertEqual(again.status, 1)
        XCTAssertTrue(again.stderr.contains("environment \"bad name!\" already exists"), again.stderr)
    }

    func testEventsSayWhen() throws {
        try up("app")
        let events = drover("events", "--tail", "1")
        XCTAssertEqual(events.status, 0, events.stderr)
        let today = DateFormatter()
        today.dateFormat = "yyyy-MM-dd"
        XCTAssertTrue(events.stdout.contains("  \(today.string(from: Date())) "), events.stdout)
    }

    func testACatalogStackDoesNotUpgradeToAnOlderVersion() {
        let installed = drover("catalog", "install", "hello:1", "--name", "web", "-d")
        XCTAssertEqual(installed.status, 0, installed.stderr)
        let older = drover("catalog", "upgrade", "hello:0", "--stack", "web", "-d")
        XCTAssertEqual(older.status, 1)
        XCTAssertTrue(older.stderr.contains("cannot upgrade to version 0 (1.0.0)"), older.stderr)
        XCTAssertTrue(older.stderr.contains("use rollback"), older.stderr)
    }

    func testNumbersAndStatesAreCheckedBeforeAnythingIsSent() {
        for arguments in [["logs", "x", "--tail", "abc"], ["logs", "x", "--tail", "-1"], ["events", "--tail", "many"],
                          ["wait", "app", "--wait-timeout", "abc"], ["wait", "app", "--state", "bogus"], ["up", "--batch-size", "0"],
                          ["rollback", "app", "--to-revision", "x"]] {
            let result = DroverCLI.run(arguments, Output { _, _ in })
            XCTAssertEqual(result, 64, "\(arguments)")
        }
    }
}
