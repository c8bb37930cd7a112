import DroverDocker
import DroverModel
import Foundation
import XCTest

/// The orchestrator process (`drover-bench deploy`: load, plan, carry out) is killed with SIGKILL at random points
/// of a deploy, ten times; the next run converges with no duplicated and no orphaned container.
final class CrashSafetyTests: EngineTestCase {
    static let compose = """
    version: '2'
    services:
      web:
        image: drover-local/busybox:latest
        command: sleep 3600
        init: true
        volumes_from: [data]
        labels:
          io.rancher.sidekicks: data
      data:
        image: drover-local/busybox:latest
        command: sleep 3600
        init: true
        volumes: [/data]
      worker:
        image: drover-local/busybox:latest
        command: sleep 3600
        init: true
    """
    static let rancher = "version: '2'\nservices:\n  web:\n    scale: 6\n  worker:\n    scale: 6\n"

    private var directory = ""

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: directory)
        try super.tearDownWithError()
    }

    /// `drover-bench`, built next to the test bundle.
    private func benchBinary() throws -> URL {
        let bundle = Bundle(for: CrashSafetyTests.self).bundleURL
        let candidates = [bundle.appendingPathComponent("drover-bench"), bundle.deletingLastPathComponent().appendingPathComponent("drover-bench")]
        return try XCTUnwrap(candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }, "build drover-bench first")
    }

    private func deployProcess(_ file: String) throws -> (Process, Pipe) {
        let process = Process()
        process.executableURL = try benchBinary()
        process.arguments = ["deploy", "--file", file, "--prefix", runId, "--parallel", "4"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        return (process, pipe)
    }

    private func assertNoDuplicates(_ context: String) throws {
        let containers = try client.listContainers(labels: ["io.drover.environment=\(runId)"])
        let byInstance = Dictionary(grouping: containers) { $0.labels["io.drover.instance"] ?? "" }
        XCTAssertEqual(byInstance.filter { $0.value.count > 1 }.keys.sorted(), [], "duplicated instances \(context)")
        let byMember = Dictionary(grouping: containers) { $0.labels["io.rancher.container.name"] ?? "" }
        XCTAssertEqual(byMember.filter { $0.value.count > 1 }.keys.sorted(), [], "two containers for one unit member \(context)")
    }

    func testKilledDeploysConvergeWithoutDuplicatesOrOrphans() throws {
        directory = NSTemporaryDirectory() + "drover-crash-\(runId)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let file = directory + "/docker-compose.yml"
        try Self.compose.write(toFile: file, atomically: true, encoding: .utf8)
        try Self.rancher.write(toFile: directory + "/rancher-compose.yml", atomically: true, encoding: .utf8)
        var generator = SystemRandomNumberGenerator()
        for attempt in 1...10 {
            let (process, _) = try deployProcess(file)
            Thread.sleep(forTimeInterval: Double.random(in: 0.05...1.2, using: &generator))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            try assertNoDuplicates("after kill \(attempt)")
        }
        let (finalRun, output) = try deployProcess(file)
        finalRun.waitUntilExit()
        XCTAssertEqual(finalRun.terminationStatus, 0)
        _ = output.fileHandleForReading.readDataToEndOfFile()
        try assertNoDuplicates("after the final deploy")
        let running = try client.listContainers(labels: ["io.drover.environment=\(runId)"]).filter { $0.state == "running" }
        XCTAssertEqual(running.count, 18, "web 6 units × 2 members + worker 6")
        XCTAssertEqual(Set(running.map(\.name)).count, 18)
        let (again, againOutput) = try deployProcess(file)
        again.waitUntilExit()
        let text = String(decoding: againOutput.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertTrue(text.contains("actions=0"), "a converged stack plans nothing: \(text)")
        XCTAssertEqual(try client.listContainers(labels: ["io.drover.environment=\(runId)"]).count, 18, "no orphans left behind")
    }
}
