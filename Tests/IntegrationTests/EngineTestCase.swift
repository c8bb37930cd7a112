import DroverAgent
import DroverDocker
import DroverModel
import DroverOrchestrator
import Foundation
import TestSupport
import XCTest

/// Base for tests on a real Docker engine (`$DOCKER_HOST`, set up by scripts/test with scripts/docker-engine).
/// Every container, network and volume a test makes carries `io.drover.test=<run id>` or belongs to the environment
/// `<run id>` (what agents create) and is removed afterwards, with the environment and stack networks.
class EngineTestCase: XCTestCase {
    static let busybox = "drover-local/busybox:latest"
    let runId = "t" + UUID().uuidString.prefix(8).lowercased()
    private(set) var client: DockerClient!
    private var networks: [String] = []
    private var volumes: [String] = []

    override func setUpWithError() throws {
        guard ProcessInfo.processInfo.environment["DOCKER_HOST"] != nil else {
            try RequiredParts.missing("DOCKER_HOST is not set: run the tests through scripts/test, which starts a Docker engine")
        }
        client = try DockerClient.fromEnvironment()
        XCTAssertTrue(try client.ping())
        XCTAssertNotNil(try client.inspectImage(Self.busybox), "run scripts/build-images first")
    }

    override func tearDownWithError() throws {
        guard let client else { return }
        for label in ["io.drover.test=\(runId)", "io.drover.environment=\(runId)"] {
            for container in try client.listContainers(labels: [label]) {
                try client.removeContainer(container.id, force: true, volumes: true)
            }
        }
        let stackNetworks = try client.listNetworks(labels: ["\(ContainerIdentity.environmentLabel)=\(runId)"]).map(\.name)
        for network in networks + stackNetworks + [ContainerIdentity.networkName(environment: runId)] { try client.removeNetwork(network) }
        for volume in volumes { try client.removeVolume(volume, force: true) }
    }

    /// A reconciler over `hosts`, each served by an in-process agent on this engine, in the environment `runId`.
    func localReconciler(_ hosts: [SchedulingHost]) -> Reconciler {
        Reconciler(environment: runId, hosts: hosts, agents: hosts.map { LocalAgent(executor: Executor(client: client, host: $0.id)) })
    }

    /// A network removed after the test; returns its name.
    func makeNetwork(_ name: String) throws -> String {
        networks.append(name)
        _ = try client.createNetwork(name, labels: ["io.drover.test": runId])
        return name
    }

    /// Registers a volume (created by the test or by Docker) for removal after the test.
    func removeAfterwards(volume: String) {
        volumes.append(volume)
    }

    /// An identity for container `index` of `service` in this test's stack.
    func identity(_ service: String, sidekick: String? = nil, index: Int = 1, unit: String = "u1") -> ContainerIdentity {
        ContainerIdentity(environment: runId, host: "h1", stack: runId, service: service, sidekick: sidekick, index: index,
                          deploymentUnit: unit, instance: "\(service)-\(sidekick ?? "main")-\(index)")
    }

    /// Builds, creates and starts a container of `config`, labelled for clean-up.
    @discardableResult
    func run(_ config: LaunchConfig, identity: ContainerIdentity, context: SpecContext) throws -> String {
        var spec = ContainerSpecBuilder.build(config, identity: identity, context: context)
        spec.labels?["io.drover.test"] = runId
        let id = try client.createContainer(name: identity.containerName, spec: spec)
        try client.startContainer(id)
        return id
    }

    /// Runs a shell command in a container and returns (exit code, stdout+stderr text).
    func shell(_ container: String, _ script: String) throws -> (Int, String) {
        let (code, lines) = try client.exec(container, command: ["sh", "-c", script])
        return (code, lines.map(\.text).joined(separator: "\n"))
    }
}
