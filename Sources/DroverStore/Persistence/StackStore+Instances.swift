import DroverModel
import Foundation

/// An instance row: one container as its agent last reported it.
package struct StoredInstance: Equatable, Sendable {
    package var id: String
    package var serviceId: String
    package var hostId: String
    package var name: String
    package var dockerId: String?
    package var launchConfig: String
    package var unitIndex: Int
    package var deploymentUnit: String
    package var version: Int
    package var state: InstanceReport.State
    package var exitCode: Int?
    /// Its address on the environment's network, as last reported.
    package var address: String?
    /// Its health, while its agent checks it.
    package var health: HealthState?

    /// The stack's name, from the service id `<environment>/<stack>/<service>`.
    package var stackName: String {
        let parts = serviceId.split(separator: "/")
        return parts.count >= 3 ? String(parts[parts.count - 2]) : ""
    }

    /// The service's name, from the service id.
    package var serviceName: String { String(serviceId.split(separator: "/").last ?? "") }
}

/// A container whose health changed, as `replaceInstances` found it: the news a health event reports.
package struct HealthChange: Equatable, Sendable {
    package var instanceId: String
    package var name: String
    package var health: HealthState
    /// Why its checks fail, when it is unhealthy.
    package var reason: String?
}

extension StackStore {
    /// Replaces the instance rows of `hostIds` with what their agents reported, in one transaction that writes only
    /// the rows that changed (nothing when nothing did: with thousands of containers a pass that rewrote every row
    /// grew the WAL and the heap for one new container). Reports of containers whose service no longer exists (about
    /// to be removed) are left out.
    @discardableResult
    package func replaceInstances(hostIds: [String], reports: [(host: String, report: InstanceReport)], environmentId: String) throws
        -> [HealthChange] {
        var wanted: [String: (signature: String, host: String, report: InstanceReport)] = [:]
        for (host, report) in reports where report.state != .removed {
            wanted[report.instanceId] = (Self.signature(host: host, name: report.name, dockerId: report.dockerId, version: report.version,
                                                        state: report.state, exitCode: report.exitCode, address: report.address,
                                                        health: report.health), host, report)
        }
        return try database.write {
            var present: [String: String] = [:]
            var healthBefore: [String: HealthState] = [:]
            for host in hostIds {
                for row in try database.execute("SELECT id, host_id, name, docker_id, version, state, exit_code, address, health FROM instances WHERE host_id = ?", [host]) {
                    present[try row.text("id")] = Self.signature(host: try row.text("host_id"), name: try row.text("name"),
                                                                 dockerId: row["docker_id"].text, version: try row.integer("version"),
                                                                 state: try row.value("state"),
                                                               exitCode: row["exit_code"].integer.map(Int.init), address: row["address"].text,
                                                                 health: row["health"].text.flatMap(HealthState.init(rawValue:)))
                    if let health = row["health"].text.flatMap(HealthState.init(rawValue:)) { healthBefore[try row.text("id")] = health }
                }
            }
            for id in present.keys where wanted[id] == nil {
                try database.execute("DELETE FROM instances WHERE id = ?", [id])
            }
            let now = Date().timeIntervalSince1970
            var changes: [HealthChange] = []
            for (id, entry) in wanted where present[id] != entry.signature {
                if let health = entry.report.health, health != healthBefore[id] {
                    changes.append(HealthChange(instanceId: id, name: entry.report.name, health: health, reason: entry.report.unhealthy))
                }
                let report = entry.report
                let serviceId = "\(environmentId)/\(report.stack)/\(report.service)"
                try database.execute("""
                    INSERT OR REPLACE INTO instances (id, service_id, launch_config, unit_index, deployment_unit, host_id, version, name, docker_id,
                        state, exit_code, address, health, start_count, created)
                    SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ? WHERE EXISTS (SELECT 1 FROM services WHERE id = ?)
                    """, [id, serviceId, report.launchConfig, report.unitIndex, report.deploymentUnit, entry.host, report.version,
                          report.name, report.dockerId, report.state, report.exitCode, report.address, report.health?.rawValue, now,
                          serviceId])
            }
            return changes.sorted { $0.name < $1.name }
        }
    }

    /// What decides whether an instance row must be written again.
    private static func signature(host: String, name: String, dockerId: String?, version: Int, state: InstanceReport.State,
                                  exitCode: Int?, address: String?, health: HealthState?) -> String {
        "\(host)|\(name)|\(dockerId ?? "")|\(version)|\(state.rawValue)|\(exitCode.map(String.init) ?? "")|\(address ?? "")|\(health?.rawValue ?? "")"
    }

    /// The instances of an environment (or of one stack, or of one service), by name.
    package func instances(environmentId: String, stackId: String? = nil, serviceId: String? = nil) throws -> [StoredInstance] {
        let rows = try database.execute("""
            SELECT i.* FROM instances i JOIN services s ON s.id = i.service_id JOIN stacks k ON k.id = s.stack_id
            WHERE k.environment_id = ? AND (? IS NULL OR k.id = ?) AND (? IS NULL OR i.service_id = ?) ORDER BY i.name
            """, [environmentId, stackId, stackId, serviceId, serviceId])
        return try rows.map { row in
            StoredInstance(id: try row.text("id"), serviceId: try row.text("service_id"), hostId: try row.text("host_id"), name: try row.text("name"),
                           dockerId: row["docker_id"].text, launchConfig: try row.text("launch_config"), unitIndex: try row.integer("unit_index"),
                           deploymentUnit: try row.text("deployment_unit"),
                           version: try row.integer("version"), state: try row.value("state"), exitCode: row["exit_code"].integer.map(Int.init),
                           address: row["address"].text, health: row["health"].text.flatMap(HealthState.init(rawValue:)))
        }
    }
}
