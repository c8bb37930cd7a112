/// Why a Docker operation failed, with what was being attempted and Docker's own message.
package enum DockerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No engine answered at the endpoint.
    case unreachable(endpoint: String, reason: String)
    /// The engine answered with an error status; `message` is Docker's own text.
    case api(operation: String, status: Int, message: String)
    /// The engine's answer could not be understood.
    case unexpected(operation: String, reason: String)

    package var description: String {
        switch self {
        case let .unreachable(endpoint, reason):
            return "Docker engine at \(endpoint) is not reachable: \(reason) (is dockerd running? set DOCKER_HOST)"
        case let .api(operation, status, message):
            return "\(operation): \(message) (HTTP \(status))"
        case let .unexpected(operation, reason):
            return "\(operation): unexpected answer from Docker: \(reason)"
        }
    }

    /// The engine said the object does not exist.
    package var isNotFound: Bool {
        if case let .api(_, status, _) = self { return status == 404 }
        return false
    }

    /// The engine said the object already exists or is in a conflicting state.
    package var isConflict: Bool {
        if case let .api(_, status, _) = self { return status == 409 }
        return false
    }

    /// The same error, saying what to do when the engine has no address pool left for a new network (each stack
    /// takes one on each host it runs on).
    package var explainingAddressPools: DockerError {
        guard case let .api(operation, status, message) = self, message.contains("non-overlapping IPv4 address pool") else { return self }
        return .api(operation: operation, status: status, message: message + "; every stack takes a network on each host it runs on: "
                    + "give this host's dockerd more address pools (default-address-pools in daemon.json, see docs/docker.md)")
    }

    /// The same error with more context in front of the operation (`create container web-1 on host h1`).
    package func during(_ context: String) -> DockerError {
        switch self {
        case let .api(operation, status, message): return .api(operation: "\(context): \(operation)", status: status, message: message)
        case let .unexpected(operation, reason): return .unexpected(operation: "\(context): \(operation)", reason: reason)
        case .unreachable: return self
        }
    }
}
