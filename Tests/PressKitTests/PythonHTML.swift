import Foundation
import TestSupport

/// Python's `html.parser` as an independent reading of a page: the tags and attributes a
/// tokenizer finds, and the text of the headings and title with character references decoded.
/// Tests that use it are skipped where python3 is not installed.
enum PythonHTML {
    struct Page: Decodable {
        struct Attribute: Decodable {
            var tag: String
            var name: String
            var value: String
        }
        var tags: [String]
        var attributes: [Attribute]
        var texts: [String: [String]]
    }

    static let python: String? = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        .split(separator: ":").map { "\($0)/python3" }.first { FileManager.default.isExecutableFile(atPath: $0) }

    static var available: Bool { python != nil }

    static func parse(_ html: String) async throws -> Page {
        guard let python else { throw CocoaError(.fileNoSuchFile) }
        let output = try await onOwnThread {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: python)
            process.arguments = ["-c", script]
            let input = Pipe(), output = Pipe()
            process.standardInput = input
            process.standardOutput = output
            try process.run()
            // Write from another thread: a page larger than the pipe buffer would otherwise deadlock
            // against python's output filling its own pipe.
            let writer = Thread {
                input.fileHandleForWriting.write(Data(html.utf8))
                try? input.fileHandleForWriting.close()
            }
            writer.start()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return data
        }
        return try JSONDecoder().decode(Page.self, from: output)
    }

    private static let script = #"""
        import sys, json
        from html.parser import HTMLParser
        class Page(HTMLParser):
            def __init__(self):
                super().__init__(convert_charrefs=True)
                self.tags, self.attributes, self.texts, self.open = [], [], {}, None
            def handle_starttag(self, tag, attrs):
                self.tags.append(tag)
                self.attributes += [{"tag": tag, "name": n, "value": v or ""} for n, v in attrs]
                if tag in ("title", "h1", "h2", "h3", "h4"):
                    self.open = tag
                    self.texts.setdefault(tag, []).append("")
            def handle_endtag(self, tag):
                if tag == self.open: self.open = None
            def handle_data(self, data):
                if self.open: self.texts[self.open][-1] += data
        page = Page()
        page.feed(sys.stdin.buffer.read().decode("utf-8"))
        page.close()
        sys.stdout.write(json.dumps({"tags": page.tags, "attributes": page.attributes, "texts": page.texts}))
        """#
}
