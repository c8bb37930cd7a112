/// The body of `POST /containers/create`: container config, host config and networking config, as the Engine
/// API (v1.41) names them. Optional fields left nil are not sent, so Docker applies its own defaults.
public struct ContainerSpec: Codable, Equatable, Sendable {
    public var hostname: String?
    public var domainname: String?
    public var user: String?
    public var exposedPorts: [String: EmptyObject]?
    public var tty: Bool?
    public var openStdin: Bool?
    public var env: [String]?
    public var cmd: [String]?
    public var entrypoint: [String]?
    public var image: String
    public var labels: [String: String]?
    public var workingDir: String?
    public var stopSignal: String?
    public var stopTimeout: Int?
    public var healthcheck: HealthConfig?
    public var macAddress: String?
    public var volumes: [String: EmptyObject]?
    public var hostConfig: HostConfig
    public var networkingConfig: NetworkingConfig?

    enum CodingKeys: String, CodingKey {
        case hostname = "Hostname", domainname = "Domainname", user = "User", exposedPorts = "ExposedPorts", tty = "Tty"
        case openStdin = "OpenStdin", env = "Env", cmd = "Cmd", entrypoint = "Entrypoint", image = "Image", labels = "Labels"
        case workingDir = "WorkingDir", stopSignal = "StopSignal", stopTimeout = "StopTimeout", healthcheck = "Healthcheck"
        case macAddress = "MacAddress", volumes = "Volumes", hostConfig = "HostConfig", networkingConfig = "NetworkingConfig"
    }

    public init(image: String) {
        self.image = image
        hostConfig = HostConfig()
    }
}

/// `{}` in Docker's JSON (used as set members: exposed ports, volumes).
public struct EmptyObject: Codable, Equatable, Sendable {
    public init() {}
}

/// `Healthcheck` (durations in nanoseconds).
public struct HealthConfig: Codable, Equatable, Sendable {
    public var test: [String]
    public var interval: Int64?
    public var timeout: Int64?
    public var retries: Int?
    public var startPeriod: Int64?

    enum CodingKeys: String, CodingKey {
        case test = "Test", interval = "Interval", timeout = "Timeout", retries = "Retries", startPeriod = "StartPeriod"
    }
}

/// `HostConfig`.
public struct HostConfig: Codable, Equatable, Sendable {
    public var binds: [String]?
    public var portBindings: [String: [PortBinding]]?
    public var links: [String]?
    public var networkMode: String?
    public var dns: [String]?
    public var dnsSearch: [String]?
    public var dnsOptions: [String]?
    public var extraHosts: [String]?
    public var capAdd: [String]?
    public var capDrop: [String]?
    public var devices: [DeviceMapping]?
    public var securityOpt: [String]?
    public var restartPolicy: RestartPolicy?
    public var privileged: Bool?
    public var readonlyRootfs: Bool?
    public var initProcess: Bool?
    public var ulimits: [UlimitSetting]?
    public var sysctls: [String: String]?
    public var shmSize: Int64?
    public var memory: Int64?
    public var memoryReservation: Int64?
    public var memorySwap: Int64?
    public var memorySwappiness: Int?
    public var cpuShares: Int?
    public var cpuQuota: Int?
    public var cpuPeriod: Int?
    public var cpusetCpus: String?
    public var blkioWeight: Int?
    public var pidMode: String?
    public var ipcMode: String?
    public var utsMode: String?
    public var logConfig: LogConfig?
    public var oomKillDisable: Bool?
    public var oomScoreAdj: Int?
    public var groupAdd: [String]?
    public var cgroupParent: String?
    public var volumesFrom: [String]?
    public var volumeDriver: String?
    public var tmpfs: [String: String]?

    enum CodingKeys: String, CodingKey {
        case binds = "Binds", portBindings = "PortBindings", links = "Links", networkMode = "NetworkMode", dns = "Dns"
        case dnsSearch = "DnsSearch", dnsOptions = "DnsOptions", extraHosts = "ExtraHosts", capAdd = "CapAdd", capDrop = "CapDrop"
        case devices = "Devices", securityOpt = "SecurityOpt", restartPolicy = "RestartPolicy", privileged = "Privileged"
        case readonlyRootfs = "ReadonlyRootfs", initProcess = "Init", ulimits = "Ulimits", sysctls = "Sysctls", shmSize = "ShmSize"
        case memory = "Memory", memoryReservation = "MemoryReservation", memorySwap = "MemorySwap"
        case memorySwappiness = "MemorySwappiness", cpuShares = "CpuShares", cpuQuota = "CpuQuota", cpuPeriod = "CpuPeriod"
        case cpusetCpus = "CpusetCpus", blkioWeight = "BlkioWeight", pidMode = "PidMode", ipcMode = "IpcMode", utsMode = "UTSMode"
        case logConfig = "LogConfig", oomKillDisable = "OomKillDisable", oomScoreAdj = "OomScoreAdj", groupAdd = "GroupAdd"
        case cgroupParent = "CgroupParent", volumesFrom = "VolumesFrom", volumeDriver = "VolumeDriver", tmpfs = "Tmpfs"
    }

    public init() {}
}

/// One `PortBindings` entry.
public struct PortBinding: Codable, Equatable, Sendable {
    public var hostIp: String
    public var hostPort: String

    enum CodingKeys: String, CodingKey { case hostIp = "HostIp", hostPort = "HostPort" }
}

/// One `Devices` entry.
public struct DeviceMapping: Codable, Equatable, Sendable {
    public var pathOnHost: String
    public var pathInContainer: String
    public var cgroupPermissions: String

    enum CodingKeys: String, CodingKey {
        case pathOnHost = "PathOnHost", pathInContainer = "PathInContainer", cgroupPermissions = "CgroupPermissions"
    }
}

/// `RestartPolicy`.
public struct RestartPolicy: Codable, Equatable, Sendable {
    public var name: String
    public var maximumRetryCount: Int

    enum CodingKeys: String, CodingKey { case name = "Name", maximumRetryCount = "MaximumRetryCount" }
}

/// One `Ulimits` entry.
public struct UlimitSetting: Codable, Equatable, Sendable {
    public var name: String
    public var soft: Int
    public var hard: Int

    enum CodingKeys: String, CodingKey { case name = "Name", soft = "Soft", hard = "Hard" }
}

/// `LogConfig`.
public struct LogConfig: Codable, Equatable, Sendable {
    public var type: String
    public var config: [String: String]

    enum CodingKeys: String, CodingKey { case type = "Type", config = "Config" }
}

/// `NetworkingConfig`: the endpoint on the environment network.
public struct NetworkingConfig: Codable, Equatable, Sendable {
    public var endpointsConfig: [String: EndpointSettings]

    enum CodingKeys: String, CodingKey { case endpointsConfig = "EndpointsConfig" }
}

/// One network endpoint's aliases and (network-scoped) links.
public struct EndpointSettings: Codable, Equatable, Sendable {
    public var aliases: [String]?
    public var links: [String]?

    enum CodingKeys: String, CodingKey { case aliases = "Aliases", links = "Links" }
}
