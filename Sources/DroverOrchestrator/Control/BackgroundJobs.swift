import Foundation

/// Runs the controller's work that outlives a request (reconcile passes, upgrades, finishes, rollbacks, removals) on
/// threads of its own, and knows when none is left: tests wait on that instead of sleeping.
package final class BackgroundJobs: Sendable {
    private let group = DispatchGroup()
    /// Hears the error of a job that failed (it is retried by the next pass, or stays visible in the event log).
    private let failed: @Sendable (any Error) -> Void

    init(failed: @escaping @Sendable (any Error) -> Void) {
        self.failed = failed
    }

    /// Runs `work` on a new thread.
    func run(_ work: @escaping @Sendable () throws -> Void) {
        group.enter()
        Thread.detachNewThread { [group, failed] in
            defer { group.leave() }
            do {
                try work()
            } catch {
                failed(error)
            }
        }
    }

    /// Waits until no job runs, also those started by jobs; false when `timeout` seconds passed first.
    package func waitUntilIdle(timeout: Double) -> Bool {
        group.wait(timeout: .now() + timeout) == .success
    }
}
