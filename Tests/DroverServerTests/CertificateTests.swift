import DroverHTTP
import DroverModel
import DroverOrchestrator
@testable import DroverServer
import DroverStore
import Foundation
import XCTest

/// Certificates: checked with OpenSSL when added (readable, the key the certificate's, valid now), listed and shown
/// without their keys, and removed; the key never appears in an answer or an event.
final class CertificateTests: XCTestCase {
    private var path = ""
    private var server: APIServer!
    private var store: StackStore!
    private var admin = ("", "")

    static func fixture(_ name: String) throws -> String {
        try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/certs/\(name)"), encoding: .utf8)
    }

    override func setUpWithError() throws {
        path = NSTemporaryDirectory() + "drover-certs-\(UUID().uuidString).sqlite"
        store = try StackStore(path: path)
        try store.createEnvironment(id: "env", name: "Env", actor: "test")
        server = APIServer(controller: Controller(store: store, agents: AgentRegistry()), catalogs: [])
        admin = try server.authenticator.createKey(role: .admin, environmentId: nil)
    }

    override func tearDown() {
        server = nil
        store = nil
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    private func call(_ method: String, _ target: String, body: String = "") -> HTTPResponse {
        let authorization = "Basic " + Data("\(admin.0):\(admin.1)".utf8).base64EncodedString()
        return server.handle(ReceivedRequest(method: method, path: target, headers: [HTTPHeader("Host", "test"), HTTPHeader("Authorization", authorization)],
                                             body: Array(body.utf8)))
    }

    private func add(_ name: String, cert: String, key: String) throws -> HTTPResponse {
        let body = try JSONEncoder().encode(CertificateCreateRequest(name: name, cert: try Self.fixture(cert), key: try Self.fixture(key)))
        return call("POST", "/v2-beta/projects/env/certificates", body: String(decoding: body, as: UTF8.self))
    }

    func testAValidPairIsAddedListedShownAndRemovedWithoutItsKeyEverShown() throws {
        let added = try add("site", cert: "example.crt", key: "example.key")
        XCTAssertEqual(added.status, 201, added.text)
        let certificate = try JSONDecoder().decode(CertificateResource.self, from: Data(added.body))
        XCTAssertEqual(certificate.commonName, "example.com")
        XCTAssertEqual(certificate.subjectAlternativeNames, ["example.com", "www.example.com"])
        XCTAssertEqual(certificate.notAfter, 4_922_899_200, "2126-01-01")
        let answers = [added, call("GET", "/v2-beta/projects/env/certificates"), call("GET", "/v2-beta/projects/env/certificates/site")]
        for answer in answers { XCTAssertFalse(answer.text.contains("PRIVATE KEY"), answer.text) }
        XCTAssertFalse(try store.events().contains { $0.message.contains("PRIVATE KEY") })
        XCTAssertEqual(try store.certificateKey("env/site"), try Self.fixture("example.key"), "the load balancer can have it")
        XCTAssertEqual(try add("site", cert: "other.crt", key: "other.key").status, 409)
        XCTAssertEqual(call("DELETE", "/v2-beta/projects/env/certificates/site").status, 200)
        XCTAssertEqual(call("GET", "/v2-beta/projects/env/certificates/site").status, 404)
        XCTAssertNil(try store.certificateKey("env/site"), "the key went with it")
    }

    func testPairsALoadBalancerCouldNotServeAreRefusedSayingWhy() throws {
        func refusal(_ cert: String, _ key: String) throws -> String {
            let answer = try add("bad", cert: cert, key: key)
            XCTAssertEqual(answer.status, 422, answer.text)
            return try JSONDecoder().decode(ErrorResource.self, from: Data(answer.body)).message
        }
        XCTAssertEqual(try refusal("example.crt", "other.key"), "key: it is not the private key of this certificate")
        XCTAssertEqual(try refusal("expired.crt", "expired.key"), "cert: expired on 2020-01-01")
        XCTAssertEqual(try refusal("README.md", "example.key"), "cert: not a PEM certificate (-----BEGIN CERTIFICATE-----)")
        XCTAssertEqual(try refusal("example.crt", "example.crt"), "key: not an unencrypted PEM private key (-----BEGIN PRIVATE KEY-----)")
        XCTAssertTrue(try store.certificates(environmentId: "env").isEmpty, "nothing stored")
    }
}
