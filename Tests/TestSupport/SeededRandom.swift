import Foundation

/// A seeded random number generator (SplitMix64), so a test that picks random inputs or moments can be replayed.
package struct SeededRandom: RandomNumberGenerator {
    /// The seed this generator started from.
    package let seed: UInt64
    private var state: UInt64

    package init(seed: UInt64) {
        self.seed = seed
        state = seed
    }

    /// A generator seeded from `$<variable>` when set (to replay a run), else from the system; prints the seed so a
    /// failing run can be replayed exactly.
    package static func replayable(_ variable: String, test: String) -> SeededRandom {
        let given = ProcessInfo.processInfo.environment[variable].flatMap(UInt64.init)
        var system = SystemRandomNumberGenerator()
        let generator = SeededRandom(seed: given ?? system.next())
        print("\(test): random seed \(generator.seed) (replay with \(variable)=\(generator.seed))")
        return generator
    }

    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
