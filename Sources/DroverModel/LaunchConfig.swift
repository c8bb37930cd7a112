/// Everything needed to start one container of a service or sidekick, normalised from docker-compose keys.
///
/// Sizes are bytes, durations are seconds, commands are argument lists (strings are split like a shell).
package struct LaunchConfig: Codable, Equatable, Sendable {
    /// The service name for a primary, the sidekick's own name for a sidekick.
    package var name: String
    package var image: String?
    package var build: BuildSpec?
    package var command: [String]?
    package var entrypoint: [String]?
    package var environment: [String: String] = [:]
    package var envFile: [String] = []
    package var labels: [String: String] = [:]
    package var ports: [PortMapping] = []
    package var expose: [String] = []
    package var volumes: [VolumeMount] = []
    /// Launch-config names (inside the deployment unit) or service names whose volumes are shared.
    package var volumesFrom: [String] = []
    package var volumeDriver: String?
    package var tmpfs: [String] = []
    package var links: [Link] = []
    package var externalLinks: [Link] = []
    /// `bridge`, `host`, `none`, `container:<launch config>` or a network name.
    package var networkMode: String?
    package var networks: [String] = []
    package var dns: [String] = []
    package var dnsSearch: [String] = []
    package var dnsOpt: [String] = []
    /// `host:ip` entries.
    package var extraHosts: [String] = []
    package var hostname: String?
    package var domainname: String?
    package var user: String?
    package var workingDir: String?
    package var containerName: String?
    package var privileged: Bool?
    package var tty: Bool?
    package var stdinOpen: Bool?
    package var readOnly: Bool?
    package var initProcess: Bool?
    package var oomKillDisable: Bool?
    package var capAdd: [String] = []
    package var capDrop: [String] = []
    package var devices: [String] = []
    package var securityOpt: [String] = []
    package var groupAdd: [String] = []
    package var restart: String?
    package var stopSignal: String?
    package var stopGracePeriod: Double?
    package var ulimits: [String: Ulimit] = [:]
    package var sysctls: [String: String] = [:]
    package var shmSize: Int64?
    package var memLimit: Int64?
    package var memReservation: Int64?
    package var memswapLimit: Int64?
    package var memSwappiness: Int?
    package var cpuShares: Int?
    package var cpuQuota: Int?
    package var cpuPeriod: Int?
    package var cpuset: String?
    package var blkioWeight: Int?
    package var pid: String?
    package var ipc: String?
    package var uts: String?
    package var logging: Logging?
    package var oomScoreAdj: Int?
    package var macAddress: String?
    package var cgroupParent: String?
    package var dependsOn: [String] = []
    package var healthcheck: DockerHealthcheck?

    package init(name: String) {
        self.name = name
    }
}

/// `build:` of a service (kept for completeness; Drover runs images, it does not build them).
package struct BuildSpec: Codable, Equatable, Sendable {
    package var context: String
    package var dockerfile: String?

    package init(context: String, dockerfile: String? = nil) {
        self.context = context
        self.dockerfile = dockerfile
    }
}

/// A published or exposed port: `[ip:][host[-host]:]container[-container][/protocol]`.
package struct PortMapping: Codable, Equatable, Sendable, CustomStringConvertible {
    package var hostIp: String?
    /// First host port; nil lets Docker choose.
    package var hostPort: Int?
    package var hostPortEnd: Int?
    package var containerPort: Int
    package var containerPortEnd: Int?
    /// `tcp` or `udp`.
    package var `protocol`: String

    package init(hostIp: String? = nil, hostPort: Int? = nil, hostPortEnd: Int? = nil, containerPort: Int,
                containerPortEnd: Int? = nil, protocol: String = "tcp") {
        self.hostIp = hostIp
        self.hostPort = hostPort
        self.hostPortEnd = hostPortEnd
        self.containerPort = containerPort
        self.containerPortEnd = containerPortEnd
        self.protocol = `protocol`
    }

    /// The canonical compose form of the mapping.
    package var description: String {
        func range(_ start: Int, _ end: Int?) -> String { end.map { "\(start)-\($0)" } ?? "\(start)" }
        var text = ""
        if let hostIp { text += "\(hostIp):" }
        if let hostPort { text += range(hostPort, hostPortEnd) + ":" } else if hostIp != nil { text += ":" }
        text += range(containerPort, containerPortEnd)
        return `protocol` == "tcp" ? text : text + "/\(`protocol`)"
    }
}

/// A volume entry: bind mount (`source` is a path), named volume, or anonymous volume (`source` nil).
package struct VolumeMount: Codable, Equatable, Sendable, CustomStringConvertible {
    package var source: String?
    package var target: String
    /// Mode options as written: `ro`, `rw`, `z`, `Z`, `nocopy`, propagation (`rprivate`, `shared`, …).
    package var options: [String]

    package init(source: String? = nil, target: String, options: [String] = []) {
        self.source = source
        self.target = target
        self.options = options
    }

    /// True when `source` is a host path rather than a volume name.
    package var isBind: Bool {
        guard let source else { return false }
        return source.hasPrefix("/") || source.hasPrefix(".") || source.hasPrefix("~")
    }

    package var readOnly: Bool { options.contains("ro") }

    /// The compose short form.
    package var description: String {
        var text = source.map { "\($0):\(target)" } ?? target
        if !options.isEmpty { text += ":" + options.joined(separator: ",") }
        return text
    }
}

/// A link to another service (`links`) or container (`external_links`), reachable as `alias`.
package struct Link: Codable, Equatable, Sendable {
    package var target: String
    package var alias: String

    package init(target: String, alias: String) {
        self.target = target
        self.alias = alias
    }
}

/// A resource limit; `soft` and `hard` are equal when one number was given.
package struct Ulimit: Codable, Equatable, Sendable {
    package var soft: Int
    package var hard: Int

    package init(soft: Int, hard: Int) {
        self.soft = soft
        self.hard = hard
    }
}

/// A logging driver with its options (`logging:` or v1 `log_driver`/`log_opt`).
package struct Logging: Codable, Equatable, Sendable {
    package var driver: String?
    package var options: [String: String]

    package init(driver: String? = nil, options: [String: String] = [:]) {
        self.driver = driver
        self.options = options
    }
}

/// Docker's own `healthcheck:` (times in seconds).
package struct DockerHealthcheck: Codable, Equatable, Sendable {
    /// `["CMD", …]`, `["CMD-SHELL", "…"]` or `["NONE"]`.
    package var test: [String]
    package var interval: Double?
    package var timeout: Double?
    package var retries: Int?
    package var startPeriod: Double?

    package init(test: [String], interval: Double? = nil, timeout: Double? = nil, retries: Int? = nil, startPeriod: Double? = nil) {
        self.test = test
        self.interval = interval
        self.timeout = timeout
        self.retries = retries
        self.startPeriod = startPeriod
    }
}
