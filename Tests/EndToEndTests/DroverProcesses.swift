import Foundation
import TestSupport
import XCTest

/// Runs the built `drover` as users do: a server process (`drover server --local-agent`) on a free port with its own
/// data directory, agent processes, and CLI commands against them. Everything a test's server creates is labelled
/// with its own host ids, and removed afterwards.
class DroverProcessTestCase: XCTestCase {
    /// A finished CLI run.
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// A running process whose stderr is collected as it arrives.
    final class Running: @unchecked Sendable {
        let process: Process
        private let lock = NSLock()
        private var collected = ""

        init(_ process: Process, stderr: Pipe) {
            self.process = process
            stderr.fileHandleForReading.readabilityHandler = { [weak self] handle in
                let data = handle.availableData
                guard let self, !data.isEmpty else { return }
                self.lock.lock()
                self.collected += String(decoding: data, as: UTF8.self)
                self.lock.unlock()
            }
        }

        var stderr: String {
            lock.lock()
            defer { lock.unlock() }
            return collected
        }
    }

    private(set) var directory = ""
    private(set) var url = ""
    private(set) var keys: [String: String] = [:]
    private var processes: [Running] = []
    /// Every process launched so far.
    var launched: [Running] { processes }
    var dockerHost: String { ProcessInfo.processInfo.environment["DOCKER_HOST"] ?? "" }

    /// The built `drover` next to the test bundle.
    static var binary: URL {
        let bundle = Bundle(for: DroverProcessTestCase.self).bundleURL
        let candidates = [bundle.appendingPathComponent("drover"), bundle.deletingLastPathComponent().appendingPathComponent("drover")]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }

