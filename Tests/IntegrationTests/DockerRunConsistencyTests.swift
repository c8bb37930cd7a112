import DroverCompose
import DroverDocker
import DroverModel
import Foundation
import TestSupport
import XCTest

/// The rendered `docker run` line, run by the docker CLI against the same engine, must produce the same container
/// as the Engine API path: `Config`, `HostConfig` and the network endpoint compared as a whole. The API container is
/// only created, never started, so the CLI one can bind the same fixed host ports.
final class DockerRunConsistencyTests: EngineTestCase {
    /// The project; its fixed host ports are `PORT_A`-`PORT_B`, free ports chosen when the test runs.
    static let compose = """
    version: '2'
    services:
      db:
        image: drover-local/busybox:latest
        command: sleep 300
        init: true
      web:
        image: drover-local/busybox:latest
        command: ["-c", "exec httpd -f -p 8080"]
        entrypoint: ["/bin/sh"]
        environment: {MODE: production, EMPTY: "", QUOTED: "it's \\"fine\\" $$HOME"}
        labels: {tier: web, note: "two words"}
        ports: ["8080", "127.0.0.1::9090", "${PORT_A}-${PORT_B}:9000-9001/udp"]
        expose: ["7000", "7100/udp"]
        volumes: ["/cache", "/tmp:/host-tmp:ro", "named:/named"]
        links: ["db:database"]
        dns: [10.0.0.53]
        dns_search: [example.com]
        dns_opt: ["ndots:2"]
        extra_hosts: ["db.local:10.0.0.5"]
        hostname: web
        domainname: example.com
        user: "0:0"
        working_dir: /srv
        tty: true
        stdin_open: true
        read_only: true
        init: true
        cap_add: [NET_ADMIN]
        cap_drop: [MKNOD]
        security_opt: ["no-new-privileges"]
        restart: on-failure:3
        stop_signal: SIGINT
        stop_grace_period: 3s
        ulimits: {nofile: {soft: 2000, hard: 4000}}
        shm_size: 64m
        mem_limit: 256m
        mem_reservation: 64m
        memswap_limit: 512m
        cpu_shares: 512
        logging: {driver: json-file, options: {max-size: 10m}}
        oom_score_adj: 100
        group_add: ["100"]
        tmpfs: ["/run:size=16m"]
        healthcheck: {test: "true", interval: 10s, timeout: 2s, retries: 3, start_period: 1s}
    """

    /// Fields the CLI cannot express exactly, each with the reason (see DockerRunRenderer's documentation).
    static let expressedDifferently: Set<String> = [
        "Config.Entrypoint", "Config.Cmd",  // argv compared joined: the CLI takes one word in --entrypoint
        "Config.Labels.io.rancher.container.name", "Config.Labels.io.drover.instance",  // the two containers' own names
        "Config.Hostname",  // only when not set: Docker uses the container id
    ]

