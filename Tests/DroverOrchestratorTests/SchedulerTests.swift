@testable import DroverOrchestrator
import XCTest

/// The scheduler as data: hosts and units in, placements and reasons out.
final class SchedulerTests: XCTestCase {
    private func hosts(_ labels: [String: String]...) -> [SchedulingHost] {
        labels.enumerated().map { SchedulingHost(id: "h\($0.offset + 1)", name: "host\($0.offset + 1)", labels: $0.element) }
    }

    private func unit(_ service: String, _ index: Int = 1, labels: [String: String] = [:], ports: [HostPort] = [],
                      memory: Int64 = 0, cpu: Int = 0, stack: String = "s") -> PlacementRequest {
        var all = labels
        all["io.rancher.stack_service.name"] = "\(stack)/\(service)"
        return PlacementRequest(stack: stack, service: service, containerName: "\(stack)-\(service)-\(index)", labels: all,
                                ports: ports, memory: memory, cpu: cpu)
    }

    private func place(_ scheduler: inout Scheduler, _ request: PlacementRequest) -> String {
        do {
            return scheduler.hosts[try scheduler.place(request)].name
        } catch {
            return "unschedulable: \(error)"
        }
    }

    func testSpreadsToTheHostWithFewestContainers() {
        var scheduler = Scheduler(hosts: hosts([:], [:], [:]))
        XCTAssertEqual((1...6).map { place(&scheduler, unit("web", $0)) }, ["host1", "host2", "host3", "host1", "host2", "host3"])
    }

    func testHardHostLabelAndItsNegation() {
        var scheduler = Scheduler(hosts: hosts(["db": "true"], ["db": "false"], [:]))
        XCTAssertEqual(place(&scheduler, unit("db", labels: ["io.rancher.scheduler.affinity:host_label": "db=true"])), "host1")
        XCTAssertEqual(place(&scheduler, unit("db", 2, labels: ["io.rancher.scheduler.affinity:host_label": "db=true"])), "host1")
        XCTAssertEqual(place(&scheduler, unit("web", labels: ["io.rancher.scheduler.affinity:host_label_ne": "db=true"])), "host2")
        XCTAssertEqual(place(&scheduler, unit("x", labels: ["io.rancher.scheduler.affinity:host_label": "db=true,zone=a"])),
                       "unschedulable: no host satisfies io.rancher.scheduler.affinity:host_label=zone=a: 0 of 3 hosts have label zone=a")
    }

    func testUnschedulableReasonMatchesTheIssueExample() {
        var scheduler = Scheduler(hosts: hosts([:], [:], [:]))
        XCTAssertEqual(place(&scheduler, unit("db", labels: ["io.rancher.scheduler.affinity:host_label": "db=true"])),
                       "unschedulable: no host satisfies io.rancher.scheduler.affinity:host_label=db=true: 0 of 3 hosts have label db=true")
    }

    func testServiceAntiAffinityWithStackAndServiceNameExpansion() {
        var scheduler = Scheduler(hosts: hosts([:], [:]))
        let labels = ["io.rancher.scheduler.affinity:container_label_ne": "io.rancher.stack_service.name=${stack_name}/${service_name}"]
        XCTAssertEqual(place(&scheduler, unit("etcd", 1, labels: labels)), "host1")
        XCTAssertEqual(place(&scheduler, unit("etcd", 2, labels: labels)), "host2")
        XCTAssertEqual(place(&scheduler, unit("etcd", 3, labels: labels)),
                       "unschedulable: no host satisfies io.rancher.scheduler.affinity:container_label_ne=io.rancher.stack_service.name=s/etcd: all 2 hosts run a container with label io.rancher.stack_service.name=s/etcd")
    }

    func testContainerLabelAndContainerNameAffinity() {
        var scheduler = Scheduler(hosts: hosts([:], [:], [:]))
        XCTAssertEqual(place(&scheduler, unit("db")), "host1")
        XCTAssertEqual(place(&scheduler, unit("app", labels: ["io.rancher.scheduler.affinity:container_label": "io.rancher.stack_service.name=s/db"])), "host1")
        XCTAssertEqual(place(&scheduler, unit("side", labels: ["io.rancher.scheduler.affinity:container": "s-db-1"])), "host1")
        XCTAssertEqual(place(&scheduler, unit("away", labels: ["io.rancher.scheduler.affinity:container_ne": "s-db-1"])), "host2")
        XCTAssertEqual(place(&scheduler, unit("nope", labels: ["io.rancher.scheduler.affinity:container": "s-ghost-1"])),
                       "unschedulable: no host satisfies io.rancher.scheduler.affinity:container=s-ghost-1: 0 of 3 hosts run a container named s-ghost-1")
    }

