/// What a service is, decided from the compose files as Rancher 1.6 did.
public enum ServiceKind: String, Codable, Sendable {
    /// Runs containers from its launch configs.
    case service
    /// An HAProxy load balancer (`lb_config` with port rules, or a legacy LB image).
    case loadBalancer
    /// Points at addresses outside Drover (`external_ips` or `hostname`); no containers.
    case external
    /// A DNS alias for other services (`rancher/dns-service` with links); no containers.
    case alias
}

/// One service of a stack: docker-compose and rancher-compose merged.
public struct ServiceDefinition: Codable, Equatable, Sendable {
    public var name: String
    public var kind: ServiceKind
    /// The primary launch config (its `name` equals the service name).
    public var launchConfig: LaunchConfig
    /// Sidekicks named by `io.rancher.sidekicks`, in the order the label lists them.
    public var sidekicks: [LaunchConfig]
    /// Number of deployment units; nil for global services.
    public var scale: Int?
    /// `io.rancher.scheduler.global: true`: one unit per eligible host.
    public var global: Bool
    public var startOnCreate: Bool
    public var retainIp: Bool
    public var scalePolicy: ScalePolicy?
    /// Free-form metadata from rancher-compose.yml.
    public var metadata: JSONValue?
    public var healthCheck: HealthCheck?
    public var upgradeStrategy: UpgradeStrategy
    public var lbConfig: LBConfig?
    /// External service targets (`external_ips`).
    public var externalIps: [String]
    /// External service target host name (`hostname` in rancher-compose.yml).
    public var externalHostname: String?
    /// Alias targets (`links` of a `rancher/dns-service`), as `service` or `stack/service`.
    public var aliasTargets: [String]
    /// Infra templates' `storage_driver` block (a Rancher storage driver service), kept as written.
    public var storageDriver: JSONValue?
    /// Infra templates' `network_driver` block (a Rancher network driver service), kept as written.
    public var networkDriver: JSONValue?

    public init(name: String, kind: ServiceKind = .service, launchConfig: LaunchConfig, sidekicks: [LaunchConfig] = [],
                scale: Int? = 1, global: Bool = false, startOnCreate: Bool = true, retainIp: Bool = false,
                scalePolicy: ScalePolicy? = nil, metadata: JSONValue? = nil, healthCheck: HealthCheck? = nil,
                upgradeStrategy: UpgradeStrategy = UpgradeStrategy(), lbConfig: LBConfig? = nil,
                externalIps: [String] = [], externalHostname: String? = nil, aliasTargets: [String] = []) {
        self.name = name
        self.kind = kind
        self.launchConfig = launchConfig
        self.sidekicks = sidekicks
        self.scale = scale
        self.global = global
        self.startOnCreate = startOnCreate
        self.retainIp = retainIp
        self.scalePolicy = scalePolicy
        self.metadata = metadata
        self.healthCheck = healthCheck
        self.upgradeStrategy = upgradeStrategy
        self.lbConfig = lbConfig
        self.externalIps = externalIps
        self.externalHostname = externalHostname
        self.aliasTargets = aliasTargets
    }
}

/// Rancher's `scale_policy`.
public struct ScalePolicy: Codable, Equatable, Sendable {
    public var min: Int
    public var max: Int
    public var increment: Int

    public init(min: Int, max: Int, increment: Int) {
        self.min = min
        self.max = max
        self.increment = increment
    }
}

/// Rancher's `upgrade_strategy`: how an in-service upgrade proceeds.
public struct UpgradeStrategy: Codable, Equatable, Sendable {
    public var startFirst: Bool
    public var batchSize: Int
    public var intervalMillis: Int

    public init(startFirst: Bool = false, batchSize: Int = 1, intervalMillis: Int = 2000) {
        self.startFirst = startFirst
        self.batchSize = batchSize
        self.intervalMillis = intervalMillis
    }
}

/// Rancher's `health_check` (times in milliseconds).
public struct HealthCheck: Codable, Equatable, Sendable {
    /// What to do with an unhealthy container.
    public enum Strategy: String, Codable, Sendable, CaseIterable {
        case none, recreate, recreateOnQuorum
    }

    public var port: Int
    /// HTTP request line (`GET /health HTTP/1.0`); nil means a TCP connect check.
    public var requestLine: String?
    public var interval: Int
    public var responseTimeout: Int
    public var initializingTimeout: Int?
    public var reinitializingTimeout: Int?
    public var healthyThreshold: Int
    public var unhealthyThreshold: Int
    public var strategy: Strategy
    /// `recreate_on_quorum_strategy_config.quorum`.
    public var quorum: Int?

    public init(port: Int, requestLine: String? = nil, interval: Int = 2000, responseTimeout: Int = 2000,
                initializingTimeout: Int? = nil, reinitializingTimeout: Int? = nil, healthyThreshold: Int = 2,
                unhealthyThreshold: Int = 3, strategy: Strategy = .recreate, quorum: Int? = nil) {
        self.port = port
        self.requestLine = requestLine
        self.interval = interval
        self.responseTimeout = responseTimeout
        self.initializingTimeout = initializingTimeout
        self.reinitializingTimeout = reinitializingTimeout
        self.healthyThreshold = healthyThreshold
        self.unhealthyThreshold = unhealthyThreshold
        self.strategy = strategy
        self.quorum = quorum
    }
}
