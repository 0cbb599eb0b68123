import Catalogue
import Foundation

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
    public var verdict: String
    public var previousVerdict: String?
    public var newURL: String?
    /// For `changed`: what differs; for `broke`: the check's detail.
    public var detail: String?

    public init(kind: Kind, url: String, at: Date, verdict: String, previousVerdict: String?, newURL: String? = nil, detail: String? = nil) {
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
    /// Verdicts under which a journalist's click works; a bot wall (`unverifiable`) says nothing
    /// against a link, so it neither breaks nor recovers one.
    public static func isWorking(_ verdict: String) -> Bool {
        verdict == "ok" || verdict == "redirected" || verdict == "unverifiable"
    }

    /// Every transition in the histories, by URL then time.
    public static func derive(_ histories: [LinkHistory]) -> [LinkTransition] {
        histories.flatMap(derive)
    }

    public static func derive(_ history: LinkHistory) -> [LinkTransition] {
        var result: [LinkTransition] = []
        var previous = history.before
        var lastFull = history.lastFullBefore
        for check in history.checks {
            let working = isWorking(check.verdict)
            let wasWorking = previous.map { isWorking($0.verdict) }
            func transition(_ kind: LinkTransition.Kind, newURL: String? = nil, detail: String? = nil) -> LinkTransition {
                LinkTransition(kind: kind, url: check.url, at: check.checkedAt, verdict: check.verdict,
                               previousVerdict: previous?.verdict, newURL: newURL, detail: detail)
            }
            if !working, wasWorking != false {
                result.append(transition(.broke, detail: check.detail ?? check.httpStatus.map { "HTTP \($0)" }))
            } else if working, wasWorking == false {
                result.append(transition(.recovered))
            }
            if check.verdict == "redirected", let newURL = check.newURL,
               previous?.verdict != "redirected" || previous?.newURL != newURL {
                result.append(transition(.moved, newURL: newURL))
            }
            // A 304 answered a conditional request: the file is the one seen last time.
            if working, check.httpStatus != 304, check.isSuccess {
                if let lastFull, let difference = difference(from: lastFull, to: check) {
                    result.append(transition(.changed, detail: difference))
                }
                lastFull = check
            }
            previous = check
        }
        return result
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
