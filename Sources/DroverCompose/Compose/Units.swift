import Foundation

/// Parses the size and duration notations docker-compose accepts.
enum Units {
    /// `512`, `512b`, `100k`, `100kb`, `64m`, `1g`, `1.5g` → bytes.
    static func bytes(_ raw: String) -> Int64? {
        let text = raw.trimmingCharacters(in: .whitespaces).lowercased()
        let kib = 1024.0
        let multipliers: [(String, Double)] = [("kb", kib), ("mb", kib * kib), ("gb", kib * kib * kib), ("tb", kib * kib * kib * kib),
                                               ("k", kib), ("m", kib * kib), ("g", kib * kib * kib), ("t", kib * kib * kib * kib), ("b", 1)]
        for (suffix, factor) in multipliers where text.hasSuffix(suffix) {
            guard let number = Double(text.dropLast(suffix.count)), number >= 0 else { return nil }
            return Int64(number * factor)
        }
        guard let number = Int64(text), number >= 0 else { return nil }
        return number
    }

    /// Go duration notation (`1h2m3.5s`, `300ms`, `10us`) or a plain number of seconds → seconds.
    static func seconds(_ raw: String) -> Double? {
        let text = raw.trimmingCharacters(in: .whitespaces)
        if let plain = Double(text) { return plain }
        let units: [(String, Double)] = [("ns", 1e-9), ("us", 1e-6), ("µs", 1e-6), ("ms", 1e-3), ("h", 3600), ("m", 60), ("s", 1)]
        var rest = Substring(text)
        var total = 0.0
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let numberEnd = rest.firstIndex { !($0.isNumber || $0 == ".") } ?? rest.endIndex
            guard numberEnd != rest.startIndex, let number = Double(rest[..<numberEnd]) else { return nil }
            rest = rest[numberEnd...]
            guard let unit = units.first(where: { rest.hasPrefix($0.0) }) else { return nil }
            total += number * unit.1
            rest = rest.dropFirst(unit.0.count)
        }
        return total
    }
}
