import DroverBasics
import Foundation
import XCTest

/// Polls `condition` every 20 ms until it holds; fails the test with `what` when `timeout` seconds pass first.
/// Returns whether the condition held.
@discardableResult
package func waitUntil(_ what: String, timeout: Double = 20, file: StaticString = #filePath, line: UInt = #line,
                       _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try condition() { return true }
        Thread.sleep(forTimeInterval: 0.02)
    }
    if try condition() { return true }
    XCTFail("timed out after \(timeout) s waiting for: \(what)", file: file, line: line)
    return false
}

/// Runs `body` on another thread and waits for it at most `timeout` seconds: a blocking read (an event stream, a
/// pipe) that never ends fails the test instead of hanging the run. Returns the body's result, or nil on timeout.
package func withDeadline<T: Sendable>(_ what: String, timeout: Double, file: StaticString = #filePath, line: UInt = #line,
                                       _ body: @escaping @Sendable () throws -> T) throws -> T? {
    let done = DispatchSemaphore(value: 0)
    let result = Locked<Result<T, any Error>?>(nil)
    Thread.detachNewThread {
        let outcome = Result { try body() }
        result.withLock { $0 = outcome }
        done.signal()
    }
    guard done.wait(timeout: .now() + timeout) == .success, let outcome = result.current else {
        XCTFail("\(what) did not end within \(timeout) s", file: file, line: line)
        return nil
    }
    return try outcome.get()
}
