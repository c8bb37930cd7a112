import DroverModel

/// A service as it should run: its definition and the launch-config versions its instances must run.
///
/// Pass only services that should have containers running (active ones); a service left out has every container
/// Drover made for it removed.
package struct DesiredService: Equatable, Sendable {
    package var stack: String
    package var definition: ServiceDefinition
    /// Launch-config name (the primary's is the service name) → version its instances must run; missing means 0.
    package var versions: [String: Int]

    package init(stack: String, definition: ServiceDefinition, versions: [String: Int] = [:]) {
        self.stack = stack
        self.definition = definition
        self.versions = versions
    }

    package var name: String { definition.name }

    /// `stack/service`, as in the `io.rancher.stack_service.name` label.
    package var key: String { "\(stack)/\(name)" }

    /// Services and load balancers run containers; external services and aliases do not.
    package var runsContainers: Bool {
        definition.kind == .service || definition.kind == .loadBalancer
    }

    /// The version instances of `launchConfig` must run.
    package func version(of launchConfig: String) -> Int {
        versions[launchConfig] ?? 0
    }

    /// The launch configs of one deployment unit in the order they must be created: a member another one uses
    /// through `volumes_from` or `network_mode: container:` comes first; otherwise sidekicks in label order, then
    /// the primary. A dependency cycle falls back to that order for the members caught in it.
    package var members: [LaunchConfig] {
        var remaining = definition.sidekicks + [definition.launchConfig]
        let names = Set(remaining.map(\.name))
        var ordered: [LaunchConfig] = []
        while !remaining.isEmpty {
            let done = Set(ordered.map(\.name))
            let next = remaining.firstIndex { config in
                Self.dependencies(of: config).allSatisfy { !names.contains($0) || done.contains($0) || $0 == config.name }
            } ?? 0
            ordered.append(remaining.remove(at: next))
        }
        return ordered
    }

    /// Position of `launchConfig` in `members`, nil when the unit has no such member.
    package func rank(of launchConfig: String) -> Int? {
        members.firstIndex { $0.name == launchConfig }
    }

    /// The names a launch config refers to through `volumes_from` and `network_mode: container:`.
    private static func dependencies(of config: LaunchConfig) -> [String] {
        var names = config.volumesFrom
        if let mode = config.networkMode, mode.hasPrefix("container:") {
            names.append(String(mode.dropFirst("container:".count)))
        }
        return names
    }
}

extension DesiredService {
    /// A service at version 1 of every launch config: a stack's first deployment.
    package static func initial(stack: String, definition: ServiceDefinition) -> DesiredService {
        DesiredService(stack: stack, definition: definition,
                       versions: Dictionary(uniqueKeysWithValues: ([definition.launchConfig] + definition.sidekicks).map { ($0.name, 1) }))
    }
}
