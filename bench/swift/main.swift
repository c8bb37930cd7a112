import DroverBasics
import DroverDocker
import DroverModel
import DroverOrchestrator
import Foundation

/// `drover-bench`: the Swift side of the benchmarks under bench/.
///
///   drover-bench create --count N --parallel P --prefix NAME   create+start N containers through DockerClient
///   drover-bench spec --prefix NAME                             print the create body used for container 1
///   drover-bench clean --prefix NAME                            remove the containers of a run
///   drover-bench schedule --units N --hosts H                   place N units on H hosts with affinity rules
///   drover-bench deploy --file COMPOSE --prefix NAME [--parallel P]  deploy a compose file through the reconciler
///   drover-bench upgrade --count N --prefix NAME [--init false]    upgrade N units, batch 2, start_first
///   drover-bench render-lb --backends N --sections S --runs R [--out FILE] [--addresses A,B]  render an LB's haproxy.cfg R times
///
/// Containers are labelled `io.drover.bench=<prefix>`; times are printed as `elapsed_seconds=<s>`.
enum Bench {
    static func main() throws {
        var arguments = Array(CommandLine.arguments.dropFirst())
        guard let command = arguments.first else { usage() }
        arguments.removeFirst()
        let options = parse(arguments)
        let prefix = options["--prefix"] ?? "bench"
        if command == "render-lb" {
            try LoadBalancerBench.run(backends: Int(options["--backends"] ?? "1000") ?? 1000, sections: Int(options["--sections"] ?? "100") ?? 100,
                                      runs: Int(options["--runs"] ?? "20") ?? 20, out: options["--out"],
                                      addresses: options["--addresses"].map { $0.split(separator: ",").map(String.init) })
            return
        }
        if command == "schedule" {
            SchedulerBench.run(units: Int(options["--units"] ?? "100000") ?? 100_000, hosts: Int(options["--hosts"] ?? "5000") ?? 5000)
            return
        }
        let client = try DockerClient.fromEnvironment()
        switch command {
        case "create":
            let count = Int(options["--count"] ?? "100") ?? 100
            let parallel = Int(options["--parallel"] ?? "8") ?? 8
            let start = Date()
            try createAll(client, prefix: prefix, count: count, parallel: parallel)
            print("elapsed_seconds=\(Date().timeIntervalSince(start))")
        case "deploy":
            try StackBench.deploy(client: client, path: options["--file"] ?? "docker-compose.yml", prefix: prefix,
                                  parallel: Int(options["--parallel"] ?? "8") ?? 8)
        case "upgrade":
            try StackBench.upgrade(client: client, count: Int(options["--count"] ?? "10") ?? 10, prefix: prefix,
                                   initProcess: options["--init"] != "false")
        case "spec":
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(spec(prefix: prefix, index: 1)), as: UTF8.self))
        case "clean":
            let containers = try client.listContainers(labels: ["io.drover.bench=\(prefix)"])
                + client.listContainers(labels: ["io.drover.environment=\(prefix)"])
            ParallelWork.run(count: containers.count, parallelism: 8) { index in
                try? client.removeContainer(containers[index].id, force: true)
            }
        default:
            usage()
        }
    }

    /// The create body of container `index`: a busybox sleeper built by the real spec builder.
    static func spec(prefix: String, index: Int) -> ContainerSpec {
        var config = LaunchConfig(name: "svc\(index)")
        config.image = "drover-local/busybox:latest"
        config.command = ["sleep", "3600"]
        config.labels = ["io.drover.bench": prefix]
        let identity = ContainerIdentity(environment: "bench", host: "local", stack: prefix, service: "svc\(index)", index: 1,
                                         deploymentUnit: "u\(index)", instance: "i\(index)")
        return ContainerSpecBuilder.build(config, identity: identity, context: SpecContext())
    }

    /// Creates and starts `count` containers with at most `parallel` requests in flight.
    static func createAll(_ client: DockerClient, prefix: String, count: Int, parallel: Int) throws {
        let failures = Failures()
        ParallelWork.run(count: count, parallelism: parallel) { index in
            do {
                let id = try client.createContainer(name: "\(prefix)-svc\(index + 1)-1", spec: spec(prefix: prefix, index: index + 1))
                try client.startContainer(id)
            } catch {
                failures.record(error)
            }
        }
        if let first = failures.first { throw first }
    }

    static func parse(_ arguments: [String]) -> [String: String] {
        var options: [String: String] = [:]
        var index = 0
        while index + 1 < arguments.count {
            options[arguments[index]] = arguments[index + 1]
            index += 2
        }
        return options
    }

    static func usage() -> Never {
        FileHandle.standardError.write(Data("usage: drover-bench create|spec|clean [--count N] [--parallel P] [--prefix NAME]\n".utf8))
        exit(64)
    }
}

/// The errors of a parallel run, kept in a thread-safe way.
final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var errors: [Error] = []

    func record(_ error: Error) {
        lock.lock()
        errors.append(error)
        lock.unlock()
        FileHandle.standardError.write(Data("\(error)\n".utf8))
    }

    var first: Error? {
        lock.lock()
        defer { lock.unlock() }
        return errors.first
    }
}

do {
    try Bench.main()
} catch {
    FileHandle.standardError.write(Data("drover-bench: \(error)\n".utf8))
    exit(1)
}
