import DroverCompose
@testable import DroverDocker
import DroverModel
import Foundation
import XCTest

final class ContainerSpecTests: XCTestCase {
    static let compose = """
    version: '2'
    services:
      web:
        image: busybox:1.36
        command: ["httpd", "-f", "-p", "8080"]
        entrypoint: /bin/sh -c
        environment: {MODE: production, EMPTY: ""}
        labels:
          tier: web
          io.rancher.sidekicks: data, logs
        ports: ["80", "127.0.0.1:8080:8080", "9000-9001:9000-9001/udp"]
        expose: ["7000", "7100-7101/udp"]
        volumes: ["/cache", "./conf:/etc/app:ro", "shared:/shared:z", "/var/run/docker.sock:/var/run/docker.sock:ro,rprivate"]
        volumes_from: [data]
        links: ["db:mysql", "other/api:api"]
        external_links: ["legacy_db_1:legacy"]
        dns: [8.8.8.8]
        dns_search: example.com
        dns_opt: ["ndots:2"]
        extra_hosts: ["db.local:10.0.0.5"]
        hostname: web
        domainname: example.com
        user: "1000:1000"
        working_dir: /srv
        privileged: true
        tty: true
        stdin_open: true
        read_only: true
        init: true
        cap_add: [NET_ADMIN]
        cap_drop: [MKNOD]
        devices: ["/dev/fuse"]
        security_opt: ["no-new-privileges"]
        restart: on-failure:3
        stop_signal: SIGINT
        stop_grace_period: 1m30s
        ulimits: {nofile: {soft: 20000, hard: 40000}, nproc: 512}
        sysctls: {net.core.somaxconn: 1024}
        shm_size: 64m
        mem_limit: 512m
        mem_reservation: 128m
        memswap_limit: 1g
        mem_swappiness: 10
        cpu_shares: 512
        cpu_quota: 50000
        cpu_period: 100000
        cpuset: "0"
        blkio_weight: 300
        pid: host
        ipc: shareable
        logging: {driver: json-file, options: {max-size: 10m}}
        oom_score_adj: 100
        oom_kill_disable: true
        group_add: [audio]
        mac_address: 02:42:ac:11:65:43
        cgroup_parent: /drover
        tmpfs: ["/run:size=64m", "/tmp"]
        healthcheck: {test: ["CMD", "wget", "-q", "localhost:8080"], interval: 10s, timeout: 2s, retries: 3, start_period: 5s}
      data:
        image: busybox:1.36
        volumes: [/data]
      logs:
        image: busybox:1.36
        network_mode: container:web
        volumes_from: ["web:ro"]
      db:
        image: busybox:1.36
        network_mode: bridge
        links: [cache]
      cache:
        image: busybox:1.36
    volumes:
      shared: {}
    """

    private func definition() throws -> StackDefinition {
        try StackLoader().load(compose: SourceFile(name: "docker-compose.yml", text: Self.compose)).definition
    }

    private func context(unit: Bool) -> SpecContext {
        SpecContext(projectDirectory: "/srv/project",
                    unitMembers: unit ? ["web": "shop-web-1", "data": "shop-web-data-1", "logs": "shop-web-logs-1"] : [:],
                    serviceContainers: ["db": ["shop-db-1", "shop-db-2"], "cache": ["shop-cache-1"]],
                    volumeNames: ["shared": "shop_shared"], network: "drover-env1")
    }

    private func identity(_ service: String, sidekick: String? = nil) -> ContainerIdentity {
        ContainerIdentity(environment: "env1", host: "h1", stack: "shop", service: service, sidekick: sidekick, index: 1,
                          deploymentUnit: "unit-1", instance: "i-\(service)-\(sidekick ?? "main")")
    }

