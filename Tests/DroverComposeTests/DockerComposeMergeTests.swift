@testable import DroverCompose
import DroverModel
import Foundation
import TestSupport
import XCTest

/// Drover's merge of `Fixtures/merge/<case>/*.yml` agrees with `docker-compose -f … config` (1.29.2): both results
/// loaded as stacks give the same services. Skipped only when docker-compose is not on PATH (`.ci/run` installs it).
final class DockerComposeMergeTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/merge")

    func testTwoVersion2Files() throws { try assertAgrees("v2-web") }
    func testTwoVersion3Files() throws { try assertAgrees("v3-deploy") }
    func testTwoVersion1Files() throws { try assertAgrees("v1-legacy") }
    func testThreeFiles() throws { try assertAgrees("three-files") }

    private func assertAgrees(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let directory = Self.fixtures.appendingPathComponent(name)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".yml") }.sorted()
        XCTAssertGreaterThan(names.count, 1, file: file, line: line)
        let environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("COMPOSE_") }
        let reference = try dockerComposeConfig(names, in: directory, environment: environment)
        let loader = StackLoader(variables: VariableSource(environment: environment), projectDirectory: directory.path)
        let theirs = try loader.load(compose: SourceFile(name: "config", text: reference)).definition
        let files = try names.map { SourceFile(name: $0, text: try String(contentsOf: directory.appendingPathComponent($0), encoding: .utf8)) }
        let ours = try loader.load(compose: files).definition
        XCTAssertFalse(ours.services.isEmpty, file: file, line: line)
        XCTAssertEqual(try canonicalJSON(normalized(ours)), try canonicalJSON(normalized(theirs)),
                       "drover's merge differs from docker-compose config:\n\(reference)", file: file, line: line)
    }

    /// `docker-compose -f a.yml -f b.yml … config` run in `directory`.
    private func dockerComposeConfig(_ names: [String], in directory: URL, environment: [String: String]) throws -> String {
        let path = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
            .map { "\($0)/docker-compose" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let path else { try RequiredParts.missing("docker-compose is not on PATH") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = names.flatMap { ["-f", $0] } + ["config"]
        process.currentDirectoryURL = directory
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, String(decoding: stderr, as: UTF8.self))
        return String(decoding: stdout, as: UTF8.self)
    }

    /// The definition with what docker-compose's `config` output writes differently but means the same taken out:
    /// the lists it sorts sorted, port ranges expanded (and repeated ports once), the `rw` mode it adds to volumes,
    /// and the `network_mode: bridge` it adds to version 1 services.
    private func normalized(_ definition: StackDefinition) -> StackDefinition {
        var copy = definition
        for index in copy.services.indices {
            var config = copy.services[index].launchConfig
            var ports: [String: PortMapping] = [:]
            for port in config.ports.flatMap(expanded) { ports[port.description] = port }
            config.ports = ports.keys.sorted().map { ports[$0]! }
            config.volumes = config.volumes.map { volume in
                var volume = volume
                volume.options.removeAll { $0 == "rw" }
                return volume
            }.sorted { $0.description < $1.description }
            for keyPath in [\LaunchConfig.expose, \.capAdd, \.capDrop, \.devices, \.securityOpt, \.extraHosts, \.networks,
                            \.volumesFrom, \.dependsOn] {
                config[keyPath: keyPath].sort()
            }
            config.links.sort { "\($0.target):\($0.alias)" < "\($1.target):\($1.alias)" }
            config.externalLinks.sort { "\($0.target):\($0.alias)" < "\($1.target):\($1.alias)" }
            if config.networkMode == "bridge" { config.networkMode = nil }
            copy.services[index].launchConfig = config
        }
        return copy
    }

    /// One mapping per port of a range, as docker-compose writes them.
    private func expanded(_ port: PortMapping) -> [PortMapping] {
        guard let end = port.containerPortEnd else { return [port] }
        return (0...(end - port.containerPort)).map { offset in
            PortMapping(hostIp: port.hostIp, hostPort: port.hostPort.map { $0 + offset }, containerPort: port.containerPort + offset,
                        protocol: port.protocol)
        }
    }
}
