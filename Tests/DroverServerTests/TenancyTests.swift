import DroverHTTP
import DroverModel
import DroverOrchestrator
@testable import DroverServer
import DroverStore
import Foundation
import XCTest

/// Authentication and tenancy, table-driven over every route of the API: a key of environment A asking for anything
/// of environment B gets 404; read-only keys cannot change anything; agent credentials reach only agent endpoints;
/// no key gets 401. Also: the OpenAPI document lists exactly the server's routes.
final class TenancyTests: XCTestCase {
    private var path = ""
    private var server: APIServer!
    private var keys: [String: (String, String)] = [:]

    override func setUpWithError() throws {
        path = NSTemporaryDirectory() + "drover-tenancy-\(UUID().uuidString).sqlite"
        let store = try StackStore(path: path)
        for name in ["alpha", "beta"] {
            try store.createEnvironment(id: name, name: name.capitalized, actor: "test")
            try store.addRegistrationToken("token-\(name)", environmentId: name)
        }
        let controller = Controller(store: store, agents: AgentRegistry())
        server = APIServer(controller: controller, catalogs: [])
        let definition = StackDefinition(services: [ServiceDefinition(name: "web", launchConfig: LaunchConfig(name: "web")),
                                                    ServiceDefinition(name: "lb", kind: .loadBalancer, launchConfig: LaunchConfig(name: "lb"), scale: 0)])
        try controller.createStack(environmentId: "beta", name: "shop", source: StackSource(dockerCompose: "web:\n  image: x\n", rancherCompose: nil,
                                                                                             definition: definition), actor: "test")
        let auth = server.authenticator
        keys["admin"] = try auth.createKey(role: .admin, environmentId: nil)
        keys["alpha-owner"] = try auth.createKey(role: .owner, environmentId: "alpha")
        keys["beta-readonly"] = try auth.createKey(role: .readonly, environmentId: "beta")
        let host = try store.registerHost(environmentId: "beta", HostRegistration(name: "h1"), newId: "1hbeta", actor: "test")
        keys["beta-agent"] = try auth.createKey(role: .agent, environmentId: "beta", hostId: host.id)
        let container = InstanceReport(instanceId: "shop/web/web/1/v1", dockerId: "d0c4e7", name: "shop-web-1", version: 1, state: .running,
                                       stack: "shop", service: "web", launchConfig: "web", unitIndex: 1, deploymentUnit: "shop/web/1")
        try store.replaceInstances(hostIds: [host.id], reports: [(host.id, container)], environmentId: "beta")
        try store.addCertificate(StoredCertificate(id: "beta/site", environmentId: "beta", name: "site", certificate: try CertificateTests.fixture("example.crt"),
                                                   commonName: "example.com", subjectAlternativeNames: [], notBefore: 0, notAfter: 4_922_899_200),
                                 key: try CertificateTests.fixture("example.key"), actor: "test")
    }

    override func tearDown() {
        server = nil
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    private func call(_ method: String, _ target: String, key: String?, body: String = "", host: String = "test",
                      headers extra: [HTTPHeader] = []) -> HTTPResponse {
        var headers = [HTTPHeader("Host", host)] + extra
        if let key, let (access, secret) = keys[key] {
            headers.append(HTTPHeader("Authorization", "Basic " + Data("\(access):\(secret)".utf8).base64EncodedString()))
        }
        let parts = target.split(separator: "?", maxSplits: 1).map(String.init)
        var query: [String: String] = [:]
        for pair in (parts.count > 1 ? parts[1] : "").split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
            query[kv[0]] = kv.count > 1 ? kv[1] : ""
        }
        return server.handle(ReceivedRequest(method: method, path: parts[0], query: query, version: "HTTP/1.1", headers: headers, body: Array(body.utf8)))
    }

    /// Every environment route, filled in for environment `env` with resources that exist in beta.
    private func environmentRoutes(_ env: String) -> [(String, String)] {
        server.routes.filter { $0.pattern.contains(":env") }.map { route in
            let target = route.pattern.replacingOccurrences(of: ":env", with: env).replacingOccurrences(of: ":stack", with: "shop")
                .replacingOccurrences(of: ":service", with: route.pattern.contains("loadbalancer") ? "shop.lb" : "shop.web")
                .replacingOccurrences(of: ":container", with: "shop-web-1").replacingOccurrences(of: ":certificate", with: "site")
            return (route.method, target + (route.method == "POST" && target.hasSuffix("/shop") ? "?action=cancelupgrade" : ""))
        }
    }

