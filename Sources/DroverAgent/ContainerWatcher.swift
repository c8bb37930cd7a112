import DroverBasics
import DroverDocker
import DroverModel
import Foundation

/// Follows the Docker engine's event stream for one host's containers and says at once when one of them dies or is
/// removed — behind Drover's back or not — so the server plans its replacement now instead of at its next periodic
/// pass. The stream is read in windows of a few seconds (Docker's `until`), each resuming where the last ended, so
/// `stop` takes effect within a window and no event falls between two.
package final class ContainerWatcher: Sendable {
    /// Docker's actions that leave a container not running.
    static let actions: Set<String> = ["die", "destroy", "oom"]

    let client: DockerClient
    let host: String
    let window: Double
    private let stopping = Cancellation()

    package init(client: DockerClient, host: String, window: Double = 5) {
        self.client = client
        self.host = host
        self.window = window
    }

    /// Follows events on a thread of its own until `stop`, calling `changed` for every container that stopped
    /// running (from the event stream's thread: keep it short).
    package func start(_ changed: @escaping @Sendable () -> Void) {
        Thread.detachNewThread { [self] in
            var since = Date().timeIntervalSince1970
            while !stopping.isCancelled {
                let until = Date().timeIntervalSince1970 + window
                do {
                    try client.events(labels: ["\(ContainerIdentity.hostLabel)=\(host)"], since: since, until: until) { event in
                        if event["Type"]?.string == "container", let action = event["Action"]?.string, Self.actions.contains(action) {
                            // Docker sends `die` before its list shows the container stopped; inspecting waits for the
                            // engine to finish with it, so the pass that follows sees it dead.
                            if let id = event["Actor"]?["ID"]?.string { _ = try? client.inspectContainer(id) }
                            changed()
                        }
                        return !stopping.isCancelled
                    }
                    since = until
                } catch {
                    // The engine is away (restarting): try again shortly, from where the last window ended.
                    Thread.sleep(forTimeInterval: 1)
                }
            }
        }
    }

    /// Ends the watch within one window.
    package func stop() {
        stopping.cancel()
    }
}
