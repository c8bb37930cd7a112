/// The deterministic names the planner gives what it creates, so planning the same state twice gives the same
/// plan and an agent that receives an instruction twice recognises it.
package enum PlanIdentity {
    /// `<stack>/<service>/<launch config>/<unit>/v<version>`: the first instance of a unit member at a version.
    package static func instance(stack: String, service: String, launchConfig: String, unit: Int, version: Int) -> String {
        "\(stack)/\(service)/\(launchConfig)/\(unit)/v\(version)"
    }

    /// The id of the instance replacing `dead`: the member's base id with `/r<k>` appended, `k` one more than the
    /// replacement count `dead` carries (0 when its id has none).
    package static func replacement(of dead: ActualInstance) -> String {
        let base = instance(stack: dead.stack, service: dead.service, launchConfig: dead.launchConfig, unit: dead.unit,
                            version: dead.version)
        let prefix = base + "/r"
        let count = dead.id.hasPrefix(prefix) ? Int(dead.id.dropFirst(prefix.count)) ?? 0 : 0
        return prefix + "\(count + 1)"
    }

    /// `<stack>/<service>/<unit>`: the deployment unit id of a unit the planner creates.
    package static func deploymentUnit(stack: String, service: String, unit: Int) -> String {
        "\(stack)/\(service)/\(unit)"
    }

    /// Rancher's container name: `<stack>-<service>-<n>`, or `<stack>-<service>-<sidekick>-<n>`.
    package static func containerName(stack: String, service: String, launchConfig: String, unit: Int) -> String {
        launchConfig == service ? "\(stack)-\(service)-\(unit)" : "\(stack)-\(service)-\(launchConfig)-\(unit)"
    }
}
