import Catalogue
import Fetcher
import MediaProbe

/// What a probed file of each asset kind should be (`expect` in link-check.yaml): a file short of
/// it is reported `off-spec` by checks and flagged in kits (b-roll under 720p, a thumbnail-sized photo).
///
/// A property the probe could not read is never held against the file: no evidence is not a shortfall.
public struct MediaExpectation: Sendable, Equatable {
    /// Displayed pixels (after rotation or EXIF orientation).
    public var minWidth: Int?
    public var minHeight: Int?
    /// The shorter displayed side: "720p" whether the clip is landscape or portrait.
    public var minShortSide: Int?
    /// Seconds.
    public var minDuration: Double?
    public var maxDuration: Double?
    /// Container or file formats accepted, in the probe's names (`MP4`, `MOV`, `JPEG`…); empty accepts any.
    public var formats: [String] = []

    public init(minWidth: Int? = nil, minHeight: Int? = nil, minShortSide: Int? = nil, minDuration: Double? = nil,
                maxDuration: Double? = nil, formats: [String] = []) {
        self.minWidth = minWidth
        self.minHeight = minHeight
        self.minShortSide = minShortSide
        self.minDuration = minDuration
        self.maxDuration = maxDuration
        self.formats = formats
    }

    /// The shipped expectations: broadcast video at least 720p, photos fit for print or a web page.
    public static let defaults: [AssetKind: MediaExpectation] = [
        .bRoll: MediaExpectation(minShortSide: 720),
        .video: MediaExpectation(minShortSide: 720),
        .photo: MediaExpectation(minShortSide: 1_000),
    ]

    /// Each way `properties` fall short, as a phrase for staff ("640×360, under the 720 px short side
    /// expected of b-roll"); empty when the file meets the expectation.
    public func shortfalls(_ properties: MediaProperties, kind: AssetKind) -> [String] {
        var found: [String] = []
        let what = "expected of \(kind.rawValue)"
        let size = properties.width.flatMap { w in properties.height.map { "\(w)×\($0)" } }
        if let minWidth, let width = properties.width, width < minWidth {
            found.append("\(size ?? "\(width) px wide"), narrower than the \(minWidth) px \(what)")
        }
        if let minHeight, let height = properties.height, height < minHeight {
            found.append("\(size ?? "\(height) px high"), lower than the \(minHeight) px \(what)")
        }
        if let minShortSide, let width = properties.width, let height = properties.height, min(width, height) < minShortSide {
            found.append("\(width)×\(height), under the \(minShortSide) px short side \(what)")
        }
        if let minDuration, let duration = properties.duration, duration < minDuration {
            found.append("\(MediaSummary.clock(duration)) long, shorter than the \(MediaSummary.clock(minDuration)) \(what)")
        }
        if let maxDuration, let duration = properties.duration, duration > maxDuration {
            found.append("\(MediaSummary.clock(duration)) long, longer than the \(MediaSummary.clock(maxDuration)) \(what)")
        }
        if !formats.isEmpty, let format = properties.format,
           !formats.contains(where: { $0.caseInsensitiveCompare(format) == .orderedSame }) {
            found.append("\(format), not one of the formats \(what) (\(formats.joined(separator: ", ")))")
        }
        return found
    }
}

extension LinkCheckPolicy {
    /// How a target's link is probed in this run: per the policy's `probe` mode, and for `changed`
    /// only when its file is new to the store or changed since it was last probed.
    func probing(for target: LinkTarget) -> MediaProbing {
        switch probe {
        case .never: .off
        case .always: .always
        case .changed:
            if let validator = target.validator, validator.media != nil {
                .ifChanged(from: FileIdentity(etag: validator.probedETag, lastModified: validator.probedLastModified,
                                              length: validator.probedLength))
            } else {
                .always
            }
        }
    }

    /// The shortfalls of a probed file against the expectations of every kind using its link.
    public func offSpec(_ media: MediaProbeRecord?, kinds: Set<AssetKind>) -> [String] {
        guard let properties = media?.properties else { return [] }
        return kinds.sorted { $0.rawValue < $1.rawValue }.flatMap { kind in
            expectations[kind]?.shortfalls(properties, kind: kind) ?? []
        }
    }
}

/// When checks probe media (`probe` in link-check.yaml; `check --probe` / `--no-probe` override it).
public enum ProbeMode: String, Sendable, CaseIterable {
    /// Files never probed before, and files whose ETag, Last-Modified or size changed since their last probe.
    case changed
    /// Every working link, every check.
    case always
    case never
}
