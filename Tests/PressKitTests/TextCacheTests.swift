import Testing
@testable import PressKit

@Suite struct TextCacheTests {
    @Test func remembersUntilFullThenStartsOver() {
        let cache = TextCache(limit: 2)
        cache.store("a1", for: "a")
        cache.store("b1", for: "b")
        #expect(cache.value(for: "a") == "a1" && cache.value(for: "b") == "b1")
        cache.store("c1", for: "c")  // full: cleared before storing
        #expect(cache.value(for: "a") == nil && cache.value(for: "c") == "c1")
    }

    @Test func isSharedSafelyByConcurrentTasks() async {
        let cache = TextCache(limit: 64)
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                group.addTask {
                    for n in 0..<2_000 {
                        let key = "\((task * 7 + n) % 100)"
                        if let value = cache.value(for: key) { #expect(value == "v" + key) }
                        cache.store("v" + key, for: key)
                    }
                }
            }
        }
    }
}
