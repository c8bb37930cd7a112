import DroverAgent
import DroverCompose
import DroverDocker
import DroverModel
import DroverOrchestrator
import Foundation

/// Orchestrator benchmarks on a real engine, through the planner, the reconciler and an in-process agent:
/// deploying a compose file (`deploy`) and an in-service upgrade of one service (`upgrade`).
enum StackBench {
    /// Deploys the compose file at `path` (and rancher-compose.yml beside it) as stack `prefix` on one host;
    /// prints the elapsed seconds and the number of actions it took (0 when the stack had converged).
    static func deploy(client: DockerClient, path: String, prefix: String, parallel: Int) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let rancherPath = (path as NSString).deletingLastPathComponent + "/rancher-compose.yml"
        let rancher = (try? String(contentsOfFile: rancherPath, encoding: .utf8)).map { SourceFile(name: rancherPath, text: $0) }
        let definition = try StackLoader().load(compose: SourceFile(name: path, text: text), rancher: rancher).definition
        let reconciler = self.reconciler(client, prefix: prefix, parallel: parallel)
        let desired = definition.services.map { DesiredService.initial(stack: prefix, definition: $0) }
        let start = Date()
        let outcome = try reconciler.reconcile(desired)
        let elapsed = Date().timeIntervalSince(start)
        guard outcome.failures.isEmpty else { throw DockerError.unexpected(operation: "deploy", reason: "\(outcome.failures.first!)") }
        print("elapsed_seconds=\(elapsed) actions=\(outcome.plan.allActions.count)")
    }

    /// Deploys `count` units of one service, then times its upgrade with batch 2 and start_first; without `initProcess`
    /// the containers' `sleep` ignores SIGTERM, so every stop takes the 10 s grace period.
    static func upgrade(client: DockerClient, count: Int, prefix: String, initProcess: Bool = true) throws {
        let reconciler = self.reconciler(client, prefix: prefix, parallel: 8)
        let v1 = service(prefix: prefix, count: count, argument: "3600", version: 1, initProcess: initProcess)
        let v2 = service(prefix: prefix, count: count, argument: "3601", version: 2, initProcess: initProcess)
        let deployed = try reconciler.reconcile([v1])
        guard deployed.failures.isEmpty else { throw DockerError.unexpected(operation: "deploy", reason: "\(deployed.failures.first!)") }
        let start = Date()
        let upgrader = Upgrader(reconciler: reconciler)
        try upgrader.upgrade(from: v1, to: v2, strategy: UpgradeStrategy(startFirst: true, batchSize: 2, intervalMillis: 0))
        let elapsed = Date().timeIntervalSince(start)
        upgrader.background.wait()
        print("elapsed_seconds=\(elapsed) old_stopped_seconds=\(Date().timeIntervalSince(start))")
    }

    private static func service(prefix: String, count: Int, argument: String, version: Int, initProcess: Bool = true) -> DesiredService {
        var config = LaunchConfig(name: "up")
        config.image = "drover-local/busybox:latest"
        config.command = ["sleep", argument]
        config.labels = ["io.drover.bench": prefix]
        config.networkMode = "bridge"
        config.initProcess = initProcess
        return DesiredService(stack: prefix, definition: ServiceDefinition(name: "up", launchConfig: config, scale: count), versions: ["up": version])
    }

    private static func reconciler(_ client: DockerClient, prefix: String, parallel: Int) -> Reconciler {
        let host = SchedulingHost(id: "\(prefix)-host", name: "local")
        return Reconciler(environment: prefix, hosts: [host],
                          agents: [LocalAgent(executor: Executor(client: client, host: host.id), parallelism: parallel)])
    }
}
