import DroverBasics
import DroverDocker
import DroverModel
import Foundation

/// Runs the health checks of one host's containers, as Rancher's agent did: every running container labelled with a
/// `health_check` (`io.drover.health_check`, written at create) is checked every `interval` against its address on
/// the environment's network, and followed by a `HealthTracker`. The containers are listed again every second;
/// checks due at the same time run in parallel. `changed` is called when any container's health changes, so the
/// server acts at once (its strategy replaces unhealthy containers; balancers stop sending them requests).
package final class HealthMonitor: Sendable {
    /// The label holding a container's health check (JSON).
    package static let label = "io.drover.health_check"

    /// One followed container.
    private struct Followed {
        var tracker: HealthTracker
        var address: String
        var nextCheck: Double
    }

    let client: DockerClient
    let host: String
    private let followed = Locked<[String: Followed]>([:])
    /// Containers that ran before and stopped: when they run again they are reinitializing.
    private let stoppedAfterRunning = Locked<Set<String>>([])
    private let stopping = Cancellation()

    package init(client: DockerClient, host: String) {
        self.client = client
        self.host = host
    }

    /// The health of the container with Docker id `id` while it is followed, and why its last check failed.
    package func health(of id: String) -> (state: HealthState, failing: String?)? {
        followed.withLock { $0[id].map { ($0.tracker.state, $0.tracker.reason) } }
    }

    /// Checks on a thread of its own until `stop`.
    package func start(_ changed: @escaping @Sendable () -> Void) {
        Thread.detachNewThread { [self] in
            var nextList = 0.0
            while !stopping.isCancelled {
                let now = Date().timeIntervalSince1970
                if now >= nextList {
                    if (try? refresh(now: now)) != nil { nextList = now + 1 }
                }
                if checkDue(now: now) { changed() }
                Thread.sleep(forTimeInterval: 0.05)
            }
        }
    }

    /// Ends the checks.
    package func stop() {
        stopping.cancel()
    }

    /// Follows the running containers with a health check, forgets the others.
    private func refresh(now: Double) throws(DockerError) {
        var running: [String: (HealthCheck, String)] = [:]
        for summary in try client.listContainers(labels: ["\(ContainerIdentity.hostLabel)=\(host)", Self.label]) where summary.state == "running" {
            guard let text = summary.labels[Self.label], let check = try? JSONDecoder().decode(HealthCheck.self, from: Data(text.utf8)) else { continue }
            let environment = summary.labels[ContainerIdentity.environmentLabel] ?? ""
            guard let address = summary.addresses[ContainerIdentity.networkName(environment: environment)] ?? summary.addresses.values.first else { continue }
            running[summary.id] = (check, address)
        }
        let restarted = stoppedAfterRunning.current
        followed.withLock { followed in
            let gone = Set(followed.keys).subtracting(running.keys)
            stoppedAfterRunning.withLock { $0.formUnion(gone) }
            for id in gone { followed[id] = nil }
            for (id, (check, address)) in running where followed[id] == nil {
                followed[id] = Followed(tracker: HealthTracker(check: check, started: now, restarted: restarted.contains(id)), address: address,
                                        nextCheck: now)
            }
        }
        stoppedAfterRunning.withLock { $0.subtract(running.keys) }
    }

    /// Runs the checks that are due, in parallel; true when a container's health changed.
    private func checkDue(now: Double) -> Bool {
        let due = followed.withLock { followed in
            followed.filter { $0.value.nextCheck <= now }.map { ($0.key, $0.value.address, $0.value.tracker.check) }
        }
        guard !due.isEmpty else { return false }
        let results = Locked<[(String, HealthProbe.Result)]>([])
        ParallelWork.run(count: due.count, parallelism: 8) { index in
            let (id, address, check) = due[index]
            let result = HealthProbe.check(address: address, port: check.port, requestLine: check.requestLine, timeoutMillis: check.responseTimeout)
            results.withLock { $0.append((id, result)) }
        }
        let finished = Date().timeIntervalSince1970
        return followed.withLock { followed in
            var changed = false
            for (id, result) in results.current {
                guard var entry = followed[id] else { continue }
                if entry.tracker.record(result, now: finished) { changed = true }
                entry.nextCheck = finished + Double(entry.tracker.check.interval) / 1000
                followed[id] = entry
            }
            return changed
        }
    }
}
