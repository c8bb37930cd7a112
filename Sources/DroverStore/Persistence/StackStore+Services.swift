import DroverBasics
import DroverModel
import Foundation

/// A service row: its definition and launch-config versions now, what it ran before an upgrade that is not finished
/// yet, and its state with the message that explains a transition or a failure.
package struct StoredService: Equatable, Sendable {
    package var id: String
    package var stackId: String
    package var environmentId: String
    package var stackName: String
    package var name: String
    package var kind: ServiceKind
    package var state: ResourceState
    package var transitioningMessage: String?
    package var definition: ServiceDefinition
    /// Launch-config name → version its instances run.
    package var versions: [String: Int]
    /// Set while an upgrade is neither finished nor rolled back.
    package var previousDefinition: ServiceDefinition?
    package var previousVersions: [String: Int]?
}

extension StackStore {
    /// Adds a stack's services at `versions` (default: version 1 of every launch config), inside the caller's
    /// transaction when there is one.
    package func addServices(stackId: String, _ services: [ServiceDefinition], state: ResourceState, versions: [String: [String: Int]] = [:]) throws {
        try database.write {
            for service in services {
                let id = "\(stackId)/\(service.name)"
                let configs = [service.launchConfig] + service.sidekicks
                let current = versions[service.name] ?? Dictionary(uniqueKeysWithValues: configs.map { ($0.name, 1) })
                try database.execute("""
                    INSERT INTO services (id, stack_id, name, kind, state, scale, definition, versions, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, [id, stackId, service.name, service.kind, state, service.scale, try Self.json(service), try Self.json(current),
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
    package func updateService(_ id: String, definition: ServiceDefinition, versions: [String: Int],
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
    package func setServiceState(_ serviceId: String, state: ResourceState, message: String?, environmentId: String, actor: String,
                                 event: String) throws {
        try database.write {
            try database.execute("UPDATE services SET state = ?, transitioning_message = ? WHERE id = ?", [state, message, serviceId])
            try appendEvent(environmentId: environmentId, type: "service", resourceId: serviceId, actor: actor, action: state.rawValue,
                            message: event)
        }
    }

    /// The highest version each launch config of a service ever had.
    package func highestVersions(serviceId: String) throws -> [String: Int] {
        Dictionary(uniqueKeysWithValues: try database.execute("SELECT name, max(version) AS v FROM launch_configs WHERE service_id = ? GROUP BY name",
                                                              [serviceId]).map { (try $0.text("name"), try $0.integer("v")) })
    }

    /// Deletes a service row (its instances' rows go with it).
    package func deleteService(_ id: String) throws {
        try database.execute("DELETE FROM services WHERE id = ?", [id])
    }

    /// The services of a stack, by name.
    package func services(stackId: String) throws -> [StoredService] {
        try serviceRows("WHERE s.stack_id = ?", [stackId])
    }

    /// The services of an environment, by stack and name.
    package func services(environmentId: String) throws -> [StoredService] {
        try serviceRows("WHERE k.environment_id = ?", [environmentId])
    }

    /// One service, or nil.
    package func service(_ id: String) throws -> StoredService? {
        try serviceRows("WHERE s.id = ?", [id]).first
    }

    private func serviceRows(_ filter: String, _ values: [any SQLiteBindable]) throws -> [StoredService] {
        try database.execute("""
            SELECT s.*, k.environment_id AS environment_id, k.name AS stack_name FROM services s JOIN stacks k ON k.id = s.stack_id
            \(filter) ORDER BY k.name, s.name
            """, values).map { row in
            StoredService(id: try row.text("id"), stackId: try row.text("stack_id"), environmentId: try row.text("environment_id"),
                          stackName: try row.text("stack_name"), name: try row.text("name"), kind: try row.value("kind"), state: try row.value("state"),
                          transitioningMessage: row["transitioning_message"].text,
                          definition: try Self.decoded(try row.text("definition"), Self.definitions),
                          versions: try Self.decoded(try row.text("versions"), Self.versionMaps),
                          previousDefinition: try row["previous_definition"].text.map { try Self.decoded($0, Self.definitions) },
                          previousVersions: try row["previous_versions"].text.map { try Self.decoded($0, Self.versionMaps) })
        }
    }

    /// Service definitions and launch-config version maps by their stored text (room for every service of a few
    /// thousand, current and previous).
    /// Every reconcile pass and listing reads the same texts again, and decoding them with JSONDecoder was most of a
    /// pass's time and of its short-lived memory; the text is the whole key, so a changed row is a new entry.
    static let definitions = GenerationCache<String, ServiceDefinition>(capacity: 20_000)
    static let versionMaps = GenerationCache<String, [String: Int]>(capacity: 20_000)

    /// What the stored JSON `text` decodes to, decoded once while it stays in `cache`.
    private static func decoded<Value: Decodable & Sendable>(_ text: String, _ cache: GenerationCache<String, Value>) throws -> Value {
        try cache.value(text) { try decode(text) as Value }!
    }
}
