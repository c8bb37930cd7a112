import DroverCatalog
import DroverHTTP
import DroverModel
import DroverOrchestrator
import DroverStore
import Foundation

/// Drover's REST API in Rancher's v2-beta shape, the agent endpoints, `/metrics` and the OpenAPI document.
/// Every request is authenticated (HTTP basic) except agent registration (which carries a registration token),
/// `/ping` and the OpenAPI document; a key of one environment gets 404 for anything of another.
public final class APIServer: @unchecked Sendable {
    public let controller: Controller
    public let authenticator: Authenticator
    let catalogs: [CatalogRepository]
    let resolver: StackSourceResolver
    let remoteAgents: RemoteAgents
    let metrics = Metrics()
    let cache = ResponseCache()
    private let environments = GenerationMemo<StoredEnvironment?>()
    private var router = Router<Route>()

    /// Who may call a route.
    enum Access {
        /// Anyone (no key needed).
        case open
        /// Any API key that sees the environment in the path.
        case read
        /// A key that may change the environment in the path.
        case write
        /// Admin keys only.
        case admin
        /// A host's agent credential.
        case agent
    }

    /// A route: who may call it and what it does.
    struct Route: Sendable {
        var access: Access
        var handler: @Sendable (APIServer, APIRequest) throws -> HTTPResponse
    }

    public init(controller: Controller, catalogs: [CatalogRepository], heartbeatTimeout: Double = 15) {
        self.controller = controller
        self.authenticator = Authenticator(store: controller.store)
        self.catalogs = catalogs
        self.resolver = StackSourceResolver(catalogs: catalogs)
        self.remoteAgents = RemoteAgents(controller: controller)
        addRoutes()
    }

    /// Every route as (method, pattern).
    var routes: [(method: String, pattern: String)] { router.routeList }

    /// Answers one request (the `HTTPServer` handler).
    public func handle(_ request: ReceivedRequest) -> HTTPResponse {
        let started = Date()
        let response: HTTPResponse
        var pattern = "unmatched"
        do {
            let match = try router.match(request.method, request.path)
            pattern = match.pattern
            response = try call(match, request)
        } catch let miss as Router<Route>.Miss {
            switch miss {
            case .notFound: response = APIError.notFound("no such resource: \(request.path)").response
            case let .methodNotAllowed(allowed):
                var answer = APIError(status: 405, code: "MethodNotAllowed", message: "\(request.method) is not allowed on \(request.path)").response
                answer.headers.append(HTTPHeader("Allow", allowed.joined(separator: ", ")))
                response = answer
            }
        } catch let error as APIError {
            response = error.response
        } catch let error as ControlError {
            response = Self.apiError(error).response
        } catch {
            response = APIError(status: 500, code: "ServerError", message: "\(error)").response
        }
        metrics.request(route: "\(request.method) \(pattern)", status: response.status, seconds: Date().timeIntervalSince(started))
        return response
    }

    private func call(_ match: Router<Route>.Match, _ raw: ReceivedRequest) throws -> HTTPResponse {
        var request = APIRequest(raw: raw, parameters: match.parameters, root: Self.root(raw))
        guard match.handler.access != .open else { return try match.handler.handler(self, request) }
        guard let principal = authenticator.principal(authorization: raw.headers.value(of: "Authorization")) else { throw APIError.unauthorized }
        request.principal = principal
        switch match.handler.access {
        case .open: break
        case .agent:
            guard principal.role == .agent, principal.hostId != nil else { throw APIError.notFound("no such resource: \(raw.path)") }
        case .admin:
            guard principal.role == .admin else {
                throw principal.role == .agent ? APIError.notFound("no such resource: \(raw.path)") : APIError(status: 403, code: "PermissionDenied", message: "only admin keys may do this")
            }
        case .read, .write:
            guard principal.role != .agent else { throw APIError.notFound("no such resource: \(raw.path)") }
            if let name = match.parameters["env"] {
                guard let environment = try environment(name), principal.sees(environment.id) else {
                    throw APIError.notFound("no environment \"\(name)\"")
                }
                request.environment = environment
            }
            if match.handler.access == .write && !principal.canWrite { throw APIError.forbidden }
        }
        return try match.handler.handler(self, request)
    }

    /// The environment named in a path, looked up again only after the database changed.
    private func environment(_ name: String) throws -> StoredEnvironment? {
        // A name that names no environment is remembered too (as nil), until the database changes.
        try environments.value(name, generation: controller.store.database.changeCount) { .some(try controller.store.environment(name)) } ?? nil
    }

