import Catalogue
import Fetcher
import Foundation

/// How link checks behave: `Policies/link-check.yaml`, documented key by key in Policies/README.md.
/// Every key is optional; an absent key keeps the engine's named default (`FetchConfiguration.Defaults`).
public struct LinkCheckPolicy: Sendable, Equatable {
    public static let fileName = "link-check.yaml"
    /// The folder read when `--policies` is not given.
    public static let defaultDirectory = "Policies"

    public var fetch = FetchConfiguration()
    /// HTTP statuses treated as a working link although they are not 2xx (a portal that answers 401
    /// to robots, say); the fetcher's classifier applies them.
    public var acceptedStatuses: Set<Int> {
        get { fetch.acceptedStatuses }
        set { fetch.acceptedStatuses = newValue }
    }
    /// Schemes that may be contacted (a subset of http and https), also after redirects; a URL or a
    /// redirect with another is `blocked`.
    public var allowedSchemes: Set<String> {
        get { fetch.allowedSchemes }
        set { fetch.allowedSchemes = newValue }
    }
    /// A working https link whose certificate expires within this many days draws a warning.
    public var certificateWarningDays = 21
    /// Media types each asset kind may be served as; a response of another type is `wrong-type`.
    public var contentTypes: [AssetKind: [String]] = LinkCheckPolicy.defaultContentTypes
    /// When links are due again for `check --due`.
    public var recheck = RecheckRules()
    /// When checks read media properties; the byte budget and first read are in `fetch`.
    public var probe = ProbeMode.changed
    /// What probed files of each kind should be; a kind not listed expects nothing.
    public var expectations: [AssetKind: MediaExpectation] = MediaExpectation.defaults

    public init() {
        fetch.userAgent = LinkCheckPolicy.defaultUserAgent
    }

    public static let defaultUserAgent = "presskit/\(PresskitVersion.current) (link checker; +https://example.org/presskit)"

    /// What each kind may be served as, by default. Download portals often serve any file as
    /// `application/octet-stream`, so it is accepted for every file kind; HTML is accepted only for
    /// web stories, transcripts and documents (both are often web pages).
    public static let defaultContentTypes: [AssetKind: [String]] = [
        .bRoll: ["video/*", "application/mxf", "application/zip", "application/octet-stream"],
        .soundbite: ["video/*", "audio/*", "application/zip", "application/octet-stream"],
        .video: ["video/*", "application/mxf", "application/zip", "application/octet-stream"],
        .audio: ["audio/*", "application/zip", "application/octet-stream"],
        .photo: ["image/*", "application/zip", "application/octet-stream"],
        .transcript: ["text/html", "application/xhtml+xml", "application/pdf", "text/plain",
                      "application/msword", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                      "application/octet-stream"],
        .document: ["text/html", "application/xhtml+xml", "application/pdf", "text/plain", "application/*"],
        .webstory: ["text/html", "application/xhtml+xml"],
    ]

    /// The media types a link may be served as: what its assets declare (`content_type`) wins, since the
    /// press office said what the file is; otherwise what any of its kinds accepts. Nil: no type check.
    public func acceptableContentTypes(for target: LinkTarget) -> [String]? {
        if !target.declaredContentTypes.isEmpty {
            return target.declaredContentTypes.map { $0.split(separator: ";")[0].trimmingCharacters(in: .whitespaces).lowercased() }.sorted()
        }
        let types = Set(target.kinds.flatMap { contentTypes[$0] ?? [] })
        return types.isEmpty ? nil : types.sorted()
    }
}
