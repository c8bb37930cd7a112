/// What a load balancer's container is given: its `haproxy.cfg` and the files it refers to (certificates), by path
/// relative to the configuration directory. The server renders it; the agent that runs the balancer writes, checks
/// and applies it.
package struct LoadBalancerFiles: Codable, Equatable, Sendable {
    /// Where the configuration lives inside the balancer's container, as in the public haproxy image.
    package static let directory = "/usr/local/etc/haproxy"
    /// The configuration's file name in `directory`.
    package static let configName = "haproxy.cfg"
    /// The runtime API socket (`stats socket`), in `directory` so the agent reaches it from the host.
    package static let socketName = "admin.sock"
    /// The sub-directory of `directory` certificate files are written to.
    package static let certificateDirectory = "certs"

    package var config: String
    /// Path relative to `directory` (under `certs/`) → content.
    package var files: [String: String]

    package init(config: String, files: [String: String] = [:]) {
        self.config = config
        self.files = files
    }

    /// A short fingerprint of the whole content (FNV-1a, 64 bits, hex): equal files, equal digest, on every machine.
    package var digest: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ text: String) {
            for byte in text.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01b3
            }
            hash ^= 0xff
            hash = hash &* 0x100_0000_01b3
        }
        mix(config)
        for path in files.keys.sorted() {
            mix(path)
            mix(files[path]!)
        }
        return String(hash, radix: 16)
    }
}
