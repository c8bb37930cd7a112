import CCrypt
import Foundation

/// Secrets stored as libxcrypt hashes (SHA-512 crypt, `$6$`), never in clear; plus the random keys Drover hands
/// out. libcrypt is the system's own password hashing, so the stored form is the one `/etc/shadow` uses.
enum SecretHash {
    /// A salted hash of `secret`.
    static func hash(_ secret: String) -> String {
        var salt = [CChar](repeating: 0, count: Int(CRYPT_GENSALT_OUTPUT_SIZE))
        let random = randomBytes(16)
        let made = random.withUnsafeBufferPointer { bytes in
            bytes.baseAddress!.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                crypt_gensalt_rn("$6$", 5000, $0, Int32(bytes.count), &salt, Int32(salt.count))
            }
        }
        precondition(made != nil, "libcrypt cannot make a SHA-512 salt")
        return crypt(secret, setting: String(decoding: salt.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }

    /// True when `secret` matches `hash`.
    static func verify(_ secret: String, against hash: String) -> Bool {
        let computed = crypt(secret, setting: hash)
        return computed.utf8.count == hash.utf8.count && zip(computed.utf8, hash.utf8).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    private static func crypt(_ secret: String, setting: String) -> String {
        var data = crypt_data()
        return withUnsafeMutablePointer(to: &data) { pointer in
            guard let result = crypt_r(secret, setting, pointer) else { return "*" }
            return String(validatingCString: result) ?? "*"
        }
    }

    /// `count` random bytes from the kernel.
    static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    /// A random token of `length` characters from `[A-Za-z0-9]`.
    static func token(_ length: Int) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }
}
