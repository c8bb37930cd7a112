import Foundation
import CZlib

/// gzip (RFC 1952) bodies through the system's zlib: answers to clients that send `Accept-Encoding: gzip` (browsers,
/// Go's HTTP client under the rancher CLI, `curl --compressed`) and bodies the client receives compressed.
/// zlib rather than a deflate written by hand: it is the reference implementation and on every system.
package enum Gzip {
    /// `bytes` compressed as a gzip member (level 6, zlib's default balance of size and speed).
    package static func compress(_ bytes: [UInt8]) -> [UInt8] {
        var stream = z_stream()
        // windowBits 15 + 16: a gzip header and trailer instead of zlib's.
        guard deflateInit2_(&stream, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            preconditionFailure("zlib could not start a deflate stream")
        }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(bytes.count))) + 32)
        let produced: Int = bytes.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
                stream.avail_in = uInt(input.count)
                stream.next_out = out.baseAddress
                stream.avail_out = uInt(out.count)
                let status = deflate(&stream, Z_FINISH)
                precondition(status == Z_STREAM_END, "deflateBound was too small")
                return out.count - Int(stream.avail_out)
            }
        }
        output.removeSubrange(produced...)
        return output
    }

    /// The bytes of a gzip body, or nil when it is not valid gzip or would inflate past `limit` bytes.
    package static func decompress(_ bytes: [UInt8], limit: Int = 256 * 1024 * 1024) -> [UInt8]? {
        var stream = z_stream()
        guard inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        return bytes.withUnsafeBufferPointer { input -> [UInt8]? in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
            stream.avail_in = uInt(input.count)
            while true {
                let status: Int32 = chunk.withUnsafeMutableBufferPointer { out in
                    stream.next_out = out.baseAddress
                    stream.avail_out = uInt(out.count)
                    return inflate(&stream, Z_NO_FLUSH)
                }
                output += chunk[0..<(chunk.count - Int(stream.avail_out))]
                if output.count > limit { return nil }
                if status == Z_STREAM_END { return output }
                if status != Z_OK { return nil }
            }
        }
    }

    /// True when an `Accept-Encoding` value accepts gzip (`gzip` or `x-gzip`, else `*`, not with `q=0`): a coding
    /// named outright counts before `*`, wherever each stands (`*, gzip;q=0` refuses gzip).
    package static func accepted(by acceptEncoding: String?) -> Bool {
        guard let acceptEncoding else { return false }
        var named: Bool?
        var wildcard: Bool?
        for item in acceptEncoding.split(separator: ",") {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let coding = parts.first, ["gzip", "x-gzip", "*"].contains(coding) else { continue }
            let weights = parts.dropFirst().filter { $0.hasPrefix("q=") }.map { Double($0.dropFirst(2)) ?? 1 }
            let accepts = weights.allSatisfy { $0 > 0 }
            if coding == "*" {
                wildcard = accepts
            } else {
                named = (named ?? false) || accepts
            }
        }
        return named ?? wildcard ?? false
    }
}
