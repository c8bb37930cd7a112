/// The body of `POST /containers/create`: container config, host config and networking config, as the Engine
/// API (v1.41) names them. Optional fields left nil are not sent, so Docker applies its own defaults.
package struct ContainerSpec: Codable, Equatable, Sendable {
    package var hostname: String?
    package var domainname: String?
    package var user: String?
    package var exposedPorts: [String: EmptyObject]?
    package var tty: Bool?
    package var openStdin: Bool?
    package var env: [String]?
    package var cmd: [String]?
    package var entrypoint: [String]?
    package var image: String
    package var labels: [String: String]?
    package var workingDir: String?
    package var stopSignal: String?
    package var stopTimeout: Int?
    package var healthcheck: HealthConfig?
    package var macAddress: String?
    package var volumes: [String: EmptyObject]?
    package var hostConfig: HostConfig
    package var networkingConfig: NetworkingConfig?

    enum CodingKeys: String, CodingKey {
        case hostname = "Hostname", domainname = "Domainname", user = "User", exposedPorts = "ExposedPorts", tty = "Tty"
        case openStdin = "OpenStdin", env = "Env", cmd = "Cmd", entrypoint = "Entrypoint", image = "Image", labels = "Labels"
        case workingDir = "WorkingDir", stopSignal = "StopSignal", stopTimeout = "StopTimeout", healthcheck = "Healthcheck"
        case macAddress = "MacAddress", volumes = "Volumes", hostConfig = "HostConfig", networkingConfig = "NetworkingConfig"
    }

    package init(image: String) {
        self.image = image
        hostConfig = HostConfig()
    }
}

/// `{}` in Docker's JSON (used as set members: exposed ports, volumes).
package struct EmptyObject: Codable, Equatable, Sendable {
    package init() {}
}

/// `Healthcheck` (durations in nanoseconds).
package struct HealthConfig: Codable, Equatable, Sendable {
    package var test: [String]
    package var interval: Int64?
    package var timeout: Int64?
    package var retries: Int?
    package var startPeriod: Int64?

    enum CodingKeys: String, CodingKey {
        case test = "Test", interval = "Interval", timeout = "Timeout", retries = "Retries", startPeriod = "StartPeriod"
    }
}

/// `HostConfig`.
package struct HostConfig: Codable, Equatable, Sendable {
    package var binds: [String]?
    package var portBindings: [String: [PortBinding]]?
    package var links: [String]?
    package var networkMode: String?
    package var dns: [String]?
    package var dnsSearch: [String]?
    package var dnsOptions: [String]?
    package var extraHosts: [String]?
    package var capAdd: [String]?
    package var capDrop: [String]?
    package var devices: [DeviceMapping]?
    package var securityOpt: [String]?
    package var restartPolicy: RestartPolicy?
    package var privileged: Bool?
    package var readonlyRootfs: Bool?
    package var initProcess: Bool?
    package var ulimits: [UlimitSetting]?
    package var sysctls: [String: String]?
    package var shmSize: Int64?
    package var memory: Int64?
    package var memoryReservation: Int64?
    package var memorySwap: Int64?
    package var memorySwappiness: Int?
    package var cpuShares: Int?
    package var cpuQuota: Int?
    package var cpuPeriod: Int?
    package var cpusetCpus: String?
    package var blkioWeight: Int?
    package var pidMode: String?
    package var ipcMode: String?
    package var utsMode: String?
    package var logConfig: LogConfig?
    package var oomKillDisable: Bool?
    package var oomScoreAdj: Int?
    package var groupAdd: [String]?
    package var cgroupParent: String?
    package var volumesFrom: [String]?
    package var volumeDriver: String?
    package var tmpfs: [String: String]?

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

    package init() {}
}

/// One `PortBindings` entry.
package struct PortBinding: Codable, Equatable, Sendable {
    package var hostIp: String
    package var hostPort: String

    enum CodingKeys: String, CodingKey { case hostIp = "HostIp", hostPort = "HostPort" }
}

/// One `Devices` entry.
package struct DeviceMapping: Codable, Equatable, Sendable {
    package var pathOnHost: String
    package var pathInContainer: String
    package var cgroupPermissions: String

    enum CodingKeys: String, CodingKey {
        case pathOnHost = "PathOnHost", pathInContainer = "PathInContainer", cgroupPermissions = "CgroupPermissions"
    }
}

/// `RestartPolicy`.
package struct RestartPolicy: Codable, Equatable, Sendable {
    package var name: String
    package var maximumRetryCount: Int

    enum CodingKeys: String, CodingKey { case name = "Name", maximumRetryCount = "MaximumRetryCount" }
}

/// One `Ulimits` entry.
package struct UlimitSetting: Codable, Equatable, Sendable {
    package var name: String
    package var soft: Int
    package var hard: Int

    enum CodingKeys: String, CodingKey { case name = "Name", soft = "Soft", hard = "Hard" }
}

/// `LogConfig`.
package struct LogConfig: Codable, Equatable, Sendable {
    package var type: String
    package var config: [String: String]

    enum CodingKeys: String, CodingKey { case type = "Type", config = "Config" }
}

/// `NetworkingConfig`: the endpoint on the environment network.
package struct NetworkingConfig: Codable, Equatable, Sendable {
    package var endpointsConfig: [String: EndpointSettings]

    enum CodingKeys: String, CodingKey { case endpointsConfig = "EndpointsConfig" }
}

/// One network endpoint's aliases and (network-scoped) links.
package struct EndpointSettings: Codable, Equatable, Sendable {
    package var aliases: [String]?
    package var links: [String]?

    enum CodingKeys: String, CodingKey { case aliases = "Aliases", links = "Links" }
}
