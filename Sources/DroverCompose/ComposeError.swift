import DroverModel

/// Why compose files could not be turned into a stack definition.
package enum ComposeError: Error, Equatable, CustomStringConvertible {
    /// The files hold errors; every diagnostic (errors and warnings) of every file is included.
    case invalid([Diagnostic])
    /// A file named on the command line or in `env_file` could not be read.
    case unreadable(path: String, reason: String)

    package var description: String {
        switch self {
        case let .invalid(diagnostics):
            return diagnostics.map(\.description).joined(separator: "\n")
        case let .unreadable(path, reason):
            return "\(path): cannot read: \(reason)"
        }
    }
}
