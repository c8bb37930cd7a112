/// A set of hosts kept ordered by container count (ties: host index), with per-label host counts, so the
/// scheduler finds the emptiest qualifying host without scanning, and knows at once when a label rule cannot hold.
struct HostOrder: Sendable {
    /// Container count → member host indices with that count, ascending.
    private(set) var buckets: [[Int]] = []
    /// Whether each host (by index) belongs to the set.
    let members: [Bool]
    let size: Int
    /// Interned container label or name → number of member hosts running at least one container with it.
    private(set) var hostsWith: [Int: Int] = [:]

    init(members: [Bool], counts: [Int]) {
        self.members = members
        size = members.filter { $0 }.count
        for index in members.indices where members[index] { insert(index, count: counts[index]) }
    }

    /// Moves host `index` from bucket `old` to `old + 1` and counts the marks it now carries for the first time.
    mutating func hostGained(_ index: Int, oldCount: Int, newMarks: [Int]) {
        guard members[index] else { return }
        remove(index, count: oldCount)
        insert(index, count: oldCount + 1)
        for mark in newMarks { hostsWith[mark, default: 0] += 1 }
    }

    /// Counts marks of a host that joins the set after it already ran containers.
    mutating func countMarks(_ marks: some Sequence<Int>) {
        for mark in marks { hostsWith[mark, default: 0] += 1 }
    }

    private mutating func insert(_ index: Int, count: Int) {
        while buckets.count <= count { buckets.append([]) }
        buckets[count].insert(index, at: Self.lowerBound(buckets[count], index))
    }

    private mutating func remove(_ index: Int, count: Int) {
        let position = Self.lowerBound(buckets[count], index)
        if position < buckets[count].count, buckets[count][position] == index { buckets[count].remove(at: position) }
    }

    private static func lowerBound(_ items: [Int], _ value: Int) -> Int {
        var low = 0, high = items.count
        while low < high {
            let middle = (low + high) / 2
            if items[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
