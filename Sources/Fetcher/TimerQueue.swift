/// A min-heap of things due at a deadline; ties come out in insertion order.
///
/// The scheduler keeps hosts waiting for their rate interval and checks waiting to retry here,
/// so finding the next due item is O(log n) even with 100,000 links queued.
struct TimerQueue<Element> {
    private var heap: [(deadline: ContinuousClock.Instant, order: UInt64, element: Element)] = []
    private var counter: UInt64 = 0

    var isEmpty: Bool { heap.isEmpty }
    var count: Int { heap.count }
    /// The earliest deadline, if anything is waiting.
    var nextDeadline: ContinuousClock.Instant? { heap.first?.deadline }

    mutating func insert(_ element: Element, at deadline: ContinuousClock.Instant) {
        counter += 1
        heap.append((deadline, counter, element))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard precedes(child, parent) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns the earliest item if its deadline is at or before `now`.
    mutating func popDue(now: ContinuousClock.Instant) -> Element? {
        guard let first = heap.first, first.deadline <= now else { return nil }
        heap.swapAt(0, heap.count - 1)
        heap.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < heap.count, precedes(left, smallest) { smallest = left }
            if right < heap.count, precedes(right, smallest) { smallest = right }
            guard smallest != parent else { break }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
        return first.element
    }

    /// Removes and returns the items matching `predicate`.
    mutating func remove(where predicate: (Element) -> Bool) -> [Element] {
        let all = heap
        heap.removeAll()
        var removed: [Element] = []
        for item in all {
            if predicate(item.element) { removed.append(item.element) } else { insert(item.element, at: item.deadline) }
        }
        return removed
    }

    /// Removes every item, returning them in no particular order.
    mutating func removeAll() -> [Element] {
        defer { heap.removeAll() }
        return heap.map(\.element)
    }

    private func precedes(_ a: Int, _ b: Int) -> Bool {
        (heap[a].deadline, heap[a].order) < (heap[b].deadline, heap[b].order)
    }
}

/// A first-in first-out queue with O(1) removal at the front and re-insertion at the front.
struct FIFO<Element> {
    private var storage: [Element?] = []
    private var head = 0

    var isEmpty: Bool { head == storage.count }
    var count: Int { storage.count - head }

    mutating func append(_ element: Element) { storage.append(element) }

    /// Puts an element first (a retry goes ahead of its host's untouched queue).
    mutating func prepend(_ element: Element) {
        if head > 0 {
            head -= 1
            storage[head] = element
        } else {
            storage.insert(element, at: 0)
        }
    }

    mutating func popFirst() -> Element? {
        guard head < storage.count else { return nil }
        defer {
            storage[head] = nil
            head += 1
            if head > 1_024, head * 2 > storage.count {  // reclaim the consumed prefix
                storage.removeFirst(head)
                head = 0
            }
        }
        return storage[head]
    }

    /// Removes and returns the elements matching `predicate`, keeping the others in order.
    mutating func remove(where predicate: (Element) -> Bool) -> [Element] {
        let kept = storage[head...].compactMap { $0 }
        var removed: [Element] = []
        storage = kept.filter { element in
            if predicate(element) { removed.append(element); return false }
            return true
        }
        head = 0
        return removed
    }

    mutating func removeAll() -> [Element] {
        defer { storage.removeAll(); head = 0 }
        return storage[head...].compactMap { $0 }
    }
}