    func testAKeyOfOneEnvironmentGets404ForEveryResourceOfAnother() {
        XCTAssertGreaterThan(environmentRoutes("beta").count, 15)
        for (method, target) in environmentRoutes("beta") {
            let answer = call(method, target, key: "alpha-owner", body: "{}")
            XCTAssertEqual(answer.status, 404, "\(method) \(target) with alpha's key: \(answer.text)")
            XCTAssertTrue(answer.text.contains("\"type\":\"error\""), answer.text)
        }
        XCTAssertEqual(call("GET", "/v2-beta/projects/beta/stacks/shop", key: "admin").status, 200, "admins see every environment")
        let listed = call("GET", "/v2-beta/projects", key: "alpha-owner").text
        XCTAssertTrue(listed.contains("\"id\":\"alpha\"") && !listed.contains("\"id\":\"beta\""), listed)
    }

    func testReadOnlyKeysLookButDoNotChange() {
        for (method, target) in environmentRoutes("beta") {
            let answer = call(method, target, key: "beta-readonly", body: "{}")
            if method == "GET" && !target.contains("registrationtokens") && !target.contains("apikeys") {
                XCTAssertNotEqual(answer.status, 403, "\(method) \(target): \(answer.text)")
                XCTAssertNotEqual(answer.status, 404, "\(method) \(target) is beta's: \(answer.text)")
            } else {
                XCTAssertEqual(answer.status, 403, "\(method) \(target) with a read-only key: \(answer.text)")
            }
        }
        for action in ["plan", "exportconfig"] {
            let answer = call("POST", "/v2-beta/projects/beta/stacks/shop?action=\(action)", key: "beta-readonly")
            XCTAssertEqual(answer.status, 200, "a read-only key may \(action): \(answer.text)")
        }
        XCTAssertEqual(call("PUT", "/v2-beta/projects/beta/services/shop.web", key: "beta-readonly", body: "{\"scale\": 3, \"dryRun\": true}").status,
                       200, "and plan a scale")
    }

    func testAgentCredentialsReachOnlyAgentEndpointsAndNoKeyGets401() {
        for (method, target) in environmentRoutes("beta") {
            XCTAssertEqual(call(method, target, key: "beta-agent", body: "{}").status, 404, "\(method) \(target) with a host credential")
            XCTAssertEqual(call(method, target, key: nil, body: "{}").status, 401, "\(method) \(target) without a key")
        }
        XCTAssertEqual(call("GET", "/v2-beta/agent/instructions?wait=0", key: "admin").status, 404, "agent endpoints need a host credential")
        XCTAssertEqual(call("POST", "/v2-beta/agent/heartbeat", key: "beta-agent", body: "{\"results\":[],\"containers\":[]}").status, 204)
        XCTAssertEqual(call("GET", "/v2-beta/agent/instructions?wait=0", key: "beta-agent").status, 200)
        let register = call("POST", "/v2-beta/agent/register", key: nil, body: "{\"token\":\"wrong\",\"host\":{\"name\":\"x\",\"labels\":{}}}")
        XCTAssertEqual(register.status, 401, register.text)
        keys["wrong-secret"] = (keys["admin"]!.0, "not-the-secret")
        XCTAssertEqual(call("GET", "/v2-beta/projects", key: "wrong-secret").status, 401)
    }

    func testTheAnswerToACreateCarriesTheFilesWarnings() throws {
        let body = "{\"name\": \"warned\", \"dockerCompose\": \"web:\\n  image: x\\n  colour: blue\\n\"}"
        let answer = call("POST", "/v2-beta/projects/beta/stacks", key: "admin", body: body)
        XCTAssertEqual(answer.status, 201, answer.text)
        let stack = try JSONDecoder().decode(StackResource.self, from: Data(answer.body))
        XCTAssertEqual(stack.warnings?.count, 1)
        XCTAssertTrue(stack.warnings?.first?.hasPrefix("docker-compose.yml:3:3: warning: web.colour:") == true, "\(stack.warnings ?? [])")
    }

    func testAnAgentThatGivesNoAddressIsKnownByTheOneItConnectsFrom() throws {
        var request = ReceivedRequest(method: "POST", path: "/v2-beta/agent/register", headers: [HTTPHeader("Host", "test")],
                                      body: Array("{\"token\":\"token-beta\",\"host\":{\"name\":\"far\",\"labels\":{}}}".utf8))
        request.remoteAddress = "10.1.2.3"
        XCTAssertEqual(server.handle(request).status, 200)
        let hosts = try JSONDecoder().decode(CollectionResource<HostResource>.self,
                                             from: Data(call("GET", "/v2-beta/projects/beta/hosts", key: "admin").body)).data
        XCTAssertEqual(hosts.first { $0.name == "far" }?.agentIpAddress, "10.1.2.3")
    }