    private func snapshot(_ spec: ContainerSpec) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(spec), as: UTF8.self) + "\n"
    }

    func testPrimarySpecAndRunLineGolden() throws {
        let web = try XCTUnwrap(try definition().service("web"))
        let spec = ContainerSpecBuilder.build(web.launchConfig, identity: identity("web"), context: context(unit: true))
        assertSnapshot(try snapshot(spec), "Snapshots/web.json")
        assertSnapshot(DockerRunRenderer.render(name: "shop-web-1", spec: spec) + "\n", "Snapshots/web.docker-run.txt")
        XCTAssertEqual(spec.hostConfig.portBindings?["9001/udp"], [PortBinding(hostIp: "", hostPort: "9001")])
        XCTAssertEqual(spec.hostConfig.portBindings?["80/tcp"], [PortBinding(hostIp: "", hostPort: "")])
        XCTAssertEqual(spec.hostConfig.binds, ["/srv/project/conf:/etc/app:ro", "shop_shared:/shared:z", "/var/run/docker.sock:/var/run/docker.sock:ro,rprivate"])
        XCTAssertEqual(spec.hostConfig.volumesFrom, ["shop-web-data-1"])
        XCTAssertEqual(spec.networkingConfig?.endpointsConfig["drover-env1"]?.aliases, ["web.shop"])
        XCTAssertEqual(spec.networkingConfig?.endpointsConfig["drover-env1"]?.links,
                       ["shop-web-data-1:data", "shop-web-logs-1:logs", "shop-db-1:mysql", "shop-db-2:mysql", "other/api:api", "legacy_db_1:legacy"])
        XCTAssertEqual(spec.labels?["io.rancher.container.name"], "shop-web-1")
        XCTAssertEqual(spec.healthcheck?.interval, 10_000_000_000)
        XCTAssertEqual(spec.stopTimeout, 90)
    }

    func testSidekickSharesNetworkNamespaceAndVolumes() throws {
        let web = try XCTUnwrap(try definition().service("web"))
        let logs = try XCTUnwrap(web.sidekicks.first { $0.name == "logs" })
        let spec = ContainerSpecBuilder.build(logs, identity: identity("web", sidekick: "logs"), context: context(unit: true))
        XCTAssertEqual(spec.hostConfig.networkMode, "container:shop-web-1")
        XCTAssertNil(spec.networkingConfig)
        XCTAssertEqual(spec.hostConfig.volumesFrom, ["shop-web-1:ro"])
        XCTAssertEqual(spec.labels?["io.rancher.service.launch.config"], "logs")
        XCTAssertEqual(ContainerIdentity(environment: "e", host: "h", stack: "shop", service: "web", sidekick: "logs", index: 3,
                                         deploymentUnit: "u", instance: "i").containerName, "shop-web-logs-3")
        let data = try XCTUnwrap(web.sidekicks.first { $0.name == "data" })
        let dataSpec = ContainerSpecBuilder.build(data, identity: identity("web", sidekick: "data"), context: context(unit: true))
        XCTAssertEqual(dataSpec.networkingConfig?.endpointsConfig["drover-env1"]?.aliases, ["data.web.shop"], "qualified on the environment network")
        XCTAssertEqual(identity("web", sidekick: "data").stackAliases, ["data.web"], "bare on the stack's network")
        XCTAssertEqual(ContainerIdentity.stackNetworkName(environment: "env1", stack: "shop"), "drover-env1-shop")
        XCTAssertEqual(dataSpec.networkingConfig?.endpointsConfig["drover-env1"]?.links, ["shop-web-logs-1:logs", "shop-web-1:web"])
    }

    func testBridgeModeUsesLegacyLinks() throws {
        let db = try XCTUnwrap(try definition().service("db"))
        let spec = ContainerSpecBuilder.build(db.launchConfig, identity: identity("db"), context: context(unit: false))
        XCTAssertEqual(spec.hostConfig.networkMode, "bridge")
        XCTAssertEqual(spec.hostConfig.links, ["shop-cache-1:cache"])
        XCTAssertNil(spec.networkingConfig)
    }

    func testHostnameOverrideAndRestartPolicies() {
        var config = LaunchConfig(name: "web")
        config.image = "x"
        config.labels = ["io.rancher.container.hostname_override": "container_name"]
        config.restart = "always"
        let spec = ContainerSpecBuilder.build(config, identity: identity("web"), context: SpecContext())
        XCTAssertEqual(spec.hostname, "shop-web-1")
        XCTAssertEqual(spec.hostConfig.restartPolicy, RestartPolicy(name: "always", maximumRetryCount: 0))
    }

    func testShellQuoting() {
        XCTAssertEqual(ShellQuote.quote("plain-word_1.2:3=4"), "plain-word_1.2:3=4")
        XCTAssertEqual(ShellQuote.quote("two words"), "'two words'")
        XCTAssertEqual(ShellQuote.quote("it's"), "'it'\\''s'")
        XCTAssertEqual(ShellQuote.quote(""), "''")
        XCTAssertEqual(ShellQuote.quote("$HOME"), "'$HOME'")
    }
}

/// Compares text with a snapshot file beside the tests; `DROVER_RECORD=1` rewrites it instead.
func assertSnapshot(_ actual: String, _ relativePath: String, file: StaticString = #filePath, line: UInt = #line) {
    let url = URL(fileURLWithPath: "\(#filePath)").deletingLastPathComponent().appendingPathComponent(relativePath)
    if ProcessInfo.processInfo.environment["DROVER_RECORD"] == "1" {
        try? actual.write(to: url, atomically: true, encoding: .utf8)
        return
    }
    let expected = (try? String(contentsOf: url, encoding: .utf8)) ?? "(missing \(relativePath); run with DROVER_RECORD=1)"
    XCTAssertEqual(actual, expected, "differs from \(relativePath); run with DROVER_RECORD=1 after checking the change", file: file, line: line)
}
