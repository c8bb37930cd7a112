import DroverModel

/// One service's entry in rancher-compose.yml: the Rancher keys merged over the docker-compose service.
struct RancherService {
    var name: String
    var line: Int
    var column: Int
    var scale: Int?
    var startOnCreate: Bool?
    var retainIp: Bool?
    var scalePolicy: ScalePolicy?
    var metadata: JSONValue?
    var healthCheck: HealthCheck?
    var upgradeStrategy: UpgradeStrategy?
    var lbConfig: LBConfig?
    /// Legacy v1 `load_balancer_config`: custom HAProxy text and stickiness.
    var legacyLB: LBConfig?
    var externalIps: [String]?
    var hostname: String?
    var labels: [String: String] = [:]
    /// Infra templates' `storage_driver` / `network_driver` blocks, kept as given.
    var storageDriver: JSONValue?
    var networkDriver: JSONValue?
}

extension YAMLNode {
    /// The node as a JSON value, typed the way YAML 1.1 types it.
    var jsonValue: JSONValue {
        switch content {
        case let .sequence(items): return .array(items.map(\.jsonValue))
        case let .mapping(entries):
            var object: [String: JSONValue] = [:]
            for entry in entries { object[entry.key] = entry.value.jsonValue }
            return .object(object)
        case let .scalar(text, _, _):
            switch scalarType {
            case .null: return .null
            case let .bool(value): return .bool(value)
            case let .int(value): return .int(value)
            case let .float(value): return .double(value)
            default: return .string(text)
            }
        }
    }
}
