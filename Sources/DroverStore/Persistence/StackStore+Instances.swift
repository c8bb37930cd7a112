import DroverModel
import Foundation

/// An instance row: one container as its agent last reported it.
public struct StoredInstance: Equatable, Sendable {
    public var id: String
    public var serviceId: String
    public var hostId: String
    public var name: String
    public var dockerId: String?
    public var launchConfig: String
    public var unitIndex: Int
    public var deploymentUnit: String
    public var version: Int
    public var state: String
    public var exitCode: Int?

    /// The stack's name, from the service id `<environment>/<stack>/<service>`.
    public var stackName: String {
        let parts = serviceId.split(separator: "/")
        return parts.count >= 3 ? String(parts[parts.count - 2]) : ""
    }

    /// The service's name, from the service id.
    public var serviceName: String { String(serviceId.split(separator: "/").last ?? "") }
}

extension StackStore {
    /// Replaces the instance rows of `hostIds` with what their agents reported, in one transaction (nothing is
    /// written when nothing changed). Reports of containers whose service no longer exists (about to be removed) are
    /// left out.
    public func replaceInstances(hostIds: [String], reports: [(host: String, report: InstanceReport)], environmentId: String) throws {
        try database.write {
            let wanted = Set(reports.filter { $0.report.state != .removed }.map { host, report in
                "\(report.instanceId)|\(host)|\(report.name)|\(report.dockerId ?? "")|\(report.version)|\(report.state.rawValue)|\(report.exitCode.map(String.init) ?? "")"
            })
            var present: Set<String> = []
            for host in hostIds {
                for row in try database.execute("SELECT id, host_id, name, docker_id, version, state, exit_code FROM instances WHERE host_id = ?", [host]) {
                    present.insert("\(row.string("id"))|\(row.string("host_id"))|\(row.string("name"))|\(row["docker_id"].text ?? "")|\(row.int("version"))|"
                                   + "\(row.string("state"))|\(row["exit_code"].integer.map { String($0) } ?? "")")
                }
            }
            if present == wanted { return }
            for host in hostIds { try database.execute("DELETE FROM instances WHERE host_id = ?", [host]) }
            let now = Date().timeIntervalSince1970
            for (host, report) in reports where report.state != .removed {
                let serviceId = "\(environmentId)/\(report.stack)/\(report.service)"
                try database.execute("""
                    INSERT OR REPLACE INTO instances (id, service_id, launch_config, unit_index, deployment_unit, host_id, version, name, docker_id,
                        state, exit_code, start_count, created)
                    SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ? WHERE EXISTS (SELECT 1 FROM services WHERE id = ?)
                    """, [report.instanceId, serviceId, report.launchConfig, report.unitIndex, report.deploymentUnit, host, report.version,
                          report.name, report.dockerId, report.state.rawValue, report.exitCode, now, serviceId])
            }
        }
    }

    /// The instances of an environment (or of one service), by name.
    public func instances(environmentId: String, serviceId: String? = nil) throws -> [StoredInstance] {
        let rows = try database.execute("""
            SELECT i.* FROM instances i JOIN services s ON s.id = i.service_id JOIN stacks k ON k.id = s.stack_id
            WHERE k.environment_id = ? AND (? IS NULL OR i.service_id = ?) ORDER BY i.name
            """, [environmentId, serviceId, serviceId])
        return rows.map { row in
            StoredInstance(id: row.string("id"), serviceId: row.string("service_id"), hostId: row.string("host_id"), name: row.string("name"),
                           dockerId: row["docker_id"].text, launchConfig: row.string("launch_config"), unitIndex: row.int("unit_index"),
                           deploymentUnit: row.string("deployment_unit"),
                           version: row.int("version"), state: row.string("state"), exitCode: row["exit_code"].integer.map(Int.init))
        }
    }
}
