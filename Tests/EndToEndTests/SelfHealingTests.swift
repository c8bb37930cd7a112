import Foundation
import TestSupport
import XCTest

/// A container killed behind Drover's back runs again at once: the agent hears its death on the engine's event
/// stream and the server acts on it, long before a periodic pass (here one a minute) would.
final class SelfHealingTests: DroverProcessTestCase {
    /// The main process id and start time of a running container, or nil.
    private func process(_ name: String) -> (pid: Int32, started: String)? {
        let fields = docker(dockerHost, "inspect", "-f", "{{.State.Running}} {{.State.Pid}} {{.State.StartedAt}}", name)
            .split(separator: " ").map(String.init)
        guard fields.count == 3, fields[0] == "true", let pid = Int32(fields[1]) else { return nil }
        return (pid, fields[2])
    }

    func testAKilledContainerRunsAgainWithoutWaitingForAPass() throws {
        try startServer(reconcileInterval: "60")
        let app = try project("heal", compose: """
        version: '2'
        services:
          app:
            image: drover-local/busybox:latest
            command: sleep 3600
            init: true
        """)
        XCTAssertEqual(try drover("up", "-s", "heal", cwd: app).status, 0)
        for round in 1...3 {
            let before = try XCTUnwrap(process("heal-app-1"), "running before kill \(round)")
            kill(before.pid, SIGKILL)
            try waitUntil("heal-app-1 runs again after kill \(round)", timeout: 10) {
                process("heal-app-1").map { $0.started != before.started } ?? false
            }
        }
        let events = try drover("events", "--tail", "50").stdout
        XCTAssertTrue(events.contains("container heal-app-1 started on host"), events)
        XCTAssertTrue(events.contains("died with exit code 137"), events)
    }

    func testACrashLoopBacksOffAndSaysWhatTheContainerSaidLast() throws {
        try startServer(reconcileInterval: "60")
        let app = try project("loop", compose: """
        version: '2'
        services:
          app:
            image: drover-local/busybox:latest
            command: sh -c 'echo starting; echo cannot open /data/db; exit 3'
        """)
        _ = try drover("up", "-s", "loop", "--wait-timeout", "5", cwd: app)
        try waitUntil("the service shows the back-off with the container's last output", timeout: 30) {
            let services = try drover("ps", "--format", "json").stdout
            return services.contains("loop-app-1 keeps exiting soon after it starts (exit code 3)")
                && services.contains("cannot open /data/db | starting | cannot open /data/db")
        }
        let events = try drover("events", "--tail", "100").stdout
        XCTAssertTrue(events.contains("container loop-app-1 started on host"), events)
    }
}
