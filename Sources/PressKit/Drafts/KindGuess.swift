import Foundation

/// Guesses each drafted asset's kind by `DraftPolicy`'s rules, and says from what.
enum KindGuess {
    /// Sets `kind` and `kindNote` ("kind guessed from "B-roll" in the link text"). An asset whose
    /// type is unknown and that no rule's words name is left without a kind (and left out).
    static func apply(_ policy: DraftPolicy, to asset: inout DraftAsset) {
        let type = asset.fileType
        for rule in policy.kinds {
            if !rule.files.isEmpty {
                guard let type, rule.files.contains(type) else { continue }
            }
            if rule.words.isEmpty {
                asset.kind = rule.kind
                asset.kindNote = "kind guessed from the file type (\(type.map(\.rawValue) ?? "unknown"))"
                return
            }
            for words in asset.context {
                if let found = rule.words.lazy.compactMap({ find($0, in: words.text) }).first {
                    asset.kind = rule.kind
                    asset.kindNote = "kind guessed from \"\(found)\" in \(words.place)"
                    return
                }
            }
            let name = fileName(asset.url)
            if let found = rule.words.lazy.compactMap({ find($0, in: name) }).first {
                asset.kind = rule.kind
                asset.kindNote = "kind guessed from \"\(found)\" in the file name"
                return
            }
        }
        if let type {
            asset.kind = type.fallbackKind
            asset.kindNote = "kind guessed from the file type (\(type.rawValue))"
        }
    }

    /// `word` in `text` as a whole word (no letter or digit either side), case-insensitively;
    /// returns the text as written there.
    static func find(_ word: String, in text: String) -> String? {
        var searchFrom = text.startIndex
        while let range = text.range(of: word, options: [.caseInsensitive], range: searchFrom..<text.endIndex) {
            let before = range.lowerBound == text.startIndex ? nil : text[text.index(before: range.lowerBound)]
            let after = range.upperBound == text.endIndex ? nil : text[range.upperBound]
            if !(before?.isLetter ?? false || before?.isNumber ?? false), !(after?.isLetter ?? false || after?.isNumber ?? false) {
                return String(text[range])
            }
            searchFrom = range.upperBound
        }
        return nil
    }

    /// The file name with separators as spaces: `nato-b-roll_2023.mp4` → words to match.
    static func fileName(_ url: String) -> String {
        let name = URLComponents(string: url)?.path.split(separator: "/").last.map(String.init) ?? ""
        return (name.removingPercentEncoding ?? name).replacingOccurrences(of: "_", with: " ")
    }
}