    func testRenderedRunLineMakesTheSameContainer() throws {
        let ports = FreePorts.take(2)
        let variables = VariableSource(answers: ["PORT_A": String(ports[0]), "PORT_B": String(ports[1])])
        let definition = try StackLoader(variables: variables).load(compose: SourceFile(name: "docker-compose.yml", text: Self.compose)).definition
        let network = try makeNetwork("drover-\(runId)")
        let volume = "\(runId)_named"
        removeAfterwards(volume: volume)
        try run(try XCTUnwrap(definition.service("db")).launchConfig, identity: identity("db"), context: SpecContext(network: network))
        let web = try XCTUnwrap(definition.service("web")).launchConfig
        let context = SpecContext(serviceContainers: ["db": ["\(runId)-db-1"]], volumeNames: ["named": volume], network: network)
        var apiSpec = ContainerSpecBuilder.build(web, identity: identity("web", index: 1), context: context)
        apiSpec.labels?["io.drover.test"] = runId
        let apiId = try client.createContainer(name: "\(runId)-web-1", spec: apiSpec)
        var cliSpec = ContainerSpecBuilder.build(web, identity: identity("web", index: 2), context: context)
        cliSpec.labels?["io.drover.test"] = runId
        let rendered = DockerRunRenderer.render(name: "\(runId)-web-2", spec: cliSpec)
        let line = rendered
        let (status, output) = try runShell(line)
        XCTAssertEqual(status, 0, "docker run failed: \(output)\n\(line)")
        let cliId = output.trimmingCharacters(in: .whitespacesAndNewlines)
        let api = try client.inspectContainerJSON(apiId)
        let cli = try client.inspectContainerJSON(cliId)
        var differences: [String] = []
        for section in ["Config", "HostConfig"] {
            compare(api[section], cli[section], path: section, into: &differences)
        }
        XCTAssertEqual(differences, [], "the docker run line and the API made different containers")
        XCTAssertEqual(argv(api), argv(cli))
        // Docker adds the short container id, and the docker CLI the hostname, to the aliases of their own accord.
        XCTAssertEqual(endpoint(api, network, "Aliases").filter { $0.count != 12 }, ["web.\(runId)"])
        XCTAssertEqual(endpoint(cli, network, "Aliases").filter { $0.count != 12 && $0 != cliSpec.hostname }, ["web.\(runId)"])
        XCTAssertEqual(endpoint(api, network, "Links"), endpoint(cli, network, "Links"))
        XCTAssertEqual(endpoint(api, network, "Links"), ["\(runId)-db-1:database"])
    }

    /// Lists whose order carries no meaning (the CLI builds them from maps).
    static let orderInsensitive: Set<String> = ["Config.Env", "HostConfig.Binds"]

    private func compare(_ left: JSONValue?, _ right: JSONValue?, path: String, into differences: inout [String]) {
        if Self.expressedDifferently.contains(path) { return }
        if Self.orderInsensitive.contains(path) {
            XCTAssertEqual(strings(left).sorted(), strings(right).sorted(), path)
            return
        }
        if case let .object(l)? = left, case let .object(r)? = right {
            for key in Set(l.keys).union(r.keys).sorted() {
                compare(l[key], r[key], path: "\(path).\(key)", into: &differences)
            }
            return
        }
        if normalized(left) != normalized(right) {
            differences.append("\(path): API \(describe(left)) vs CLI \(describe(right))")
        }
    }

    /// Docker reports an unset list as null or [] and an unset flag as null or false depending on the path taken;
    /// the docker CLI (28.x) writes capabilities with their `CAP_` prefix, which the engine treats as the same.
    private func normalized(_ value: JSONValue?) -> JSONValue {
        switch value {
        case let .array(items)? where items.contains(where: { if case let .string(text) = $0 { return text.hasPrefix("CAP_") } else { return false } }):
            return .array(items.map { if case let .string(text) = $0 { return .string(String(text.dropFirst(4))) } else { return $0 } })
        case nil, .null?, .bool(false)?: return .null
        case let .array(items)? where items.isEmpty: return .null
        case let .object(fields)? where fields.isEmpty: return .null
        case let value?: return value
        }
    }

    private func describe(_ value: JSONValue?) -> String {
        guard let value, let data = try? JSONEncoder().encode(value) else { return "absent" }
        return String(decoding: data, as: UTF8.self)
    }

    private func argv(_ inspect: JSONValue) -> [String] {
        strings(inspect["Config"]?["Entrypoint"]) + strings(inspect["Config"]?["Cmd"])
    }

    private func endpoint(_ inspect: JSONValue, _ network: String, _ field: String) -> [String] {
        strings(inspect["NetworkSettings"]?["Networks"]?[network]?[field]).sorted()
    }

    private func strings(_ value: JSONValue?) -> [String] {
        guard case let .array(items)? = value else { return [] }
        return items.compactMap { if case let .string(text) = $0 { return text } else { return nil } }
    }

    private func runShell(_ line: String) throws -> (Int32, String) {
        let outcome = try ChildProcess.run("/bin/sh", ["-c", line + " 2>&1"], timeout: 120)
        return (outcome.status, outcome.stdout)
    }
}
