import COpenSSL
import Foundation

/// What a PEM certificate says about itself.
struct CertificateInfo: Equatable, Sendable {
    var commonName: String?
    var subjectAlternativeNames: [String]
    var notBefore: Date
    var notAfter: Date
}

/// Reads a PEM certificate (optionally followed by its chain) and its PEM private key with OpenSSL's libcrypto, and
/// refuses a pair a load balancer could not serve: unreadable, a key that is not the certificate's, or a certificate
/// outside its validity dates. Messages say which.
enum CertificateInspector {
    static func inspect(certificate: String, key: String, now: Date = Date()) throws(APIError) -> CertificateInfo {
        guard let x509 = withBIO(certificate, { PEM_read_bio_X509($0, nil, nil, nil) }) else {
            throw .invalid("cert: not a PEM certificate (-----BEGIN CERTIFICATE-----)")
        }
        defer { X509_free(x509) }
        guard let privateKey = withBIO(key, { PEM_read_bio_PrivateKey($0, nil, nil, nil) }) else {
            throw .invalid("key: not an unencrypted PEM private key (-----BEGIN PRIVATE KEY-----)")
        }
        defer { EVP_PKEY_free(privateKey) }
        guard X509_check_private_key(x509, privateKey) == 1 else {
            ERR_clear_error()
            throw .invalid("key: it is not the private key of this certificate")
        }
        let info = CertificateInfo(commonName: commonName(x509), subjectAlternativeNames: dnsNames(x509),
                                   notBefore: date(X509_get0_notBefore(x509)), notAfter: date(X509_get0_notAfter(x509)))
        let day = { (date: Date) in ISO8601DateFormatter.string(from: date, timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withFullDate]) }
        if now < info.notBefore { throw .invalid("cert: not valid before \(day(info.notBefore))") }
        if now > info.notAfter { throw .invalid("cert: expired on \(day(info.notAfter))") }
        return info
    }

    /// Runs `read` on a memory BIO holding `text`.
    private static func withBIO<T>(_ text: String, _ read: (OpaquePointer?) -> T?) -> T? {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { buffer -> T? in
            guard let bio = BIO_new_mem_buf(buffer.baseAddress, Int32(buffer.count)) else { return nil }
            defer { BIO_free(bio) }
            let value = read(bio)
            ERR_clear_error()
            return value
        }
    }

    private static func date(_ time: UnsafePointer<ASN1_TIME>?) -> Date {
        var parts = tm()
        guard ASN1_TIME_to_tm(time, &parts) == 1 else { return Date(timeIntervalSince1970: 0) }
        return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
    }

    private static func text(_ string: UnsafePointer<ASN1_STRING>?) -> String? {
        guard let string, let data = ASN1_STRING_get0_data(string) else { return nil }
        return String(decoding: UnsafeBufferPointer(start: data, count: Int(ASN1_STRING_length(string))), as: UTF8.self)
    }

    private static func commonName(_ x509: OpaquePointer) -> String? {
        let name = X509_get_subject_name(x509)
        let index = X509_NAME_get_index_by_NID(name, NID_commonName, -1)
        guard index >= 0 else { return nil }
        return text(X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index)).map { UnsafePointer($0) })
    }

    /// The DNS names of the subject alternative name extension.
    private static func dnsNames(_ x509: OpaquePointer) -> [String] {
        guard let names = X509_get_ext_d2i(x509, NID_subject_alt_name, nil, nil) else { return [] }
        let stack = OpaquePointer(names)
        defer { GENERAL_NAMES_free(stack) }
        return (0..<OPENSSL_sk_num(stack)).compactMap { index -> String? in
            guard let raw = OPENSSL_sk_value(stack, index) else { return nil }
            let name = raw.assumingMemoryBound(to: GENERAL_NAME.self).pointee
            return name.type == GEN_DNS ? text(name.d.dNSName.map { UnsafePointer($0) }) : nil
        }
    }
}
