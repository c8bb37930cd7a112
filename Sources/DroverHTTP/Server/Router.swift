/// Routes requests by method and path pattern (`/v2-beta/projects/:env/stacks/:id`) to handlers, with path
/// parameters. Unknown paths answer 404; known paths with another method answer 405 with `Allow`.
package struct Router<Handler: Sendable>: Sendable {
    /// A matched route: the handler and the path parameters.
    package struct Match: Sendable {
        package var handler: Handler
        package var parameters: [String: String]
        /// The route's pattern, e.g. `/v2-beta/projects/:env/stacks` (for metrics labels).
        package var pattern: String
    }

    /// Why no route matched.
    package enum Miss: Error, Equatable, Sendable {
        case notFound
        case methodNotAllowed(allowed: [String])
    }

    /// One registered route.
    private struct Route: Sendable {
        var method: String
        var pattern: String
        var segments: [Substring]
        var handler: Handler
    }

    private var routes: [Route] = []

    package init() {}

    /// Adds a route; `:name` segments capture path parameters.
    package mutating func add(_ method: String, _ pattern: String, _ handler: Handler) {
        routes.append(Route(method: method, pattern: pattern, segments: pattern.split(separator: "/"), handler: handler))
    }

    /// Every route as (method, pattern, handler), in the order added.
    package var entries: [(method: String, pattern: String, handler: Handler)] { routes.map { ($0.method, $0.pattern, $0.handler) } }

    package func match(_ method: String, _ path: String) throws(Miss) -> Match {
        let segments = path.split(separator: "/")
        var allowed: [String] = []
        for route in routes {
            guard let parameters = Self.bind(route.segments, segments) else { continue }
            if route.method == method || (method == "HEAD" && route.method == "GET") {
                return Match(handler: route.handler, parameters: parameters, pattern: route.pattern)
            }
            allowed.append(route.method)
        }
        if allowed.isEmpty { throw .notFound }
        throw .methodNotAllowed(allowed: Array(Set(allowed)).sorted())
    }

    private static func bind(_ pattern: [Substring], _ path: [Substring]) -> [String: String]? {
        guard pattern.count == path.count else { return nil }
        var parameters: [String: String] = [:]
        for (expected, actual) in zip(pattern, path) {
            if expected.hasPrefix(":") {
                parameters[String(expected.dropFirst())] = String(actual)
            } else if expected != actual {
                return nil
            }
        }
        return parameters
    }
}
