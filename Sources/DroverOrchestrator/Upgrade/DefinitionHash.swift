import DroverModel
import Foundation

/// A stable fingerprint of a launch config or service: FNV-1a (64 bit) over its canonical JSON (sorted keys).
/// Used for change detection (`up --upgrade` upgrades only services whose hash changed; a launch config whose hash
/// changed gets a new version), like Rancher's `io.rancher.service.hash`. Not a security hash.
package enum DefinitionHash {
    package static func of<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let bytes = (try? encoder.encode(value)) ?? Data()
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return String(hash, radix: 16).leftPadded(to: 16)
    }

    /// The hash of a service as a whole: kind, scale policy, health check, strategy, LB config and every launch config.
    package static func of(service: ServiceDefinition) -> String {
        var copy = service
        copy.scale = nil
        return of(copy)
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
