import DroverModel
import Foundation

/// `drover certs add NAME --cert FILE --key FILE`: a certificate for load balancers' TLS, checked by the server.
enum CertsAdd: Command {
    static let spec = CommandSpec(name: "certs add", abstract: "Add a certificate (PEM certificate and its PEM key) to the environment.",
                                  options: APIClient.options + [.value("--cert", valueName: "FILE", help: "The PEM certificate (its chain may follow)."),
                                                                .value("--key", valueName: "FILE", help: "Its PEM private key."), .format],
                                  arguments: [ArgumentSpec(name: "name", help: "Certificate name.")])

    static func run(_ arguments: ParsedArguments, _ output: Output) throws -> Int32 {
        guard let cert = arguments.value("--cert"), let key = arguments.value("--key") else {
            throw UsageError(message: "--cert FILE and --key FILE are required", command: spec)
        }
        let client = try APIClient(arguments)
        let body = CertificateCreateRequest(name: arguments.positionals[0], cert: try Locations.read(cert), key: try Locations.read(key))
        let added = try client.request("POST", client.environmentPath("/certificates"), sending: body, as: CertificateResource.self)
        if arguments.value("--format") == "json" {
            try output.json(added)
        } else {
            output.out("certificate \(added.name) added: \(CertsList.describe(added))")
        }
        return ExitCode.success
    }
}

/// `drover certs ls`.
enum CertsList: Command {
    static let spec = CommandSpec(name: "certs ls", abstract: "List the environment's certificates.", options: APIClient.options + [.format])

    static func run(_ arguments: ParsedArguments, _ output: Output) throws -> Int32 {
        let client = try APIClient(arguments)
        let certificates = try client.list(CertificateResource.self, client.environmentPath("/certificates"))
        return try Listing.print(certificates, arguments, output, header: ["NAME", "COMMON NAME", "NAMES", "EXPIRES"]) {
            [$0.name, $0.commonName ?? "", $0.subjectAlternativeNames.joined(separator: ","), day($0.notAfter)]
        }
    }

    /// `example.com (www.example.com), valid until 2126-01-01`.
    static func describe(_ certificate: CertificateResource) -> String {
        (certificate.commonName ?? "no common name") + (certificate.subjectAlternativeNames.isEmpty ? "" : " (\(certificate.subjectAlternativeNames.joined(separator: ", ")))")
            + ", valid until \(day(certificate.notAfter))"
    }

    static func day(_ seconds: Double) -> String {
        ISO8601DateFormatter.string(from: Date(timeIntervalSince1970: seconds), timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withFullDate])
    }
}

/// `drover certs rm NAME…`.
enum CertsRemove: Command {
    static let spec = CommandSpec(name: "certs rm", abstract: "Remove certificates (and their keys) from the environment.", options: APIClient.options,
                                  arguments: [ArgumentSpec(name: "name", help: "Certificate name (several may be given).", variadic: true)])

    static func run(_ arguments: ParsedArguments, _ output: Output) throws -> Int32 {
        let client = try APIClient(arguments)
        for name in arguments.positionals {
            try client.delete(CertificateResource.self, client.environmentPath("/certificates/\(APIClient.escape(name))"))
            output.out("removed certificate \(name)")
        }
        return ExitCode.success
    }
}
