import DroverOrchestrator
import Foundation

/// Scheduler throughput: N units of 50 services on H hosts in 5 zones, with the rules real templates use —
/// hard host-label affinity for a fifth of the services, soft anti-affinity with the own service for all, hard
/// anti-affinity with another stack for some, and a published port for a few.
enum SchedulerBench {
    static func run(units: Int, hosts count: Int) {
        let hosts = (0..<count).map { index in
            SchedulingHost(id: "h\(index)", name: "host\(index)", labels: ["zone": "z\(index % 5)", "ssd": index % 3 == 0 ? "true" : "false"],
                           memoryCapacity: 64 << 30, cpuCapacity: 32_000)
        }
        var scheduler = Scheduler(hosts: hosts)
        let requests = (0..<units).map { index -> PlacementRequest in
            let service = "svc\(index % 50)"
            var labels = ["io.rancher.stack_service.name": "app/\(service)",
                          "io.rancher.scheduler.affinity:container_label_soft_ne": "io.rancher.stack_service.name=${stack_name}/${service_name}"]
            if index % 5 == 0 { labels["io.rancher.scheduler.affinity:host_label"] = "zone=z\(index % 5)" }
            if index % 7 == 0 { labels["io.rancher.scheduler.affinity:host_label_soft"] = "ssd=true" }
            if index % 11 == 0 { labels["io.rancher.scheduler.affinity:container_label_ne"] = "io.rancher.stack_service.name=other/db" }
            let ports = index % 50 == 1 ? [HostPort(port: 8000 + index % 1000)] : []
            return PlacementRequest(stack: "app", service: service, containerName: "app-\(service)-\(index / 50 + 1)", labels: labels,
                                    ports: ports, memory: 64 << 20, cpu: 100)
        }
        var placed = 0, failed = 0
        let start = Date()
        for request in requests {
            do {
                _ = try scheduler.place(request)
                placed += 1
            } catch {
                failed += 1
            }
        }
        let elapsed = Date().timeIntervalSince(start)
        print("placed=\(placed) unschedulable=\(failed) hosts=\(count) elapsed_seconds=\(elapsed) placements_per_second=\(Int(Double(units) / elapsed))")
    }
}
