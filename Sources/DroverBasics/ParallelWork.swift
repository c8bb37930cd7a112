import Foundation

/// Runs blocking work items on a fixed number of dedicated threads.
///
/// Engine calls block on sockets, so they need real threads: `DispatchQueue.concurrentPerform` caps its workers at
/// the number of cores (2 here), which would quietly turn a parallelism of 8 into 2.
package enum ParallelWork {
    /// Calls `body(index)` for every index in `0..<count`, with at most `parallelism` calls running at once;
    /// returns when all are done.
    package static func run(count: Int, parallelism: Int, _ body: @escaping @Sendable (Int) -> Void) {
        guard count > 0 else { return }
        let queue = WorkQueue(count: count)
        let group = DispatchGroup()
        for _ in 0..<max(1, min(parallelism, count)) {
            group.enter()
            let thread = Thread {
                while let index = queue.next() { body(index) }
                group.leave()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        group.wait()
    }
}

/// Hands out the indices `0..<count` once each, to any thread.
private final class WorkQueue: Sendable {
    private let count: Int
    private let position = Locked(0)

    init(count: Int) {
        self.count = count
    }

    func next() -> Int? {
        position.withLock { position in
            guard position < count else { return nil }
            position += 1
            return position - 1
        }
    }
}
