import DroverBasics
import DroverCatalog
import DroverHTTP
import DroverModel
import DroverOrchestrator
import DroverStore
import Foundation

/// Drover's REST API in Rancher's v2-beta shape, the agent endpoints, `/metrics` and the OpenAPI document.
/// Every request is authenticated (HTTP basic) except agent registration (which carries a registration token),
/// `/ping` and the OpenAPI document; a key of one environment gets 404 for anything of another.
package final class APIServer: Sendable {
    package let controller: Controller
    package let authenticator: Authenticator
    let catalogs: [CatalogRepository]
    let resolver: StackSourceResolver
    let remoteAgents: RemoteAgents
    let metrics = Metrics()
    let cache = ResponseCache()
    private let environments = GenerationCache<String, StoredEnvironment?>(capacity: 1024)
    private var router: Router<Route> { Self.routeTable }

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

    /// A route: who may call it, what it does, and how the OpenAPI document describes it.
    struct Route: Sendable {
        var access: Access
        var summary: String
        /// The name of the request body's schema in the OpenAPI document, if the route takes a body.
        var body: String?
        /// The status of a successful answer.
        var status: Int
        var handler: @Sendable (APIServer, APIRequest) throws -> HTTPResponse
    }

    package init(controller: Controller, catalogs: [CatalogRepository], heartbeatTimeout: Double = 15) {
        self.controller = controller
        self.authenticator = Authenticator(store: controller.store)
        self.catalogs = catalogs
        self.resolver = StackSourceResolver(catalogs: catalogs)
        self.remoteAgents = RemoteAgents(controller: controller)
    }

    /// Every route as (method, pattern).
    var routes: [(method: String, pattern: String)] { router.entries.map { ($0.method, $0.pattern) } }

    /// Answers one request (the `HTTPServer` handler).
    package func handle(_ request: ReceivedRequest) -> HTTPResponse {
        let started = Date()
        let response: HTTPResponse
        var pattern = "unmatched"
        do {
            let match = try router.match(request.method, request.path)
            pattern = match.pattern
            response = try call(match, request)
        } catch {
            response = APIError(error, method: request.method, path: request.path).response
        }
        metrics.request(route: "\(request.method) \(pattern)", status: response.status, seconds: Date().timeIntervalSince(started))
        return response
    }

    private func call(_ match: Router<Route>.Match, _ raw: ReceivedRequest) throws -> HTTPResponse {
        var request = APIRequest(raw: raw, parameters: match.parameters, root: Self.root(raw))
        guard match.handler.access != .open else { return try match.handler.handler(self, request) }
        let authorization = raw.headers.value(of: "Authorization")
        guard let principal = authenticator.principal(authorization: authorization) else {
            throw authorization == nil ? APIError.unauthorized : APIError.wrongKey
        }
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
            if match.handler.access == .write && !principal.canWrite && !Self.onlyReads(raw) { throw APIError.forbidden }
        }
        return try match.handler.handler(self, request)
    }

    /// The environment named in a path, looked up again only after the database changed.
    private func environment(_ name: String) throws -> StoredEnvironment? {
        // A name that names no environment is remembered too (as nil), until the database changes.
        try environments.value(name, generation: controller.store.database.changeCount) { .some(try controller.store.environment(name)) } ?? nil
    }

    /// Whether a request to a route that changes things only asks what a change would do (`?action=plan`,
    /// `?action=exportconfig`, `dryRun: true`): a read-only key may do that.
    static func onlyReads(_ request: ReceivedRequest) -> Bool {
        /// The one field that makes any change request a plan.
        struct DryRun: Decodable { var dryRun: Bool? }
        if let action = request.query["action"].flatMap(StackActionName.init(rawValue:)), [.plan, .exportconfig].contains(action) { return true }
        return (try? JSONDecoder().decode(DryRun.self, from: Data(request.body)))?.dryRun == true
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

    // MARK: - Routes

    /// Every route once: method, pattern, who may call it, what it does and its OpenAPI description (the document at
    /// `/v2-beta/openapi.json` is made from this table).
    static let routeTable: Router<Route> = {
        var table = Router<Route>()
        func add(_ method: String, _ pattern: String, _ access: Access, _ summary: String, body: String? = nil, status: Int = 200,
                 _ handler: @escaping @Sendable (APIServer, APIRequest) throws -> HTTPResponse) {
            table.add(method, pattern, Route(access: access, summary: summary, body: body, status: status, handler: handler))
        }
        let env = "/v2-beta/projects/:env"
        add("GET", "/ping", .open, "Liveness: answers pong without a key.") { _, _ in
            HTTPResponse(status: 200, headers: [HTTPHeader("Content-Type", "text/plain")], body: Array("pong".utf8))
        }
        add("GET", "/metrics", .read, "Prometheus metrics for the environments the key sees.") { server, request in try server.metricsPage(request) }
        add("GET", "/v2-beta/openapi.json", .open, "This document.") { _, _ in .json(OpenAPIDocument.document) }
        add("GET", "/v2-beta", .read, "API root with links.") { _, request in
            .json(["type": "apiRoot", "links": ["projects": .string("\(request.root)/projects"), "templates": .string("\(request.root)/templates")]])
        }
        add("POST", "/v2-beta/agent/register", .open, "Register a host with a registration token; returns the host's credential.",
            body: "AgentRegistrationRequest") { server, request in try server.registerAgent(request) }
        add("GET", "/v2-beta/agent/instructions", .agent, "Long-poll for the host's instructions (agent credential).") { server, request in
            try server.agentInstructions(request)
        }
        add("POST", "/v2-beta/agent/results", .agent, "Report instruction results (agent credential).", body: "AgentReport", status: 204) {
            server, request in try server.agentResults(request)
        }
        add("POST", "/v2-beta/agent/heartbeat", .agent, "Heartbeat with every container of the host (agent credential).", body: "AgentReport",
            status: 204) { server, request in try server.agentHeartbeat(request) }
        add("GET", "/v2-beta/templates", .read, "Catalog templates.") { server, request in try server.listTemplates(request) }
        add("GET", "/v2-beta/templates/:template", .read, "One template with its versions and questions.") { server, request in
            try server.showTemplate(request)
        }
        add("GET", "/v2-beta/projects", .read, "Environments the key sees.") { server, request in try server.listProjects(request) }
        add("POST", "/v2-beta/projects", .admin, "Create an environment (admin keys).", body: "ProjectCreate", status: 201) { server, request in
            try server.createProject(request)
        }
        add("GET", env, .read, "One environment.") { _, request in try .resource(Resources.project(request.environment!, root: request.root)) }
        add("GET", "\(env)/stacks", .read, "Stacks; filter with field=value, page with limit and marker.") { server, request in
            try server.listStacks(request)
        }
        add("POST", "\(env)/stacks", .write, "Create a stack from compose texts or a catalog externalId; ?action=plan to plan only.",
            body: "StackCreate", status: 201) { server, request in try server.createStack(request) }
        add("GET", "\(env)/stacks/:stack", .read, "One stack with its compose texts and answers.") { server, request in try server.showStack(request) }
        add("POST", "\(env)/stacks/:stack", .write,
            "Stack actions: ?action=" + StackActionName.allCases.map(\.rawValue).joined(separator: "|") + ".", body: "StackAction", status: 202) {
            server, request in try server.stackAction(request)
        }
        add("DELETE", "\(env)/stacks/:stack", .write, "Remove a stack and its containers (?removeVolumes=true: its named volumes too).",
            status: 202) { server, request in
            try server.removeStack(request)
        }
        add("GET", "\(env)/stacks/:stack/revisions", .read, "The stack's immutable revisions.") { server, request in try server.listRevisions(request) }
        add("GET", "\(env)/services", .read, "Services.") { server, request in try server.listServices(request) }
        add("GET", "\(env)/services/:service", .read, "One service (<stack>.<service>).") { server, request in try server.showService(request) }
        add("GET", "\(env)/loadbalancerservices", .read, "Services of kind loadBalancer.") { server, request in try server.listLoadBalancers(request) }
        add("GET", "\(env)/loadbalancerservices/:service", .read, "One load balancer service (<stack>.<service>).") { server, request in
            try server.showLoadBalancer(request)
        }
        add("PUT", "\(env)/services/:service", .write, "Change a service's scale.", body: "ServiceUpdate", status: 202) { server, request in
            try server.updateService(request)
        }
        add("DELETE", "\(env)/services/:service", .write, "Remove a service and its containers.", status: 202) { server, request in
            try server.removeService(request)
        }
        add("POST", "\(env)/services/:service", .write,
            "Service actions: ?action=" + ServiceActionName.allCases.map(\.rawValue).joined(separator: "|") + " (restart: rolling; batchSize, intervalMillis).",
            body: "ServiceAction", status: 202) { server, request in try server.serviceAction(request) }
        add("GET", "\(env)/containers", .read, "Containers.") { server, request in try server.listContainers(request) }
        add("GET", "\(env)/containers/:container", .read, "One container.") { server, request in try server.showContainer(request) }
        add("GET", "\(env)/containers/:container/logs", .read, "The last lines of a container's output (?tail=N), read by its host's agent.") {
            server, request in try server.containerLogs(request)
        }
        add("GET", "\(env)/hosts", .read, "Hosts.") { server, request in try server.listHosts(request) }
        add("GET", "\(env)/events", .read, "The event log after ?after=ID, waiting up to ?wait=S seconds for new events.") { server, request in
            try server.listEvents(request)
        }
        add("GET", "\(env)/certificates", .read, "Certificates for load balancers' TLS (never their keys).") { server, request in
            try server.listCertificates(request)
        }
        add("POST", "\(env)/certificates", .write, "Add a certificate: name, PEM cert (chain may follow) and PEM key, checked to match and be valid.",
            body: "CertificateCreate", status: 201) { server, request in try server.createCertificate(request) }
        add("GET", "\(env)/certificates/:certificate", .read, "One certificate (never its key).") { server, request in
            try server.showCertificate(request)
        }
        add("DELETE", "\(env)/certificates/:certificate", .write, "Remove a certificate and its key.") { server, request in
            try server.removeCertificate(request)
        }
        add("GET", "\(env)/registrationtokens", .write, "Registration tokens for agents.") { server, request in try server.listTokens(request) }
        add("POST", "\(env)/registrationtokens", .write, "Make a registration token.", status: 201) { server, request in
            try server.createToken(request)
        }
        add("GET", "\(env)/apikeys", .write, "API keys of the environment (secrets never shown).") { server, request in try server.listKeys(request) }
        add("POST", "\(env)/apikeys", .write, "Make a key with a role (owner, member, readonly); the secret is shown once.", body: "ApiKeyCreate",
            status: 201) { server, request in try server.createKey(request) }
        return table
    }()
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

    /// The body decoded as `T` (an empty body is an empty object); a body that is not JSON is a 400, a field of the
    /// wrong type or a missing one a 422 naming the field.
    func decode<T: Decodable>(_ type: T.Type) throws(APIError) -> T {
        let bytes = raw.body.isEmpty ? Array("{}".utf8) : raw.body
        do {
            return try JSONDecoder().decode(T.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw Self.describe(error)
        } catch {
            throw APIError.badRequest("the request body is not valid JSON")
        }
    }

    /// A decoding failure as the field it concerns and what was expected there.
    private static func describe(_ error: DecodingError) -> APIError {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case let .keyNotFound(key, context):
            return .invalid(([path(context), key.stringValue].filter { !$0.isEmpty }).joined(separator: ".") + " is required")
        case let .typeMismatch(type, context), let .valueNotFound(type, context):
            let expected = type == Int.self ? "a whole number" : type == Bool.self ? "true or false" : type == String.self ? "a string" : "\(type)"
            return .invalid("\(path(context)): expected \(expected)")
        case let .dataCorrupted(context) where !context.codingPath.isEmpty:
            return .invalid("\(path(context)): \(context.debugDescription)")
        default:
            return .badRequest("the request body is not valid JSON")
        }
    }

    /// The `?action=` of the request as one of `Action`'s cases, or a 422 listing them.
    func action<Action: RawRepresentable & CaseIterable>(_ type: Action.Type, of resource: String) throws(APIError) -> Action
        where Action.RawValue == String {
        let name = query["action"] ?? ""
        guard let action = Action(rawValue: name) else {
            throw APIError(status: 422, code: "InvalidAction", message: "unknown \(resource) action \"\(name)\" (actions: "
                               + Action.allCases.map(\.rawValue).joined(separator: ", ") + ")")
        }
        return action
    }
}

extension HTTPResponse {
    /// A JSON answer.
    static func json(_ value: JSONValue, status: Int = 200) -> HTTPResponse {
        HTTPResponse(status: status, headers: [HTTPHeader("Content-Type", "application/json")], body: JSONWriter.bytes(value))
    }

    /// A JSON answer of one of the API's resources (or any `Encodable`), nil properties written as null.
    static func resource<T: Encodable>(_ value: T, status: Int = 200) throws -> HTTPResponse {
        .json(try JSONValueEncoder().encode(value), status: status)
    }

    /// A JSON answer of an `Encodable` value.
    static func encoded<T: Encodable>(_ value: T) throws -> HTTPResponse {
        HTTPResponse(status: 200, headers: [HTTPHeader("Content-Type", "application/json")], body: Array(try JSONEncoder().encode(value)))
    }
}
