/// What a service is, decided from the compose files as Rancher 1.6 did.
package enum ServiceKind: String, Codable, Sendable, CaseIterable {
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
package struct ServiceDefinition: Codable, Equatable, Sendable {
    package var name: String
    package var kind: ServiceKind
    /// The primary launch config (its `name` equals the service name).
    package var launchConfig: LaunchConfig
    /// Sidekicks named by `io.rancher.sidekicks`, in the order the label lists them.
    package var sidekicks: [LaunchConfig]
    /// Number of deployment units; nil for global services.
    package var scale: Int?
    /// `io.rancher.scheduler.global: true`: one unit per eligible host.
    package var global: Bool
    package var startOnCreate: Bool
    package var retainIp: Bool
    package var scalePolicy: ScalePolicy?
    /// Free-form metadata from rancher-compose.yml.
    package var metadata: JSONValue?
    package var healthCheck: HealthCheck?
    package var upgradeStrategy: UpgradeStrategy
    package var lbConfig: LBConfig?
    /// External service targets (`external_ips`).
    package var externalIps: [String]
    /// External service target host name (`hostname` in rancher-compose.yml).
    package var externalHostname: String?
    /// Alias targets (`links` of a `rancher/dns-service`), as `service` or `stack/service`.
    package var aliasTargets: [String]
    /// Infra templates' `storage_driver` block (a Rancher storage driver service), kept as written.
    package var storageDriver: JSONValue?
    /// Infra templates' `network_driver` block (a Rancher network driver service), kept as written.
    package var networkDriver: JSONValue?

    package init(name: String, kind: ServiceKind = .service, launchConfig: LaunchConfig, sidekicks: [LaunchConfig] = [],
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
package struct ScalePolicy: Codable, Equatable, Sendable {
    package var min: Int
    package var max: Int
    package var increment: Int

    package init(min: Int, max: Int, increment: Int) {
        self.min = min
        self.max = max
        self.increment = increment
    }
}

/// Rancher's `upgrade_strategy`: how an in-service upgrade proceeds.
package struct UpgradeStrategy: Codable, Equatable, Sendable {
    package var startFirst: Bool
    package var batchSize: Int
    package var intervalMillis: Int

    package init(startFirst: Bool = false, batchSize: Int = 1, intervalMillis: Int = 2000) {
        self.startFirst = startFirst
        self.batchSize = batchSize
        self.intervalMillis = intervalMillis
    }
}

/// Rancher's `health_check` (times in milliseconds).
package struct HealthCheck: Codable, Equatable, Sendable {
    /// What to do with an unhealthy container.
    package enum Strategy: String, Codable, Sendable, CaseIterable {
        case none, recreate, recreateOnQuorum
    }

    package var port: Int
    /// HTTP request line (`GET /health HTTP/1.0`); nil means a TCP connect check.
    package var requestLine: String?
    package var interval: Int
    package var responseTimeout: Int
    package var initializingTimeout: Int?
    package var reinitializingTimeout: Int?
    package var healthyThreshold: Int
    package var unhealthyThreshold: Int
    package var strategy: Strategy
    /// `recreate_on_quorum_strategy_config.quorum`.
    package var quorum: Int?

    package init(port: Int, requestLine: String? = nil, interval: Int = 2000, responseTimeout: Int = 2000,
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