    func testEveryActionAResourceListsIsOneItAccepts() throws {
        let service = try JSONDecoder().decode(ServiceResource.self, from: Data(call("GET", "/v2-beta/projects/beta/services/shop.web", key: "admin").body))
        XCTAssertEqual(Set(service.actions.keys), ["deactivate"], "an activating service")
        let stack = try JSONDecoder().decode(StackResource.self, from: Data(call("GET", "/v2-beta/projects/beta/stacks/shop", key: "admin").body))
        XCTAssertEqual(Set(stack.actions.keys), ["upgrade", "plan", "exportconfig"], "an activating stack with no upgrade behind it")
        for action in service.actions.keys.sorted() {
            let answer = call("POST", "/v2-beta/projects/beta/services/shop.web?action=\(action)", key: "admin")
            XCTAssertTrue((200..<300).contains(answer.status), "\(action): \(answer.status) \(answer.text)")
        }
        for action in stack.actions.keys.sorted() {
            let answer = call("POST", "/v2-beta/projects/beta/stacks/shop?action=\(action)", key: "admin")
            XCTAssertTrue((200..<300).contains(answer.status), "\(action): \(answer.status) \(answer.text)")
        }
    }

    /// The OpenAPI document is made from the route table; checked here against what the server does: every documented
    /// operation is served (never 404 or 405), answers 401 without a key exactly when the document says it needs one,
    /// declares its path parameters, and names request schemas the document defines.
    func testOpenAPIDocumentDescribesWhatTheServerAnswers() throws {
        let answer = call("GET", "/v2-beta/openapi.json", key: nil)
        XCTAssertEqual(answer.status, 200)
        let document = try JSONDecoder().decode(JSONValue.self, from: Data(answer.body))
        XCTAssertEqual(document["openapi"]?.string, "3.0.3")
        let schemas = Set(document["components"]?["schemas"]?.object?.keys.map { $0 } ?? [])
        let paths = document["paths"]?.object ?? [:]
        XCTAssertGreaterThan(paths.count, 20)
        for (path, item) in paths {
            let parameters = path.split(separator: "/").filter { $0.hasPrefix("{") }.map { String($0.dropFirst().dropLast()) }
            let concrete = path.split(separator: "/", omittingEmptySubsequences: false)
                .map { $0 == "{env}" ? "beta" : $0.hasPrefix("{") ? "nosuch" : String($0) }.joined(separator: "/")
            for (method, operation) in item.object ?? [:] {
                let name = "\(method.uppercased()) \(path)"
                XCTAssertFalse(operation["summary"]?.string?.isEmpty ?? true, "\(name) has a summary")
                XCTAssertEqual(Set(operation["parameters"]?.array?.compactMap { $0["name"]?.string } ?? []), Set(parameters), name)
                if let schema = operation["requestBody"]?["content"]?["application/json"]?["schema"]?["$ref"]?.string {
                    XCTAssertTrue(schemas.contains(String(schema.split(separator: "/").last ?? "")), "\(name): \(schema) is defined")
                }
                let status = call(method.uppercased(), concrete + (concrete.hasSuffix("instructions") ? "?wait=0" : ""), key: nil).status
                XCTAssertFalse([404, 405].contains(status) && operation["security"] == nil, "\(name) is served without a key (\(status))")
                XCTAssertEqual(status == 401, operation["security"] != nil, "\(name): 401 without a key exactly when documented (\(status))")
            }
        }
    }

    func testMetricsCountResourcesAndRequestsForTheEnvironmentsTheKeySees() {
        _ = call("GET", "/v2-beta/projects/beta/stacks", key: "beta-readonly")
        let admin = call("GET", "/metrics", key: "admin").text
        XCTAssertTrue(admin.contains("drover_stacks{environment=\"beta\",state=\"activating\"} 1"), admin)
        XCTAssertTrue(admin.contains("drover_containers{environment=\"beta\",state=\"running\"} 1"), admin)
        XCTAssertTrue(admin.contains("drover_hosts{environment=\"beta\",state=\"active\"} 1"), admin)
        XCTAssertTrue(admin.contains("drover_api_requests_total{route=\"GET /v2-beta/projects/:env/stacks\",status=\"200\"} 1"), admin)
        XCTAssertTrue(admin.contains("drover_api_request_seconds_bucket{route=\"GET /v2-beta/projects/:env/stacks\",le=\"+Inf\"} 1"), admin)
        let alpha = call("GET", "/metrics", key: "alpha-owner").text
        XCTAssertFalse(alpha.contains("environment=\"beta\""), "a key sees the metrics of its own environment only")
        let memory = Dictionary(admin.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap { line -> (String, Double)? in
            let parts = line.split(separator: " ")
            return parts.count == 2 ? (String(parts[0]), Double(parts[1]) ?? -1) : nil
        }, uniquingKeysWith: { first, _ in first })
        let resident = memory["process_resident_memory_bytes"] ?? 0, inUse = memory["drover_heap_in_use_bytes"] ?? 0
        XCTAssertGreaterThan(inUse, 0, admin)
        XCTAssertGreaterThan(resident, inUse, "the heap in use is part of the resident memory")
        XCTAssertGreaterThanOrEqual(memory["drover_heap_free_bytes"] ?? -1, 0)
    }

