import Foundation
import Testing

/// Reads a feed with Python's `feedparser` (Debian's python3-feedparser), an independent reader that
/// flags any XML or Atom trouble as `bozo`. Tests that need it cancel themselves, saying why, when no
/// Python with feedparser is found; `.ci/run` installs it.
public enum PythonFeed {
    public struct Reading: Decodable, Sendable {
        public struct Entry: Decodable, Sendable {
            public var id: String?
            public var title: String?
            public var link: String?
            public var updated: String?
            public var summary: String?
        }
        public var bozo: Bool
        public var bozoException: String?
        public var version: String?
        public var title: String?
        public var entries: [Entry]

        enum CodingKeys: String, CodingKey { case bozo, bozoException = "bozo_exception", version, title, entries }
    }

    public static func read(_ feed: String) async throws -> Reading {
        guard let python = try await interpreter.value else {
            try Test.cancel("no python3 with feedparser: install python3-feedparser (.ci/run does) to read the feeds")
        }
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let file = try folder.write("feed.xml", feed)
        let (status, output) = try await Python.run(python, ["-c", script, file])
        guard status == 0 else { throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: output]) }
        return try JSONDecoder().decode(Reading.self, from: Data(output.utf8))
    }

    static let interpreter = Task<[String]?, any Error> {
        try await Python.interpreter(passing: ["-c", "import feedparser"])
    }

    private static let script = #"""
        import sys, json, feedparser
        d = feedparser.parse(sys.argv[1])
        print(json.dumps({
            "bozo": bool(d.bozo), "bozo_exception": str(d.get("bozo_exception", "")) or None,
            "version": d.version or None, "title": d.feed.get("title"),
            "entries": [{"id": e.get("id"), "title": e.get("title"), "link": e.get("link"),
                         "updated": e.get("updated"), "summary": e.get("summary")} for e in d.entries],
        }))
        """#
}