    /// A collection answer from the cache while the database has not changed since it was built.
    func cached(_ request: APIRequest, _ build: () throws -> HTTPResponse) throws -> HTTPResponse {
        let query = request.query.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "&")
        return try cache.response("\(request.root)\(request.raw.path)?\(query)", generation: controller.store.database.changeCount,
                                  gzip: Gzip.accepted(by: request.raw.headers.value(of: "Accept-Encoding")), build: build)
    }

    /// `http://<Host header>/v2-beta`.
    static func root(_ request: ReceivedRequest) -> String {
        "http://\(request.headers.value(of: "Host") ?? "localhost")/v2-beta"
    }

    static func apiError(_ error: ControlError) -> APIError {
        switch error {
        case let .notFound(message): return .notFound(message)
        case let .conflict(message): return .conflict(message)
        case let .invalid(message): return .invalid(message)
        case let .refused(message): return .refused(message)
        }
    }

    // MARK: - Routes

    private func addRoutes() {
        var table = Router<Route>()
        func add(_ method: String, _ pattern: String, _ access: Access, _ handler: @escaping @Sendable (APIServer, APIRequest) throws -> HTTPResponse) {
            table.add(method, pattern, Route(access: access, handler: handler))
        }
        let env = "/v2-beta/projects/:env"
        add("GET", "/ping", .open) { _, _ in HTTPResponse(status: 200, headers: [HTTPHeader("Content-Type", "text/plain")], body: Array("pong".utf8)) }
        add("GET", "/metrics", .read) { server, request in try server.metricsPage(request) }
        add("GET", "/v2-beta/openapi.json", .open) { _, _ in .json(OpenAPIDocument.document) }
        add("GET", "/v2-beta", .read) { _, request in .json(["type": "apiRoot", "links": ["projects": .string("\(request.root)/projects"),
                                                                                          "templates": .string("\(request.root)/templates")]]) }
        add("POST", "/v2-beta/agent/register", .open) { server, request in try server.registerAgent(request) }
        add("GET", "/v2-beta/agent/instructions", .agent) { server, request in try server.agentInstructions(request) }
        add("POST", "/v2-beta/agent/results", .agent) { server, request in try server.agentResults(request) }
        add("POST", "/v2-beta/agent/heartbeat", .agent) { server, request in try server.agentHeartbeat(request) }
        add("GET", "/v2-beta/templates", .read) { server, request in try server.listTemplates(request) }
        add("GET", "/v2-beta/templates/:template", .read) { server, request in try server.showTemplate(request) }
        add("GET", "/v2-beta/projects", .read) { server, request in try server.listProjects(request) }
        add("POST", "/v2-beta/projects", .admin) { server, request in try server.createProject(request) }
        add("GET", env, .read) { _, request in .json(Resources.project(request.environment!, root: request.root)) }
        add("GET", "\(env)/stacks", .read) { server, request in try server.listStacks(request) }
        add("POST", "\(env)/stacks", .write) { server, request in try server.createStack(request) }
        add("GET", "\(env)/stacks/:stack", .read) { server, request in try server.showStack(request) }
        add("POST", "\(env)/stacks/:stack", .write) { server, request in try server.stackAction(request) }
        add("DELETE", "\(env)/stacks/:stack", .write) { server, request in try server.removeStack(request) }
        add("GET", "\(env)/stacks/:stack/revisions", .read) { server, request in try server.listRevisions(request) }
        add("GET", "\(env)/services", .read) { server, request in try server.listServices(request) }
        add("GET", "\(env)/services/:service", .read) { server, request in try server.showService(request) }
        add("GET", "\(env)/loadbalancerservices", .read) { server, request in try server.listLoadBalancers(request) }
        add("GET", "\(env)/loadbalancerservices/:service", .read) { server, request in try server.showLoadBalancer(request) }
        add("PUT", "\(env)/services/:service", .write) { server, request in try server.updateService(request) }
        add("POST", "\(env)/services/:service", .write) { server, request in try server.serviceAction(request) }
        add("GET", "\(env)/containers", .read) { server, request in try server.listContainers(request) }
        add("GET", "\(env)/containers/:container", .read) { server, request in try server.showContainer(request) }
        add("GET", "\(env)/containers/:container/logs", .read) { server, request in try server.containerLogs(request) }
        add("GET", "\(env)/hosts", .read) { server, request in try server.listHosts(request) }
        add("GET", "\(env)/events", .read) { server, request in try server.listEvents(request) }
        add("GET", "\(env)/registrationtokens", .write) { server, request in try server.listTokens(request) }
        add("POST", "\(env)/registrationtokens", .write) { server, request in try server.createToken(request) }
        add("GET", "\(env)/apikeys", .write) { server, request in try server.listKeys(request) }
        add("POST", "\(env)/apikeys", .write) { server, request in try server.createKey(request) }
        router = table
    }
}

/// One API request with what authentication and routing found out.
struct APIRequest {
    var raw: ReceivedRequest
    var parameters: [String: String]
    /// `http://host:port/v2-beta`.
    var root: String
    var principal: Principal?
    /// The environment named in the path, when the key may see it.
    var environment: StoredEnvironment?

    /// The environment's URL.
    var base: String { "\(root)/projects/\(environment?.id ?? "")" }

    var query: [String: String] { raw.query }

    /// Who did it, for the event log.
    var actor: String { principal.map { "\($0.role.rawValue):\($0.accessKey)" } ?? "anonymous" }

    /// The body as JSON (an empty body is an empty object).
    func json() throws(APIError) -> JSONValue {
        if raw.body.isEmpty { return [:] }
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(raw.body)) else {
            throw APIError.badRequest("the request body is not valid JSON")
        }
        return value
    }

    /// The body decoded as `T`.
    func decode<T: Decodable>(_ type: T.Type) throws(APIError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(raw.body))
        } catch {
            throw APIError.badRequest("the request body is not a valid \(T.self): \(error)")
        }
    }
}

extension HTTPResponse {
    /// A JSON answer.
    static func json(_ value: JSONValue, status: Int = 200) -> HTTPResponse {
        HTTPResponse(status: status, headers: [HTTPHeader("Content-Type", "application/json")], body: JSONWriter.bytes(value))
    }

    /// A JSON answer of an `Encodable` value.
    static func encoded<T: Encodable>(_ value: T) throws -> HTTPResponse {
        HTTPResponse(status: 200, headers: [HTTPHeader("Content-Type", "application/json")], body: Array(try JSONEncoder().encode(value)))
    }
}
