import Foundation

/// How many of an environment's resources are in each state, counted by SQLite (for `/metrics`, which a monitoring
/// system reads every few seconds: no row is loaded or decoded).
extension StackStore {
    /// The kinds of resources counted by state.
    package enum CountedResource: CaseIterable, Sendable {
        case stacks, services, containers, hosts

        /// A query of (state, count) rows for one environment.
        var query: String {
            switch self {
            case .stacks: return "SELECT state, COUNT(*) AS n FROM stacks WHERE environment_id = ? GROUP BY state"
            case .services:
                return "SELECT s.state AS state, COUNT(*) AS n FROM services s JOIN stacks k ON k.id = s.stack_id WHERE k.environment_id = ? GROUP BY s.state"
            case .containers:
                return """
                    SELECT i.state AS state, COUNT(*) AS n FROM instances i JOIN services s ON s.id = i.service_id JOIN stacks k ON k.id = s.stack_id
                    WHERE k.environment_id = ? GROUP BY i.state
                    """
            case .hosts: return "SELECT state, COUNT(*) AS n FROM hosts WHERE environment_id = ? GROUP BY state"
            }
        }
    }

    /// The number of `resource`s of the environment in each state.
    package func countByState(_ resource: CountedResource, environmentId: String) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in try database.execute(resource.query, [environmentId]) { counts[try row.text("state")] = try row.integer("n") }
        return counts
    }
}
