/// The difference between a balancer's live configuration and its next one when only backend membership changed:
/// the servers to add and to take out, which HAProxy's runtime API applies without a reload. Anything else (a rule,
/// a certificate, custom config, a server with a stickiness cookie, which HAProxy 2.6 refuses for servers added at
/// run time) needs a reload, and `between` answers nil. Pure.
package struct RuntimeChanges: Equatable, Sendable {
    /// A server to add: `add server <backend>/<name> <arguments>`, then enabled (and its health check started).
    package struct Addition: Equatable, Sendable {
        package var backend: String
        package var server: String
        /// Address and options, as on the configuration's `server` line.
        package var arguments: String
        package var checked: Bool
    }

    /// A server to take out (`backend`, `server`): put in maintenance, drained, then deleted.
    package struct Removal: Equatable, Sendable {
        package var backend: String
        package var server: String
    }

    package var additions: [Addition] = []
    package var removals: [Removal] = []

    /// Whether nothing changes.
    package var isEmpty: Bool { additions.isEmpty && removals.isEmpty }

    /// The runtime changes that turn `live` into `next`, or nil when they differ in more than their servers.
    package static func between(_ live: String, _ next: String) -> RuntimeChanges? {
        let (liveRest, liveServers) = split(live)
        let (nextRest, nextServers) = split(next)
        guard liveRest == nextRest else { return nil }
        var changes = RuntimeChanges()
        for (backend, servers) in nextServers.sorted(by: { $0.key < $1.key }) {
            let old = liveServers[backend] ?? [:]
            for (name, arguments) in servers.sorted(by: { $0.key < $1.key }) where old[name] != arguments {
                guard !arguments.split(separator: " ").contains("cookie") else { return nil }
                if old[name] != nil { changes.removals.append(Removal(backend: backend, server: name)) }
                changes.additions.append(Addition(backend: backend, server: name, arguments: arguments,
                                                  checked: arguments.split(separator: " ").contains("check")))
            }
        }
        for (backend, servers) in liveServers.sorted(by: { $0.key < $1.key }) {
            for name in servers.keys.sorted() where nextServers[backend]?[name] == nil {
                changes.removals.append(Removal(backend: backend, server: name))
            }
        }
        return changes
    }

    /// The configuration without its backends' `server` lines, and those lines by backend and server name.
    private static func split(_ config: String) -> (rest: [Substring], servers: [String: [String: String]]) {
        var rest: [Substring] = []
        var servers: [String: [String: String]] = [:]
        var backend: String?
        for line in config.split(separator: "\n", omittingEmptySubsequences: false) {
            if let first = line.first, !first.isWhitespace {
                backend = line.hasPrefix("backend ") ? String(line.dropFirst("backend ".count)) : nil
            }
            let words = line.split(separator: " ", maxSplits: 2)
            if let backend, words.count == 3, words[0] == "server" {
                servers[backend, default: [:]][String(words[1])] = String(words[2])
            } else {
                rest.append(line)
            }
        }
        return (rest, servers)
    }
}
