import CMalloc
import DroverHTTP
import DroverOrchestrator
import Foundation

/// `/metrics`: stacks, services, containers and hosts by state, instructions waiting per host, reconcile and upgrade
/// durations, and the API's request counts and latencies — for the environments the key sees.
extension APIServer {
    func metricsPage(_ request: APIRequest) throws -> HTTPResponse {
        let store = controller.store
        let environments = try store.environments().filter { request.principal!.sees($0.id) }
        var stacks: [String: Int] = [:], services: [String: Int] = [:], containers: [String: Int] = [:], hosts: [String: Int] = [:]
        var pending: [String] = []
        for environment in environments {
            for (state, count) in try store.countByState(.stacks, environmentId: environment.id) { stacks["\(environment.id)\u{0}\(state)"] = count }
            for (state, count) in try store.countByState(.services, environmentId: environment.id) { services["\(environment.id)\u{0}\(state)"] = count }
            for (state, count) in try store.countByState(.containers, environmentId: environment.id) {
                containers["\(environment.id)\u{0}\(state)"] = count
            }
            for (state, count) in try store.countByState(.hosts, environmentId: environment.id) { hosts["\(environment.id)\u{0}\(state)"] = count }
            for host in try store.hosts(environmentId: environment.id) {
                pending.append("drover_instructions_pending{host=\(Metrics.quote(host.name))} \(remoteAgents.agent(host.id)?.pendingCount ?? 0)")
            }
        }
        var lines: [String] = []
        for (name, help, values) in [("drover_stacks", "Stacks by state.", stacks), ("drover_services", "Services by state.", services),
                                     ("drover_containers", "Containers by state.", containers), ("drover_hosts", "Hosts by state.", hosts)] {
            lines += ["# HELP \(name) \(help)", "# TYPE \(name) gauge"]
            for key in values.keys.sorted() {
                let parts = key.split(separator: "\u{0}", omittingEmptySubsequences: false).map(String.init)
                lines.append("\(name){environment=\(Metrics.quote(parts[0])),state=\(Metrics.quote(parts[1]))} \(values[key]!)")
            }
        }
        lines += ["# HELP drover_instructions_pending Instructions queued for a remote agent.", "# TYPE drover_instructions_pending gauge"] + pending
        let timings = controller.timings.snapshot()
        lines += ["# HELP drover_reconcile_seconds Time spent in reconcile passes.", "# TYPE drover_reconcile_seconds summary",
                  "drover_reconcile_seconds_sum \(timings.reconcileSeconds)", "drover_reconcile_seconds_count \(timings.reconciles)",
                  "# HELP drover_upgrade_seconds Time spent upgrading services.", "# TYPE drover_upgrade_seconds summary",
                  "drover_upgrade_seconds_sum \(timings.upgradeSeconds)", "drover_upgrade_seconds_count \(timings.upgrades)"]
        lines += Self.memoryLines()
        let text = lines.joined(separator: "\n") + "\n" + metrics.text()
        return HTTPResponse(status: 200, headers: [HTTPHeader("Content-Type", "text/plain; version=0.0.4")], body: Array(text.utf8))
    }

    /// The process's resident memory and its malloc heap: bytes in use by live objects and bytes free but still held,
    /// which tells live data from fragmentation when the resident size grows.
    static func memoryLines() -> [String] {
        let heap = mallinfo2()
        let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
        let statm = (try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8))?.split(separator: " ")
        let resident = statm.flatMap { $0.count > 1 ? Int($0[1]) : nil }.map { $0 * pageSize } ?? 0
        return ["# HELP process_resident_memory_bytes Resident memory size in bytes.", "# TYPE process_resident_memory_bytes gauge",
                "process_resident_memory_bytes \(resident)",
                "# HELP drover_heap_in_use_bytes Bytes of the malloc heap in live allocations.", "# TYPE drover_heap_in_use_bytes gauge",
                "drover_heap_in_use_bytes \(heap.uordblks + heap.hblkhd)",
                "# HELP drover_heap_free_bytes Bytes the malloc heap holds free (not yet returned to the system).",
                "# TYPE drover_heap_free_bytes gauge", "drover_heap_free_bytes \(heap.fordblks)"]
    }
}
