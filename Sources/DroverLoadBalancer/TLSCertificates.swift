import DroverModel

/// The certificates a load balancer's TLS frontends (`https`, `tls` rules) present, laid out as HAProxy reads them:
/// one PEM file per certificate, the certificate followed by its key. The default certificate (`default_cert`, else
/// the first of `certs`) is offered to clients that name no host or a host no other certificate covers; the rest of
/// `certs` sit in `sni/` and HAProxy picks among them by the name the client asks for. Pure.
package struct TLSCertificates: Equatable, Sendable {
    /// File path relative to the certificate directory → PEM text (certificate, then key).
    package private(set) var files: [String: String] = [:]

    /// Picks the certificates `config` names out of `available` (name → PEM of certificate and key): those the
    /// environment holds. A name it does not hold is refused, with the names it does.
    package init(config: LBConfig, available: [String: String]) throws(LoadBalancerError) {
        func pem(_ name: String, field: String) throws(LoadBalancerError) -> String {
            guard let text = available[name] else {
                throw .unknownCertificate(field: field, name: name, available: available.keys.sorted())
            }
            return text.hasSuffix("\n") ? text : text + "\n"
        }
        if let name = config.defaultCert ?? config.certs.first {
            files["default.pem"] = try pem(name, field: config.defaultCert == nil ? "certs[0]" : "default_cert")
        }
        for (index, name) in config.certs.enumerated() where name != config.defaultCert {
            files["sni/\(name).pem"] = try pem(name, field: "certs[\(index)]")
        }
    }

    /// Whether there is a certificate to terminate TLS with (there is a default whenever there is any).
    package var isEmpty: Bool { files.isEmpty }

    /// The `bind` options that terminate TLS with these certificates found under `directory`.
    func bindOptions(directory: String) -> String {
        guard !isEmpty else { return "" }
        return " ssl crt \(directory)/default.pem" + (files.count > 1 ? " crt \(directory)/sni/" : "")
    }
}