    func testCachedCollectionsFollowEveryChange() throws {
        let first = call("GET", "/v2-beta/projects/beta/services", key: "admin")
        XCTAssertEqual(first.body, call("GET", "/v2-beta/projects/beta/services", key: "admin").body)
        XCTAssertTrue(first.text.contains("\"scale\":1"), first.text)
        try server.controller.scale("beta/shop/web", to: 5, actor: "test")
        let after = call("GET", "/v2-beta/projects/beta/services", key: "beta-readonly")
        XCTAssertTrue(after.text.contains("\"scale\":5"), "the answer follows the write: \(after.text)")
        let otherHost = call("GET", "/v2-beta/projects/beta/services", key: "admin", host: "elsewhere:1")
        XCTAssertTrue(otherHost.text.contains("http://elsewhere:1/v2-beta/projects/beta/services/shop.web"), "links follow the Host header")
    }

    func testCollectionsAreGzippedForClientsThatAcceptIt() throws {
        for index in 2...30 { try server.controller.scale("beta/shop/web", to: index, actor: "test") }
        let plain = call("GET", "/v2-beta/projects/beta/containers", key: "admin")
        let events = call("GET", "/v2-beta/projects/beta/events", key: "admin")
        XCTAssertEqual(plain.status, 200)
        XCTAssertNil(plain.headers.value(of: "Content-Encoding"))
        XCTAssertEqual(plain.headers.value(of: "Vary"), "Accept-Encoding")
        let listing = call("GET", "/v2-beta/projects/beta/services", key: "admin")
        let gzipped = call("GET", "/v2-beta/projects/beta/services", key: "admin", headers: [HTTPHeader("Accept-Encoding", "gzip, deflate")])
        XCTAssertGreaterThanOrEqual(listing.body.count, ResponseCache.gzipThreshold, "big enough to be compressed")
        XCTAssertEqual(gzipped.headers.value(of: "Content-Encoding"), "gzip")
        XCTAssertEqual(Gzip.decompress(gzipped.body), listing.body, "the same answer, compressed")
        XCTAssertLessThan(gzipped.body.count, listing.body.count)
        let refused = call("GET", "/v2-beta/projects/beta/services", key: "admin", headers: [HTTPHeader("Accept-Encoding", "gzip;q=0")])
        XCTAssertEqual(refused.body, listing.body)
        XCTAssertEqual(events.status, 200)
    }

    func testServicesOfOneStackCountTheirOwnContainers() throws {
        let shop = call("GET", "/v2-beta/projects/beta/services?stackId=shop", key: "admin").text
        XCTAssertTrue(shop.contains("\"currentScale\":1") && shop.contains("\"id\":\"shop.web\""), shop)
        XCTAssertTrue(shop.contains("\"total\":2"), shop)
        let none = call("GET", "/v2-beta/projects/beta/services?stackId=other", key: "admin").text
        XCTAssertTrue(none.contains("\"total\":0"), none)
    }

    func testLoadBalancersAreListedApartFromOtherServices() {
        let balancers = call("GET", "/v2-beta/projects/beta/loadbalancerservices", key: "beta-readonly")
        XCTAssertEqual(balancers.status, 200)
        XCTAssertTrue(balancers.text.contains("\"id\":\"shop.lb\"") && !balancers.text.contains("\"id\":\"shop.web\""), balancers.text)
        XCTAssertTrue(balancers.text.contains("\"resourceType\":\"loadBalancerService\""), balancers.text)
        XCTAssertTrue(call("GET", "/v2-beta/projects/beta/services", key: "admin").text.contains("\"id\":\"shop.web\""))
        XCTAssertEqual(call("GET", "/v2-beta/projects/beta/loadbalancerservices/shop.lb", key: "admin").status, 200)
        let notABalancer = call("GET", "/v2-beta/projects/beta/loadbalancerservices/shop.web", key: "admin")
        XCTAssertEqual(notABalancer.status, 404, notABalancer.text)
    }
}
