#if canImport(Glibc)
import Glibc
#endif
import DroverBasics
import Foundation

/// Host ports for tests that must publish fixed ones (a fixture's `host:container` form): a random run of free
/// ports below the ephemeral range (where an outgoing connection may hold any port at any time), checked by binding
/// TCP and UDP on every address. A port is taken once per process, so tests running side by side never share one.
package enum FreePorts {
    private static let taken = TakenPorts()

    /// `count` consecutive ports that are free now.
    package static func take(_ count: Int = 1) -> [Int] {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<1000 {
            let first = Int.random(in: 20_000...(32_000 - count), using: &generator)
            let ports = Array(first..<(first + count))
            if ports.allSatisfy(isFree), taken.claim(ports) { return ports }
        }
        fatalError("no \(count) consecutive free ports between 20000 and 32000")
    }

    /// Whether TCP and UDP can bind `port` on 0.0.0.0.
    private static func isFree(_ port: Int) -> Bool {
        [Int32(SOCK_STREAM.rawValue), Int32(SOCK_DGRAM.rawValue)].allSatisfy { type in
            let fd = socket(AF_INET, type, 0)
            guard fd >= 0 else { return false }
            defer { close(fd) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = INADDR_ANY
            return withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            } == 0
        }
    }
}

/// The ports handed out in this process.
private final class TakenPorts: Sendable {
    private let ports = Locked<Set<Int>>([])

    /// Claims all of `ports`, or none when one was handed out already.
    func claim(_ wanted: [Int]) -> Bool {
        ports.withLock { ports in
            guard ports.isDisjoint(with: wanted) else { return false }
            ports.formUnion(wanted)
            return true
        }
    }
}
