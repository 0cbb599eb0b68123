import Catalogue
import Foundation
import LinkVocabulary

/// What happened to a link between two consecutive checks, in the press office's words.
public struct LinkTransition: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        /// Worked, or was never checked, and now fails.
        case broke
        /// Failed and now works.
        case recovered
        /// Now permanently redirected, or to another URL than before.
        case moved
        /// Still works but serves another file: ETag, size or Last-Modified differ.
        case changed
    }

    public var kind: Kind
    public var url: String
    public var at: Date
    public var verdict: LinkVerdict
    public var previousVerdict: LinkVerdict?
    public var newURL: String?
    /// For `changed`: what differs; for `broke`: the check's detail.
    public var detail: String?

    public init(kind: Kind, url: String, at: Date, verdict: LinkVerdict, previousVerdict: LinkVerdict?, newURL: String? = nil, detail: String? = nil) {
        self.kind = kind
        self.url = url
        self.at = at
        self.verdict = verdict
        self.previousVerdict = previousVerdict
        self.newURL = newURL
        self.detail = detail
    }
}

public enum LinkTransitions {
    /// Every transition in the histories, by URL then time.
    public static func derive(_ histories: [LinkHistory]) -> [LinkTransition] {
        histories.flatMap(derive)
    }

    /// What a `changed` item adds when a file's validators change at every check while its type and
    /// size stay put (a server stamping each response): said once, then such changes are not reported.
    public static let volatileNote = "its ETag or Last-Modified changes at every check while its type and size stay the same: marked volatile, not reported again unless its type or size changes"

    /// Consecutive checks whose validators alone changed, from the second on, that mark a file volatile.
    static let volatileAfter = 2

    /// `changed` means the file changed:
    /// - a page (HTML) changed when what a reader sees did: its title, `og:title`, `og:description` or
    ///   canonical URL, as the probe read them (a new ETag, a Last-Modified of the moment or a few
    ///   bytes of CSRF token are the page's furniture, not news);
    /// - any other file changed when its ETag, size or Last-Modified differ from the last full check,
    ///   unless only the ETag or Last-Modified differ, for the `volatileAfter`th time in a row: then it
    ///   is reported once more with `volatileNote`, and such changes are not reported after that.
    public static func derive(_ history: LinkHistory) -> [LinkTransition] {
        var result: [LinkTransition] = []
        var previous = history.before
        var lastFull = history.lastFullBefore
        var lastPage = history.lastProbedBefore.flatMap { isPage($0) ? $0 : nil }
        var churn = churnStreak(history.earlierFullBefore + (history.lastFullBefore.map { [$0] } ?? []))
        // The last check that said whether the link works: a bot wall in between says nothing, so a
        // link that was broken and now meets a firewall has not recovered (nor broken, the other way).
        var lastTelling = previous.flatMap { tellsWorking($0) ? $0 : nil }
        for check in history.checks {
            let working = check.verdict.isWorking
            let wasWorking = lastTelling.map(\.verdict.isWorking)
            func transition(_ kind: LinkTransition.Kind, newURL: String? = nil, detail: String? = nil) -> LinkTransition {
                LinkTransition(kind: kind, url: check.url, at: check.checkedAt, verdict: check.verdict,
                               previousVerdict: previous?.verdict, newURL: newURL, detail: detail)
            }
            if tellsWorking(check) {
                if !working, wasWorking != false {
                    result.append(transition(.broke, detail: check.detail ?? check.httpStatus.map { "HTTP \($0)" }))
                } else if working, wasWorking == false {
                    result.append(LinkTransition(kind: .recovered, url: check.url, at: check.checkedAt, verdict: check.verdict,
                                                 previousVerdict: lastTelling?.verdict))
                }
                lastTelling = check
            }
            if check.verdict == .redirected, let newURL = check.newURL,
               previous?.verdict != .redirected || previous?.newURL != newURL {
                result.append(transition(.moved, newURL: newURL))
            }
            // A 304 answered a conditional request: the file is the one seen last time.
            if working, check.httpStatus != 304, check.isSuccess {
                if isPage(check) {
                    // Unprobed (probing off, or the validators said nothing changed): nothing to compare.
                    if check.probe?.properties != nil {
                        if let lastPage, let difference = pageDifference(from: lastPage, to: check) {
                            result.append(transition(.changed, detail: difference))
                        }
                        lastPage = check
                    }
                } else if let lastFull {
                    if let difference = difference(from: lastFull, to: check) {
                        if onlyValidatorsDiffer(lastFull, check) {
                            churn += 1
                            if churn < volatileAfter {
                                result.append(transition(.changed, detail: difference))
                            } else if churn == volatileAfter {
                                result.append(transition(.changed, detail: difference + "; " + volatileNote))
                            }
                        } else {
                            churn = 0
                            result.append(transition(.changed, detail: difference))
                        }
                    } else {
                        churn = 0
                    }
                }
                lastFull = check
            }
            previous = check
        }
        return result
    }

    /// Whether a check says if a journalist's click works; a bot wall (`unverifiable`) does not.
    static func tellsWorking(_ check: LinkCheck) -> Bool {
        check.verdict != .unverifiable
    }

    /// A page, by its served type: judged by what a reader sees rather than by its validators.
    static func isPage(_ check: LinkCheck) -> Bool {
        let type = check.contentType?.lowercased() ?? ""
        return type.hasPrefix("text/html") || type.hasPrefix("application/xhtml+xml")
    }

    /// How many of the last full checks in a row (oldest first) changed only the validators.
    static func churnStreak(_ full: [LinkCheck]) -> Int {
        var streak = 0
        for (old, new) in zip(full, full.dropFirst()) {
            streak = difference(from: old, to: new) != nil && onlyValidatorsDiffer(old, new) ? streak + 1 : 0
        }
        return streak
    }

    /// The same type and a known, equal size: only the ETag or Last-Modified can differ.
    static func onlyValidatorsDiffer(_ old: LinkCheck, _ new: LinkCheck) -> Bool {
        guard let a = old.contentLength, let b = new.contentLength, a == b else { return false }
        return old.contentType?.lowercased() == new.contentType?.lowercased()
    }

    /// What a reader of the page would see differently; nil when nothing that both probes read does.
    static func pageDifference(from old: LinkCheck, to new: LinkCheck) -> String? {
        guard let a = old.probe?.properties, let b = new.probe?.properties else { return nil }
        var parts: [String] = []
        func compare(_ name: String, _ x: String?, _ y: String?) {
            if let x, let y, x != y { parts.append("\(name) \"\(x)\" → \"\(y)\"") }
        }
        compare("title", a.title, b.title)
        compare("og:title", a.openGraphTitle, b.openGraphTitle)
        compare("og:description", a.openGraphDescription, b.openGraphDescription)
        compare("canonical URL", a.canonicalURL, b.canonicalURL)
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }

    /// How the served file differs, judged only on what both checks saw; nil when nothing does.
    static func difference(from old: LinkCheck, to new: LinkCheck) -> String? {
        var parts: [String] = []
        if let a = old.etag, let b = new.etag, a != b { parts.append("ETag \(a) → \(b)") }
        if let a = old.contentLength, let b = new.contentLength, a != b {
            parts.append("size \(ByteSize.text(a)) → \(ByteSize.text(b))")
        }
        if let a = old.lastModified, let b = new.lastModified, a != b { parts.append("Last-Modified \(a) → \(b)") }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }
}