    override func setUpWithError() throws {
        guard ProcessInfo.processInfo.environment["DOCKER_HOST"] != nil else {
            try RequiredParts.missing("DOCKER_HOST is not set: run the tests through scripts/test, which starts a Docker engine")
        }
        directory = NSTemporaryDirectory() + "drover-e2e-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        let hostIds = (try? registeredHostIds()) ?? []
        for running in processes where running.process.isRunning {
            running.process.terminate()
            if !TestSupport.waitUntil("\(running.process.arguments?.first ?? "drover") stops on SIGTERM", timeout: 15, { !running.process.isRunning }) {
                kill(running.process.processIdentifier, SIGKILL)
                running.process.waitUntilExit()
            }
        }
        var engines = Set([dockerHost])
        for index in 1...max(1, Int(ProcessInfo.processInfo.environment["DROVER_TEST_HOSTS"] ?? "0") ?? 0) {
            if let engine = ProcessInfo.processInfo.environment["DROVER_TEST_HOST\(index)_DOCKER"] { engines.insert(engine) }
        }
        for engine in engines where !engine.isEmpty {
            for host in hostIds {
                let ids = docker(engine, "ps", "-aq", "--filter", "label=io.drover.host=\(host)").split(separator: "\n").map(String.init)
                if !ids.isEmpty { _ = docker(engine, ["rm", "-f", "-v"] + ids) }
            }
            // The stack networks the removed containers were the last on (the agents remove them with a stack).
            _ = docker(engine, "network", "prune", "-f", "--filter", "label=io.rancher.stack.name")
        }
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Host ids the server registered (for clean-up), asked while it still runs.
    private func registeredHostIds() throws -> [String] {
        guard !url.isEmpty else { return [] }
        let run = try drover("hosts", "--format", "json", timeout: 20)
        let items = (try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]]) ?? []
        return items.compactMap { $0["id"] as? String }
    }

    /// Starts `drover server --local-agent` and waits until it answers; sets `url` and the admin `keys`.
    @discardableResult
    func startServer(localAgent: Bool = true, reconcileInterval: String = "0.5", extra: [String] = []) throws -> Running {
        let running = try launch(["server", "--data-dir", directory + "/data", "--listen", "127.0.0.1:0", "--reconcile-interval", reconcileInterval]
                                 + (localAgent ? ["--local-agent", "--docker", dockerHost] : []) + extra)
        try waitUntil("the server prints its address", timeout: 30) { running.stderr.contains("listening on http://") || !running.process.isRunning }
        let line = try XCTUnwrap(running.stderr.split(separator: "\n").first { $0.contains("listening on http://") }, running.stderr)
        url = String(line.split(separator: " ").first { $0.hasPrefix("http://") }!)
        let text = try String(contentsOfFile: directory + "/data/admin-key", encoding: .utf8)
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { keys[parts[0]] = parts[1] }
        }
        return running
    }

    /// Starts a process of `drover` with `arguments` in the background.
    @discardableResult
    func launch(_ arguments: [String]) throws -> Running {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = environment()
        process.standardOutput = FileHandle.nullDevice
        let pipe = Pipe()
        process.standardError = pipe
        try process.run()
        let running = Running(process, stderr: pipe)
        processes.append(running)
        return running
    }

    /// Runs `drover` with `arguments` against the test's server and waits for it (at most `timeout` seconds).
    @discardableResult
    func drover(_ arguments: String..., cwd: String? = nil, timeout: Double = 180) throws -> Run {
        try command(Self.binary.path, arguments, cwd: cwd, timeout: timeout)
    }

    /// The environment of CLI runs: the test server's URL and admin key.
    func environment() -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["DROVER_URL"] = url
        environment["DROVER_ACCESS_KEY"] = keys["DROVER_ACCESS_KEY"]
        environment["DROVER_SECRET_KEY"] = keys["DROVER_SECRET_KEY"]
        environment["DROVER_CONFIG"] = directory + "/config.json"
        return environment
    }

    func command(_ path: String, _ arguments: [String], cwd: String? = nil, timeout: Double = 180) throws -> Run {
        let outcome = try ChildProcess.run(path, arguments, environment: environment(), directory: cwd ?? directory, timeout: timeout)
        return Run(status: outcome.status, stdout: outcome.stdout, stderr: outcome.stderr)
    }

    /// Runs the docker CLI against `engine`.
    func docker(_ engine: String, _ arguments: String...) -> String {
        docker(engine, arguments)
    }

    func docker(_ engine: String, _ arguments: [String]) -> String {
        var environment = ProcessInfo.processInfo.environment
        environment["DOCKER_HOST"] = engine
        let outcome = try? ChildProcess.run("/usr/bin/env", ["docker"] + arguments, environment: environment, timeout: 120)
        return (outcome?.stdout ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A compose file of busybox `sleep` services: `web` labelled `tag`, and a `worker` when asked.
    static func sleepers(tag: String, withWorker: Bool) -> String {
        let service = { (name: String, labels: String) in
            "  \(name):\n    image: drover-local/busybox:latest\n    command: sleep 3600\n    init: true\n\(labels)"
        }
        return "version: '2'\nservices:\n" + service("web", "    labels:\n      tag: \"\(tag)\"\n")
            + (withWorker ? service("worker", "") : "")
    }

    /// Writes a compose project (docker-compose.yml, rancher-compose.yml) into `<directory>/<name>`; returns its path.
    @discardableResult
    func project(_ name: String, compose: String, rancher: String? = nil) throws -> String {
        let path = directory + "/" + name
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try compose.write(toFile: path + "/docker-compose.yml", atomically: true, encoding: .utf8)
        if let rancher { try rancher.write(toFile: path + "/rancher-compose.yml", atomically: true, encoding: .utf8) }
        return path
    }

    /// `drover ps -c --format json` as name → container resource.
    func containers(stack: String) throws -> [String: [String: Any]] {
        let run = try drover("ps", "-c", "-s", stack, "--format", "json")
        XCTAssertEqual(run.status, 0, run.stderr)
        let items = (try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]]) ?? []
        return Dictionary(uniqueKeysWithValues: items.map { ($0["name"] as? String ?? "", $0) })
    }

    /// An HTTP GET with curl; the body, or nil when it does not answer.
    func get(_ url: String) -> String? {
        guard let run = try? command("/usr/bin/env", ["curl", "-fsS", "-m", "3", url], timeout: 10), run.status == 0 else { return nil }
        return run.stdout
    }

    /// Polls `condition` until it holds or `timeout` seconds pass; fails the test with `message` on timeout.
    func waitUntil(_ message: String, timeout: Double = 60, file: StaticString = #filePath, line: UInt = #line,
                   _ condition: () throws -> Bool) throws {
        guard try TestSupport.waitUntil(message, timeout: timeout, file: file, line: line, condition) else { throw TimedOut(message: message) }
    }

    /// A wait that ran out of time (the test has already failed).
    struct TimedOut: Error {
        var message: String
    }
}
