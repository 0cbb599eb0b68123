import Foundation
import Testing
@testable import Catalogue

/// Shot lists and speakers read without JSONDecoder must be what JSONDecoder reads, and anything the
/// fast reader does not expect must be left to JSONDecoder (nil), never read differently.
@Suite struct JSONColumnReadingTests {
    static let shotLists: [[Shot]] = [
        [Shot(at: "00:00:01", shot: "Wide of the summit hall")],
        [Shot(at: "00:01", shot: "Quote \" backslash \\ slash / tab \t newline \n bell \u{7}"),
         Shot(at: "01:02:03.500", shot: "Non-ASCII: Zürich, 東京, emoji 🎥, RTL \u{200F}")],
        [Shot(at: "", shot: "")],
    ]
    static let speakerLists: [[Speaker]] = [
        [Speaker(name: "Jens Stoltenberg", language: "en")],
        [Speaker(name: "Anonymous"), Speaker(name: "Ms \"Quoted\" Ü", language: "de-CH")],
    ]

    @Test func readsWhatTheWriterWrites() throws {
        for shots in Self.shotLists {
            let json = JSONColumn.shots(shots)
            #expect(JSONColumn.read(json, as: Shot.self) == shots, "\(json)")
            #expect(try JSONDecoder().decode([Shot].self, from: Data(json.utf8)) == shots)
        }
        for speakers in Self.speakerLists {
            let json = JSONColumn.speakers(speakers)
            #expect(JSONColumn.read(json, as: Speaker.self) == speakers, "\(json)")
        }
    }

    @Test func readsWhatJSONEncoderWrote() throws {
        // Rows written before the hand-written writer: JSONEncoder's key order and its escaped slashes.
        let encoder = JSONEncoder()
        for shots in Self.shotLists {
            let json = String(decoding: try encoder.encode(shots), as: UTF8.self)
            #expect(JSONColumn.read(json, as: Shot.self) == shots, "\(json)")
        }
        for speakers in Self.speakerLists {
            let json = String(decoding: try encoder.encode(speakers), as: UTF8.self)
            #expect(JSONColumn.read(json, as: Speaker.self) == speakers, "\(json)")
        }
    }

    @Test func agreesWithJSONDecoderOnHandWrittenText() throws {
        let accepted: [(String, [Speaker])] = [
            (#" [ { "name" : "A" , "language" : null } ] "#, [Speaker(name: "A")]),
            (#"[{"name":"\u00e9\ud83c\udfa5\/"}]"#, [Speaker(name: "é🎥/")]),
            (#"[{"language":"fr","name":"B","extra":"ignored"}]"#, [Speaker(name: "B", language: "fr")]),
            ("[]", []),
        ]
        for (json, expected) in accepted {
            #expect(JSONColumn.read(json, as: Speaker.self) == expected, "\(json)")
            #expect(try JSONDecoder().decode([Speaker].self, from: Data(json.utf8)) == expected, "\(json)")
        }
        // Left to JSONDecoder: other shapes, missing required keys, repeated keys, bad escapes.
        let refused = [#"[{"name":1}]"#, #"[{"language":"en"}]"#, #"[{"name":"A","name":"B"}]"#, #"[{"name":"\ud83c"}]"#,
                       #"[{"name":"A"}"#, #"[{"name":"A"}] x"#, #"{"name":"A"}"#, #"[{"name":"\x"}]"#, "[{\"name\":\"a\nb\"}]",
                       #"[{"name":{"first":"A"}}]"#, #"[["A"]]"#]
        for json in refused {
            #expect(JSONColumn.read(json, as: Speaker.self) == nil, "\(json)")
        }
        #expect(JSONColumn.read(#"[{"at":"00:01"}]"#, as: Shot.self) == nil)
        #expect(JSONColumn.read(#"[{"at":"00:01","shot":null}]"#, as: Shot.self) == nil)
        #expect(JSONColumn.read(#"["a"]"#, as: String.self) == nil)
    }
}