    func testSoftRulesAreDroppedOneAtATime() {
        var scheduler = Scheduler(hosts: hosts(["zone": "a", "ssd": "true"], ["zone": "b"], ["zone": "b", "ssd": "true"]))
        let prefer = ["io.rancher.scheduler.affinity:host_label_soft": "zone=b,ssd=true"]
        XCTAssertEqual(place(&scheduler, unit("web", 1, labels: prefer)), "host3")
        let impossible = ["io.rancher.scheduler.affinity:host_label_soft": "zone=b,ssd=false"]
        XCTAssertEqual(place(&scheduler, unit("web", 2, labels: impossible)), "host2", "ssd=false dropped, zone=b kept, fewest containers")
        let softAntiAffinity = ["io.rancher.scheduler.affinity:container_label_soft_ne": "io.rancher.stack_service.name=s/api"]
        XCTAssertEqual((1...4).map { place(&scheduler, unit("api", $0, labels: softAntiAffinity)) }, ["host1", "host2", "host3", "host1"],
                       "one per host while possible, then the rule is dropped and the emptiest host wins")
    }

    func testHostPortConflictsPerAddress() {
        var scheduler = Scheduler(hosts: hosts([:], [:]))
        let web = [HostPort(port: 80)]
        XCTAssertEqual(place(&scheduler, unit("web", 1, ports: web)), "host1")
        XCTAssertEqual(place(&scheduler, unit("web", 2, ports: web)), "host2")
        XCTAssertEqual(place(&scheduler, unit("web", 3, ports: web)),
                       "unschedulable: host port 80/tcp is already in use on all 2 eligible hosts")
        XCTAssertEqual(place(&scheduler, unit("dns", 1, ports: [HostPort(port: 80, protocol: "udp")])), "host1")
        var bound = Scheduler(hosts: hosts([:]))
        XCTAssertEqual(place(&bound, unit("a", ports: [HostPort(ip: "10.0.0.1", port: 53)])), "host1")
        XCTAssertEqual(place(&bound, unit("b", ports: [HostPort(ip: "10.0.0.2", port: 53)])), "host1", "other IP, no conflict")
        XCTAssertTrue(place(&bound, unit("c", ports: [HostPort(port: 53)])).hasPrefix("unschedulable: host port 53/tcp"))
    }

    func testMemoryAndCPUReservations() {
        var scheduler = Scheduler(hosts: [SchedulingHost(id: "a", name: "small", memoryCapacity: 1000, cpuCapacity: 1000),
                                          SchedulingHost(id: "b", name: "big", memoryCapacity: 4000, cpuCapacity: 4000)])
        XCTAssertEqual(place(&scheduler, unit("x", 1, memory: 800)), "small")
        XCTAssertEqual(place(&scheduler, unit("x", 2, memory: 800)), "big")
        XCTAssertEqual(place(&scheduler, unit("x", 3, memory: 800)), "big")
        XCTAssertEqual(place(&scheduler, unit("y", 1, memory: 5000)),
                       "unschedulable: not enough memory: the unit reserves 5000 bytes, the most free on an eligible host is 2400")
        XCTAssertEqual(place(&scheduler, unit("z", 1, cpu: 3500)), "big")
        XCTAssertEqual(place(&scheduler, unit("z", 2, cpu: 1500)),
                       "unschedulable: not enough CPU: the unit reserves 1500 millicores, the most free on an eligible host is 1000")
    }

    func testGlobalServicesUseOnlyHardHostLabels() {
        let scheduler = Scheduler(hosts: hosts(["compute": "true"], [:], ["compute": "true"]))
        let labels = ["io.rancher.scheduler.affinity:host_label": "compute=true", "io.rancher.scheduler.affinity:host_label_soft": "gpu=true",
                      "io.rancher.scheduler.affinity:container_label_ne": "x=y"]
        XCTAssertEqual(scheduler.globalHosts(unit("agent", labels: labels)).map { scheduler.hosts[$0].name }, ["host1", "host3"])
    }

    func testNoHostsAndContradictoryRules() {
        var empty = Scheduler(hosts: [])
        XCTAssertEqual(place(&empty, unit("a")), "unschedulable: no hosts are available in the environment")
        var scheduler = Scheduler(hosts: hosts(["a": "1"], ["b": "1"]))
        XCTAssertEqual(place(&scheduler, unit("x", labels: ["io.rancher.scheduler.affinity:host_label": "a=1,b=1"])),
                       "unschedulable: no host satisfies all of io.rancher.scheduler.affinity:host_label=a=1, io.rancher.scheduler.affinity:host_label=b=1 together (each holds on some of the 2 hosts)")
    }

    func testRulesParseEveryLabelForm() {
        let rules = AffinityRule.rules(from: [
            "io.rancher.scheduler.affinity:host_label": "a=1, b=2",
            "io.rancher.scheduler.affinity:host_label_soft_ne": "c=3",
            "io.rancher.scheduler.affinity:container": "s-web-1",
            "io.rancher.scheduler.affinity:bogus": "x",
            "other": "y",
        ], stack: "s", service: "web")
        XCTAssertEqual(rules, [
            AffinityRule(subject: .container, value: "s-web-1"),
            AffinityRule(subject: .hostLabel, value: "a=1"),
            AffinityRule(subject: .hostLabel, value: "b=2"),
            AffinityRule(subject: .hostLabel, negated: true, soft: true, value: "c=3"),
        ])
    }
}
