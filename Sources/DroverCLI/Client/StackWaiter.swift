import DroverModel
import Foundation

/// Waits for a stack to settle, printing the environment's events as they happen (per service and container,
/// `batch k of n` during upgrades) on stderr — or nothing but the final result with `--format json`.
struct StackWaiter {
    let client: APIClient
    let output: Output
    let quiet: Bool

    /// Stack states that end a wait as a failure.
    static let failures: Set<ResourceState> = [.error, .canceledUpgrade]

    /// Seconds a service may stay unschedulable before a wait gives up on it (exit 2) instead of hanging.
    static let unschedulableGrace = 10.0

    /// The scheduler's reason when a service of the stack cannot be placed, or nil: an `activating` service carries a
    /// message only when the scheduler gave one (units that cannot be placed, a global service no host can run).
    func unschedulable(_ stack: String) throws -> String? {
        let services = try client.list(ServiceResource.self, client.environmentPath("/services?stackId=\(APIClient.escape(stack))"))
        return services.first { $0.state == .activating && $0.transitioningMessage != nil }
            .map { "service \($0.name): \($0.transitioningMessage ?? "")" }
    }

    /// The id of the newest event now, so a wait prints only what happens next.
    func lastEventId() throws -> Int {
        try client.get(CollectionResource<EventResource>.self, client.environmentPath("/events?tail=1")).data.last?.id ?? 0
    }

    /// Waits until the stack is in one of `targets` (or gone, when `targets` is empty); returns the exit code.
    func wait(stack: String, targets: Set<ResourceState>, timeout: Double, after eventId: Int) throws -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        var last = eventId
        var lastMessage: String?
        var waitingSince: Date?
        while true {
            let events = try client.get(CollectionResource<EventResource>.self, client.environmentPath("/events?after=\(last)&wait=1&stack=\(APIClient.escape(stack))")).data
            for event in events {
                last = max(last, event.id)
                if !quiet { output.err("  \(event.message)") }
            }
            let state: ResourceState?
            let message: String?
            do {
                let resource = try client.get(StackResource.self, client.environmentPath("/stacks/\(APIClient.escape(stack))"))
                state = resource.state
                message = resource.transitioningMessage
            } catch let failure as CommandFailure where failure.message.hasPrefix("no stack") {
                state = nil
                message = nil
            }
            if state.map({ targets.contains($0) || Self.failures.contains($0) }) ?? true {
                // The events the settling pass wrote after the ones shown above: every step is printed.
                for event in try client.get(CollectionResource<EventResource>.self, client.environmentPath(
                    "/events?after=\(last)&stack=\(APIClient.escape(stack))")).data where !quiet {
                    output.err("  \(event.message)")
                }
            }
            guard let state else { return targets.isEmpty ? ExitCode.success : ExitCode.failure }
            if targets.contains(state) { return ExitCode.success }
            if Self.failures.contains(state) {
                output.err("stack \(stack) is \(state.rawValue)" + (message.map { ": \($0)" } ?? ""))
                return ExitCode.failedState
            }
            if let message, message != lastMessage, !quiet { output.err("  \(stack): \(message)") }
            lastMessage = message
            if state == .activating, let waiting = try unschedulable(stack) {
                waitingSince = waitingSince ?? Date()
                if Date().timeIntervalSince(waitingSince!) >= Self.unschedulableGrace {
                    output.err("stack \(stack) cannot be placed: \(waiting)\nit stays activating and is retried whenever hosts or services change")
                    return ExitCode.failedState
                }
            } else {
                waitingSince = nil
            }
            if Date() > deadline {
                output.err("timed out after \(Int(timeout)) s: stack \(stack) is \(state.rawValue)" + (message.map { " (\($0))" } ?? ""))
                return ExitCode.timeout
            }
        }
    }
}
