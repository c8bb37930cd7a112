import DroverBasics
import Foundation
import XCTest

/// Runs a program to completion with a deadline: its output is read on threads of its own, and a program still
/// running when `timeout` seconds passed is killed (SIGKILL) and fails the test — a hung child never hangs the run.
package enum ChildProcess {
    /// How a run ended.
    package struct Outcome: Sendable {
        package var status: Int32
        package var stdout: String
        package var stderr: String
    }

    package static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil, directory: String? = nil,
                            timeout: Double, file: StaticString = #filePath, line: UInt = #line) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        let read = DispatchGroup()
        let texts = Locked(["", ""])
        for (index, pipe) in [out, err].enumerated() {
            read.enter()
            Thread.detachNewThread {
                let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                texts.withLock { $0[index] = text }
                read.leave()
            }
        }
        try process.run()
        if exited.wait(timeout: .now() + timeout) == .timedOut {
            kill(process.processIdentifier, SIGKILL)
            exited.wait()
            XCTFail("\(executable) \(arguments.joined(separator: " ")) did not exit within \(timeout) s: killed", file: file, line: line)
        }
        // A grandchild that inherited the pipes may keep them open: its output is not waited for long.
        _ = read.wait(timeout: .now() + 5)
        let (stdout, stderr) = texts.withLock { ($0[0], $0[1]) }
        return Outcome(status: process.terminationStatus, stdout: stdout, stderr: stderr)
    }
}
