import DroverModel
import Foundation

/// A service row: its definition and launch-config versions now, what it ran before an upgrade that is not finished
/// yet, and its state with the message that explains a transition or a failure.
public struct StoredService: Equatable, Sendable {
    public var id: String
    public var stackId: String
    public var environmentId: String
    public var stackName: String
    public var name: String
    public var kind: String
    public var state: String
    public var transitioningMessage: String?
    public var definition: ServiceDefinition
    /// Launch-config name → version its instances run.
    public var versions: [String: Int]
    /// Set while an upgrade is neither finished nor rolled back.
    public var previousDefinition: ServiceDefinition?
    public var previousVersions: [String: Int]?
}

extension StackStore {
    /// Adds a stack's services at `versions` (default: version 1 of every launch config), inside the caller's
    /// transaction when there is one.
    public func addServices(stackId: String, _ services: [ServiceDefinition], state: String, versions: [String: [String: Int]] = [:]) throws {
        try database.write {
            for service in services {
                let id = "\(stackId)/\(service.name)"
                let configs = [service.launchConfig] + service.sidekicks
                let current = versions[service.name] ?? Dictionary(uniqueKeysWithValues: configs.map { ($0.name, 1) })
                try database.execute("""
                    INSERT INTO services (id, stack_id, name, kind, state, scale, definition, versions, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, [id, stackId, service.name, service.kind.rawValue, state, service.scale, try Self.json(service), try Self.json(current),
                          Date().timeIntervalSince1970])
                try recordLaunchConfigs(serviceId: id, configs, versions: current)
            }
        }
    }

    /// Records each launch config at its version (a version already recorded is kept as it was).
    private func recordLaunchConfigs(serviceId: String, _ configs: [LaunchConfig], versions: [String: Int]) throws {
        for config in configs {
            try database.execute("INSERT OR IGNORE INTO launch_configs (service_id, name, version, config, created) VALUES (?, ?, ?, ?, ?)",
                                 [serviceId, config.name, versions[config.name] ?? 1, try Self.json(config), Date().timeIntervalSince1970])
        }
    }

    /// Replaces a service's definition and versions; `previous` keeps what ran before an upgrade (nil clears it).
    public func updateService(_ id: String, definition: ServiceDefinition, versions: [String: Int],
                              previous: (ServiceDefinition, [String: Int])?) throws {
        try database.write {
            try database.execute("""
                UPDATE services SET definition = ?, versions = ?, scale = ?, previous_definition = ?, previous_versions = ? WHERE id = ?
                """, [try Self.json(definition), try Self.json(versions), definition.scale, try previous.map { try Self.json($0.0) },
                      try previous.map { try Self.json($0.1) }, id])
            try recordLaunchConfigs(serviceId: id, [definition.launchConfig] + definition.sidekicks, versions: versions)
        }
    }

    /// Sets a service's state and message, and records why in the event log, in one transaction.
    public func setServiceState(_ serviceId: String, state: String, message: String?, environmentId: String, actor: String, event: String) throws {
        try database.write {
            try database.execute("UPDATE services SET state = ?, transitioning_message = ? WHERE id = ?", [state, message, serviceId])
            try appendEvent(environmentId: environmentId, type: "service", resourceId: serviceId, actor: actor, action: state, message: event)
        }
    }

    /// The highest version each launch config of a service ever had.
    public func highestVersions(serviceId: String) throws -> [String: Int] {
        Dictionary(uniqueKeysWithValues: try database.execute("SELECT name, max(version) AS v FROM launch_configs WHERE service_id = ? GROUP BY name",
                                                              [serviceId]).map { ($0.string("name"), $0.int("v")) })
    }

    /// Deletes a service row (its instances' rows go with it).
    public func deleteService(_ id: String) throws {
        try database.execute("DELETE FROM services WHERE id = ?", [id])
    }

    /// The services of a stack, by name.
    public func services(stackId: String) throws -> [StoredService] {
        try serviceRows("WHERE s.stack_id = ?", [stackId])
    }

    /// The services of an environment, by stack and name.
    public func services(environmentId: String) throws -> [StoredService] {
        try serviceRows("WHERE k.environment_id = ?", [environmentId])
    }

    /// One service, or nil.
    public func service(_ id: String) throws -> StoredService? {
        try serviceRows("WHERE s.id = ?", [id]).first
    }

    private func serviceRows(_ filter: String, _ values: [any SQLiteBindable]) throws -> [StoredService] {
        try database.execute("""
            SELECT s.*, k.environment_id AS environment_id, k.name AS stack_name FROM services s JOIN stacks k ON k.id = s.stack_id
            \(filter) ORDER BY k.name, s.name
            """, values).map { row in
            StoredService(id: row.string("id"), stackId: row.string("stack_id"), environmentId: row.string("environment_id"),
                          stackName: row.string("stack_name"), name: row.string("name"), kind: row.string("kind"), state: row.string("state"),
                          transitioningMessage: row["transitioning_message"].text, definition: try Self.definitions.value(row.string("definition")),
                          versions: try Self.versionMaps.value(row.string("versions")),
                          previousDefinition: try row["previous_definition"].text.map { try Self.definitions.value($0) },
                          previousVersions: try row["previous_versions"].text.map { try Self.versionMaps.value($0) })
        }
    }

    /// Service definitions and launch-config version maps by their stored text (room for every service of a few
    /// thousand, current and previous).
    static let definitions = DecodeCache<ServiceDefinition>(capacity: 20_000)
    static let versionMaps = DecodeCache<[String: Int]>(capacity: 20_000)
}
