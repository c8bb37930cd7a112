import DroverBasics
import DroverStore
import Foundation
import XCTest

/// A reader waiting for events wakes when one is appended, not at its deadline.
final class EventSignalTests: XCTestCase {
    func testAWaitingReaderWakesWhenAnEventIsAppended() throws {
        let path = NSTemporaryDirectory() + "drover-signal-\(UUID().uuidString).sqlite"
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let store = try StackStore(path: path)
        let seen = store.eventSignal.generation
        let woke = Locked<Date?>(nil)
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            store.eventSignal.wait(after: seen, until: Date().addingTimeInterval(30))
            woke.withLock { $0 = Date() }
            done.signal()
        }
        try store.appendEvent(environmentId: nil, type: "test", resourceId: "x", actor: "test", action: "poke", message: "poke")
        let appended = Date()
        XCTAssertEqual(done.wait(timeout: .now() + 10), .success, "the reader woke")
        XCTAssertLessThan(try XCTUnwrap(woke.current).timeIntervalSince(appended), 5, "at the append, long before its 30 s deadline")
        XCTAssertGreaterThan(store.eventSignal.generation, seen)
    }
}
