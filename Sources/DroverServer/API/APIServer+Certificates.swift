import DroverHTTP
import DroverModel
import DroverStore
import Foundation

/// Certificates of an environment, for load balancers' TLS: add (checked with OpenSSL: readable, the key the
/// certificate's, valid now), list, show, remove. No answer ever carries a private key.
extension APIServer {
    func listCertificates(_ request: APIRequest) throws -> HTTPResponse {
        let items = try controller.store.certificates(environmentId: request.environment!.id).map { certificateResource($0, request) }
        return .json(try Resources.collection(items, type: "certificate", query: request.query, url: "\(request.base)/certificates"))
    }

    func createCertificate(_ request: APIRequest) throws -> HTTPResponse {
        let body = try request.decode(CertificateCreateRequest.self)
        let name = body.name
        guard PlainName.isValid(name) else {
            throw APIError.invalid("name \"\(name)\" is not valid: use letters, digits, '-', '_' and '.'")
        }
        let id = "\(request.environment!.id)/\(name)"
        guard try controller.store.certificate(id) == nil else { throw APIError.conflict("certificate \"\(name)\" already exists") }
        let info = try CertificateInspector.inspect(certificate: body.cert, key: body.key)
        let stored = StoredCertificate(id: id, environmentId: request.environment!.id, name: name, certificate: body.cert, commonName: info.commonName,
                                       subjectAlternativeNames: info.subjectAlternativeNames, notBefore: info.notBefore.timeIntervalSince1970,
                                       notAfter: info.notAfter.timeIntervalSince1970)
        try controller.store.addCertificate(stored, key: body.key, actor: request.actor)
        return try .resource(certificateResource(stored, request), status: 201)
    }

    func showCertificate(_ request: APIRequest) throws -> HTTPResponse {
        try .resource(certificateResource(try certificate(request), request))
    }

    func removeCertificate(_ request: APIRequest) throws -> HTTPResponse {
        let certificate = try certificate(request)
        try controller.store.deleteCertificate(certificate, actor: request.actor)
        return try .resource(certificateResource(certificate, request), status: 200)
    }

    private func certificate(_ request: APIRequest) throws -> StoredCertificate {
        let name = request.parameters["certificate"] ?? ""
        guard let certificate = try controller.store.certificate("\(request.environment!.id)/\(name)") else {
            throw APIError.notFound("no certificate \"\(name)\" in environment \(request.environment!.name)")
        }
        return certificate
    }

    private func certificateResource(_ certificate: StoredCertificate, _ request: APIRequest) -> CertificateResource {
        CertificateResource(name: certificate.name, commonName: certificate.commonName, subjectAlternativeNames: certificate.subjectAlternativeNames,
                            notBefore: certificate.notBefore, notAfter: certificate.notAfter,
                            links: ["self": "\(request.base)/certificates/\(certificate.name)"])
    }
}
