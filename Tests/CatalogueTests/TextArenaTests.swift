@testable import Catalogue
import Testing

/// The arena behind the recorder's SQLITE_STATIC bindings: every copy stays intact until `clear()`,
/// however many blocks it takes, and holds the bytes SQLite read from the C string before.
@Suite struct TextArenaTests {
    private func text(_ copy: (UnsafePointer<CChar>, Int32)?) -> String? {
        copy.map { pointer, count in
            String(decoding: UnsafeRawBufferPointer(start: pointer, count: Int(count)), as: UTF8.self)
        }
    }

    @Test func copiesStayIntactAcrossBlocksUntilCleared() throws {
        let arena = TextArena()
        // Given more text than one 64 KiB block holds
        let values = (0..<3_000).map { "https://example.org/\($0)/" + String(repeating: "é", count: $0 % 40) }
        let copies = values.map { arena.copy($0) }
        // Then every copy still reads back as its value
        #expect(copies.map(text) == values.map(Optional.some))
        arena.clear()
        #expect(text(arena.copy("after clear")) == "after clear")
    }

    @Test func textEndsAtTheFirstNULAsTheCStringDid() {
        let arena = TextArena()
        #expect(text(arena.copy("ab\u{0}cd")) == "ab")
        #expect(text(arena.copy("")) == "")
        #expect(arena.copy("")?.1 == 0)
    }

    @Test func aValueLargerThanABlockIsLeftToSQLite() {
        let arena = TextArena()
        #expect(arena.copy(String(repeating: "x", count: 70_000)) == nil)
        #expect(text(arena.copy("small")) == "small")
    }
}
