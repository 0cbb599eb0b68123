import Catalogue
import Foundation
import LinkVocabulary

/// Fixity in checks and reports: a link's file judged against the press office's archived copy.
///
/// - A working link whose file, as the check saw it, differs from the archived copy (ETag, size or
///   content type, where both sides know it) is `changed`, "differs from the archived copy of DATE":
///   said at the first check after the copy that differs, and again whenever the file changes again.
///   A check reads at most the first bytes of a file, never all of it, so hashes are not compared
///   here; `archive` compares them when it fetches the file again.
/// - A link that breaks while a copy exists says so: "the press office holds a copy (sha256 …, 412 MB,
///   archived DATE)", in reports and digests, which are for staff only (kits never show it).
public enum ArchiveFixity {
    /// `transitions` (from `LinkTransitions.derive(histories)`) with the archive's say added.
    public static func annotate(_ transitions: [LinkTransition], histories: [LinkHistory],
                                copies: [String: ArchivedCopy]) -> [LinkTransition] {
        guard !copies.isEmpty else { return transitions }
        var result = transitions
        var added = false
        for history in histories {
            guard let copy = copies[history.url] else { continue }
            var alreadySaid = history.lastFullBefore.map { $0.checkedAt > copy.fetchedAt && difference(copy, $0) != nil } ?? false
            for check in history.checks where isFullWorking(check) {
                guard check.checkedAt > copy.fetchedAt, let difference = difference(copy, check) else {
                    alreadySaid = false
                    continue
                }
                let said = "differs from the archived copy of \(day(copy.fetchedAt)) (\(difference))"
                if let index = result.firstIndex(where: { $0.kind == .changed && $0.url == check.url && $0.at == check.checkedAt }) {
                    result[index].detail = result[index].detail.map { "\(said); \($0)" } ?? said
                } else if !alreadySaid {
                    result.append(LinkTransition(kind: .changed, url: check.url, at: check.checkedAt, verdict: check.verdict,
                                                 previousVerdict: nil, detail: said))
                    added = true
                }
                alreadySaid = true
            }
        }
        for index in result.indices where result[index].kind == .broke {
            guard let copy = copies[result[index].url] else { continue }
            let held = holding(copy)
            result[index].detail = result[index].detail.map { "\(held); \($0)" } ?? held
        }
        // Histories come in the store's URL order; a transition added keeps its URL's place.
        guard added else { return result }
        let order = Dictionary(histories.enumerated().map { ($1.url, $0) }, uniquingKeysWith: { first, _ in first })
        return result.enumerated().sorted { a, b in
            let (x, y) = (order[a.element.url] ?? Int.max, order[b.element.url] ?? Int.max)
            return x != y ? x < y : a.element.at != b.element.at ? a.element.at < b.element.at : a.offset < b.offset
        }.map(\.element)
    }

    /// "the press office holds a copy (sha256 3db73b40a9d2…, 412 MB, archived 2023-11-20)".
    public static func holding(_ copy: ArchivedCopy) -> String {
        "the press office holds a copy (\(facts(copy)))"
    }

    /// "sha256 3db73b40a9d2…, 412 MB, archived 2023-11-20": which copy, for staff to find it.
    static func facts(_ copy: ArchivedCopy) -> String {
        "sha256 \(copy.sha256.prefix(12))…, \(ByteSize.text(copy.size)), archived \(day(copy.fetchedAt))"
    }

    static func isFullWorking(_ check: LinkCheck) -> Bool {
        check.verdict.isWorking && check.isSuccess && check.httpStatus != 304 && !LinkTransitions.isPage(check)
    }

    /// What differs between the copy and the file a check saw; nil when nothing both know does.
    static func difference(_ copy: ArchivedCopy, _ check: LinkCheck) -> String? {
        var parts: [String] = []
        if let a = copy.etag, let b = check.etag, a != b { parts.append("ETag \(a) → \(b)") }
        if let b = check.contentLength, copy.size != b { parts.append("size \(ByteSize.text(copy.size)) → \(ByteSize.text(b))") }
        if let a = copy.contentType.map(essence), let b = check.contentType.map(essence), a != b { parts.append("type \(a) → \(b)") }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }

    private static func essence(_ type: String) -> String {
        (type.split(separator: ";", maxSplits: 1).first.map(String.init) ?? type).trimmingCharacters(in: .whitespaces).lowercased()
    }

    static func day(_ date: Date) -> String { String(Timestamp.text(date).prefix(10)) }
}
