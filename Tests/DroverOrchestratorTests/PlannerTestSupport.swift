import DroverModel
@testable import DroverOrchestrator
import XCTest

/// Builders for planner tests: hosts, services and instances in stack `s`, a summary of a plan as text lines, and
/// `apply`, which carries a plan out on the actual state as an ideal agent would.
enum PlannerFixture {
    static func scheduler(_ labels: [String: String]...) -> Scheduler {
        Scheduler(hosts: labels.enumerated().map { SchedulingHost(id: "h\($0.offset + 1)", name: "host\($0.offset + 1)", labels: $0.element) })
    }

    /// A service at version 1 of every launch config; each sidekick is used by the primary through `volumes_from`.
    static func service(_ name: String, scale: Int? = 1, global: Bool = false, sidekicks: [String] = [],
                        labels: [String: String] = [:], ports: [PortMapping] = [], kind: ServiceKind = .service) -> DesiredService {
        var primary = LaunchConfig(name: name)
        primary.labels = labels
        primary.ports = ports
        primary.volumesFrom = sidekicks
        let definition = ServiceDefinition(name: name, kind: kind, launchConfig: primary,
                                           sidekicks: sidekicks.map { LaunchConfig(name: $0) }, scale: scale, global: global)
        let versions = Dictionary(uniqueKeysWithValues: ([name] + sidekicks).map { ($0, 1) })
        return DesiredService(stack: "s", definition: definition, versions: versions)
    }

    /// An instance with the id and deployment unit the planner would have given it.
    static func instance(_ service: String, _ unit: Int, on host: String, _ state: ActualInstance.State = .running,
                         launchConfig: String? = nil, version: Int = 1, startOnce: Bool = false,
                         createdByDrover: Bool = true) -> ActualInstance {
        let config = launchConfig ?? service
        return ActualInstance(
            id: PlanIdentity.instance(stack: "s", service: service, launchConfig: config, unit: unit, version: version),
            stack: "s", service: service, launchConfig: config, unit: unit,
            deploymentUnit: PlanIdentity.deploymentUnit(stack: "s", service: service, unit: unit), host: host,
            version: version, state: state, startOnce: startOnce, createdByDrover: createdByDrover)
    }

    /// `h1: create s-web-1 v1 (scale 3 → unit 1 missing)`, host by host in plan order.
    static func lines(_ plan: Plan) -> [String] {
        plan.allActions.map { "\($0.host): \($0.kind.rawValue) \($0.containerName) v\($0.version) (\($0.reason))" }
    }

    /// The state after every action of `plan` succeeded.
    static func apply(_ plan: Plan, to actual: [ActualInstance]) -> [ActualInstance] {
        var result = actual
        for action in plan.allActions {
            switch action.kind {
            case .create:
                result.append(ActualInstance(id: action.instance, stack: action.stack, service: action.service,
                                             launchConfig: action.launchConfig, unit: action.unit,
                                             deploymentUnit: action.deploymentUnit, host: action.host,
                                             version: action.version, state: .running))
            case .start:
                for index in result.indices where result[index].id == action.instance { result[index].state = .running }
            case .stop:
                for index in result.indices where result[index].id == action.instance { result[index].state = .stopped }
            case .remove:
                result.removeAll { $0.id == action.instance }
            }
        }
        return result
    }
}
