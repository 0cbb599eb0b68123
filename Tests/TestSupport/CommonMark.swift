import Foundation
import Testing

/// Markdown read by an independent CommonMark implementation, Python's markdown-it-py (with GFM
/// tables, and raw HTML allowed as CommonMark allows it), reporting what a renderer would turn
/// into markup: every raw HTML block or inline, and every link and image destination.
///
/// Tests that need it cancel themselves, saying why, when markdown-it-py is missing; `.ci/run`
/// installs Debian's python3-markdown-it so that CI always runs them.
public enum CommonMark {
    public struct Reading: Decodable, Sendable {
        /// The source of each `html_block` and `html_inline` token: raw HTML that would reach a page.
        public var rawHTML: [String]
        /// `href` of every link (autolinks included) and `src` of every image.
        public var destinations: [String]
        /// The rendered HTML, for messages.
        public var html: String

        enum CodingKeys: String, CodingKey {
            case rawHTML = "raw_html", destinations, html
        }
    }

    public static func read(_ markdown: String) async throws -> Reading {
        guard let python = try await interpreter.value else {
            try Test.cancel("no python3 with markdown_it: install python3-markdown-it (.ci/run does) to read Markdown as CommonMark")
        }
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let file = try folder.write("input.md", markdown)
        let (status, output) = try await Python.run(python, ["-c", script, file])
        guard status == 0 else { throw ReadFailure(output: output) }
        return try JSONDecoder().decode(Reading.self, from: Data(output.utf8))
    }

    struct ReadFailure: Error { var output: String }

    private static let script = #"""
        import json, sys
        from markdown_it import MarkdownIt
        md = MarkdownIt("commonmark", {"html": True}).enable("table")
        text = open(sys.argv[1], encoding="utf-8").read()
        raw, destinations = [], []
        def walk(tokens):
            for token in tokens:
                if token.type in ("html_block", "html_inline"):
                    raw.append(token.content)
                if token.type == "link_open":
                    destinations.append(token.attrGet("href"))
                if token.type == "image":
                    destinations.append(token.attrGet("src"))
                if token.children:
                    walk(token.children)
        walk(md.parse(text))
        print(json.dumps({"raw_html": raw, "destinations": destinations, "html": md.render(text)}))
        """#

    /// The first Python on the PATH, else Debian's own, that can import markdown_it; probed once.
    static let interpreter = Task<[String]?, any Error> {
        try await Python.interpreter(passing: ["-c", "import markdown_it"])
    }
}
