/// Why the controller refused a change. Nothing was written when one of these is thrown.
package enum ControlError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No such stack, service, revision or environment.
    case notFound(String)
    /// The name is taken.
    case conflict(String)
    /// The request itself is wrong (a bad name, a bad scale).
    case invalid(String)
    /// The action is not valid in the resource's current state.
    case refused(String)

    package var description: String {
        switch self {
        case let .notFound(message), let .conflict(message), let .invalid(message), let .refused(message): return message
        }
    }
}
