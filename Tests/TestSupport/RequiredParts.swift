import DroverBasics
import Foundation
import XCTest

/// Real parts a test needs (a Docker engine, test hosts, docker-compose). Without one, a test is skipped with the
/// reason — and the run ends with how many were skipped and why — except in CI (`CI=true`), where a missing part
/// fails the test: a test that needs a real part never skips silently there.
package enum RequiredParts {
    /// Why a part is missing, thrown in CI instead of a skip.
    package struct Missing: Error, CustomStringConvertible {
        package var description: String
    }

    private static let skipped = Locked<[String: Int]>([:])
    private static let observer = Locked<SkipReport?>(nil)

    /// Skips the calling test because of `reason` (fails it in CI).
    package static func missing(_ reason: String) throws -> Never {
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            throw Missing(description: "\(reason) (CI=true: a missing part fails the test instead of skipping it)")
        }
        skipped.withLock { $0[reason, default: 0] += 1 }
        observer.withLock { observer in
            guard observer == nil else { return }
            let report = SkipReport { skipped.current }
            XCTestObservationCenter.shared.addTestObserver(report)
            observer = report
        }
        throw XCTSkip(reason)
    }
}

/// Prints, when the test bundle finishes, how many tests were skipped and why.
private final class SkipReport: NSObject, XCTestObservation, Sendable {
    private let counts: @Sendable () -> [String: Int]

    init(_ counts: @escaping @Sendable () -> [String: Int]) {
        self.counts = counts
    }

    func testBundleDidFinish(_ testBundle: Bundle) {
        let counts = counts()
        print("\(counts.values.reduce(0, +)) tests skipped:")
        for (reason, count) in counts.sorted(by: { $0.key < $1.key }) { print("  \(count) × \(reason)") }
    }
}
