/// Everything needed to start one container of a service or sidekick, normalised from docker-compose keys.
///
/// Sizes are bytes, durations are seconds, commands are argument lists (strings are split like a shell).
public struct LaunchConfig: Codable, Equatable, Sendable {
    /// The service name for a primary, the sidekick's own name for a sidekick.
    public var name: String
    public var image: String?
    public var build: BuildSpec?
    public var command: [String]?
    public var entrypoint: [String]?
    public var environment: [String: String] = [:]
    public var envFile: [String] = []
    public var labels: [String: String] = [:]
    public var ports: [PortMapping] = []
    public var expose: [String] = []
    public var volumes: [VolumeMount] = []
    /// Launch-config names (inside the deployment unit) or service names whose volumes are shared.
    public var volumesFrom: [String] = []
    public var volumeDriver: String?
    public var tmpfs: [String] = []
    public var links: [Link] = []
    public var externalLinks: [Link] = []
    /// `bridge`, `host`, `none`, `container:<launch config>` or a network name.
    public var networkMode: String?
    public var networks: [String] = []
    public var dns: [String] = []
    public var dnsSearch: [String] = []
    public var dnsOpt: [String] = []
    /// `host:ip` entries.
    public var extraHosts: [String] = []
    public var hostname: String?
    public var domainname: String?
    public var user: String?
    public var workingDir: String?
    public var containerName: String?
    public var privileged: Bool?
    public var tty: Bool?
    public var stdinOpen: Bool?
    public var readOnly: Bool?
    public var initProcess: Bool?
    public var oomKillDisable: Bool?
    public var capAdd: [String] = []
    public var capDrop: [String] = []
    public var devices: [String] = []
    public var securityOpt: [String] = []
    public var groupAdd: [String] = []
    public var restart: String?
    public var stopSignal: String?
    public var stopGracePeriod: Double?
    public var ulimits: [String: Ulimit] = [:]
    public var sysctls: [String: String] = [:]
    public var shmSize: Int64?
    public var memLimit: Int64?
    public var memReservation: Int64?
    public var memswapLimit: Int64?
    public var memSwappiness: Int?
    public var cpuShares: Int?
    public var cpuQuota: Int?
    public var cpuPeriod: Int?
    public var cpuset: String?
    public var blkioWeight: Int?
    public var pid: String?
    public var ipc: String?
    public var uts: String?
    public var logging: Logging?
    public var oomScoreAdj: Int?
    public var macAddress: String?
    public var cgroupParent: String?
    public var dependsOn: [String] = []
    public var healthcheck: DockerHealthcheck?

    public init(name: String) {
        self.name = name
    }
}

/// `build:` of a service (kept for completeness; Drover runs images, it does not build them).
public struct BuildSpec: Codable, Equatable, Sendable {
    public var context: String
    public var dockerfile: String?

    public init(context: String, dockerfile: String? = nil) {
        self.context = context
        self.dockerfile = dockerfile
    }
}

/// A published or exposed port: `[ip:][host[-host]:]container[-container][/protocol]`.
public struct PortMapping: Codable, Equatable, Sendable, CustomStringConvertible {
    public var hostIp: String?
    /// First host port; nil lets Docker choose.
    public var hostPort: Int?
    public var hostPortEnd: Int?
    public var containerPort: Int
    public var containerPortEnd: Int?
    /// `tcp` or `udp`.
    public var `protocol`: String

    public init(hostIp: String? = nil, hostPort: Int? = nil, hostPortEnd: Int? = nil, containerPort: Int,
                containerPortEnd: Int? = nil, protocol: String = "tcp") {
        self.hostIp = hostIp
        self.hostPort = hostPort
        self.hostPortEnd = hostPortEnd
        self.containerPort = containerPort
        self.containerPortEnd = containerPortEnd
        self.protocol = `protocol`
    }

    /// The canonical compose form of the mapping.
    public var description: String {
        func range(_ start: Int, _ end: Int?) -> String { end.map { "\(start)-\($0)" } ?? "\(start)" }
        var text = ""
        if let hostIp { text += "\(hostIp):" }
        if let hostPort { text += range(hostPort, hostPortEnd) + ":" } else if hostIp != nil { text += ":" }
        text += range(containerPort, containerPortEnd)
        return `protocol` == "tcp" ? text : text + "/\(`protocol`)"
    }
}

/// A volume entry: bind mount (`source` is a path), named volume, or anonymous volume (`source` nil).
public struct VolumeMount: Codable, Equatable, Sendable, CustomStringConvertible {
    public var source: String?
    public var target: String
    /// Mode options as written: `ro`, `rw`, `z`, `Z`, `nocopy`, propagation (`rprivate`, `shared`, …).
    public var options: [String]

    public init(source: String? = nil, target: String, options: [String] = []) {
        self.source = source
        self.target = target
        self.options = options
    }

    /// True when `source` is a host path rather than a volume name.
    public var isBind: Bool {
        guard let source else { return false }
        return source.hasPrefix("/") || source.hasPrefix(".") || source.hasPrefix("~")
    }

    public var readOnly: Bool { options.contains("ro") }

    /// The compose short form.
    public var description: String {
        var text = source.map { "\($0):\(target)" } ?? target
        if !options.isEmpty { text += ":" + options.joined(separator: ",") }
        return text
    }
}

/// A link to another service (`links`) or container (`external_links`), reachable as `alias`.
public struct Link: Codable, Equatable, Sendable {
    public var target: String
    public var alias: String

    public init(target: String, alias: String) {
        self.target = target
        self.alias = alias
    }
}

/// A resource limit; `soft` and `hard` are equal when one number was given.
public struct Ulimit: Codable, Equatable, Sendable {
    public var soft: Int
    public var hard: Int

    public init(soft: Int, hard: Int) {
        self.soft = soft
        self.hard = hard
    }
}

/// A logging driver with its options (`logging:` or v1 `log_driver`/`log_opt`).
public struct Logging: Codable, Equatable, Sendable {
    public var driver: String?
    public var options: [String: String]

    public init(driver: String? = nil, options: [String: String] = [:]) {
        self.driver = driver
        self.options = options
    }
}

/// Docker's own `healthcheck:` (times in seconds).
public struct DockerHealthcheck: Codable, Equatable, Sendable {
    /// `["CMD", …]`, `["CMD-SHELL", "…"]` or `["NONE"]`.
    public var test: [String]
    public var interval: Double?
    public var timeout: Double?
    public var retries: Int?
    public var startPeriod: Double?

    public init(test: [String], interval: Double? = nil, timeout: Double? = nil, retries: Int? = nil, startPeriod: Double? = nil) {
        self.test = test
        self.interval = interval
        self.timeout = timeout
        self.retries = retries
        self.startPeriod = startPeriod
    }
}
