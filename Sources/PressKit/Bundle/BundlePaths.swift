import Catalogue
import Foundation

/// A file a bundle or a press site carries: an archived copy, named by its SHA-256 in the store.
public struct BundleSource: Sendable, Equatable {
    public var sha256: String
    public var size: Int64
    /// Where the bytes are (the archive's `sha256/ab/cdef…`).
    public var path: String
    /// The type the server sent when it was archived; names the file when its URL has no extension.
    public var contentType: String?

    public init(sha256: String, size: Int64, path: String, contentType: String? = nil) {
        self.sha256 = sha256
        self.size = size
        self.path = path
        self.contentType = contentType
    }
}

/// Readable, safe names for a kit's files: `<story>/<kind>/<title-slug>.<ext>` (`event/` for the
/// event's own material), each part made only of `a-z`, `0-9` and `-`, so that nothing a title or
/// a URL holds (`../`, `/`, NUL, bidi overrides, a drive letter) can climb out of the folder the
/// names are put under, or mean anything to a shell, a ZIP tool or a web server.
///
/// Identical files (one SHA-256) get one name, used by every asset that points at them; two files
/// whose names would collide get `-2`, `-3`… in kit order. Deterministic: the kit in, the same names out.
public enum BundlePaths {
    /// URL → path relative to the folder, for every asset of `manifest` that has a copy in `copies`
    /// (keyed by URL); assets without one are left out (`missing` lists them).
    public static func names(_ manifest: Manifest, copies: [String: BundleSource]) -> [String: String] {
        var byURL: [String: String] = [:]
        var byHash: [String: String] = [:]
        var taken: Set<String> = []
        func place(_ groups: [KitAssetGroup], folder: String) {
            for group in groups {
                for asset in group.assets {
                    guard byURL[asset.url] == nil, let copy = copies[asset.url] else { continue }
                    if let known = byHash[copy.sha256] {
                        byURL[asset.url] = known
                        continue
                    }
                    let stem = "\(folder)/\(group.kind.rawValue)/\(slug(asset.title))"
                    let ext = fileExtension(url: asset.url, contentType: copy.contentType ?? asset.contentType)
                    var name = "\(stem).\(ext)"
                    var number = 2
                    while taken.contains(name) {
                        name = "\(stem)-\(number).\(ext)"
                        number += 1
                    }
                    taken.insert(name)
                    byHash[copy.sha256] = name
                    byURL[asset.url] = name
                }
            }
        }
        place(manifest.eventAssets, folder: "event")
        for story in manifest.stories { place(story.assets, folder: slug(story.id)) }
        return byURL
    }

    /// The kit's assets with no copy in `copies`, in kit order, each once.
    public static func missing(_ manifest: Manifest, copies: [String: BundleSource]) -> [KitAsset] {
        var seen: Set<String> = []
        return manifest.allAssets.filter { copies[$0.url] == nil && seen.insert($0.url).inserted }
    }

    /// Lower-case ASCII letters and digits, everything else one `-`, accents dropped ("Pressekonferenz
    /// in Zürich" → `pressekonferenz-in-zurich`), at most 60 characters; `asset` when nothing is left.
    public static func slug(_ text: String) -> String {
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil)
        var result = ""
        var pendingDash = false
        for scalar in folded.unicodeScalars {
            let value = scalar.value
            let isWordCharacter = (0x61...0x7A).contains(value) || (0x30...0x39).contains(value)
            let isUpper = (0x41...0x5A).contains(value)
            if isWordCharacter || isUpper {
                if pendingDash && !result.isEmpty { result.append("-") }
                pendingDash = false
                result.unicodeScalars.append(isUpper ? Unicode.Scalar(value + 0x20)! : scalar)
                if result.utf8.count >= 60 { break }
            } else {
                pendingDash = true
            }
        }
        return result.isEmpty ? "asset" : result
    }

    /// The URL path's extension when it is 1–8 letters and digits (`.MP4` → `mp4`), else one from the
    /// content type, else `bin`.
    static func fileExtension(url: String, contentType: String?) -> String {
        if let path = URLComponents(string: url)?.path,
           let dot = path.lastIndex(of: "."), !path[dot...].contains("/") {
            let ext = path[path.index(after: dot)...].lowercased()
            if (1...8).contains(ext.count), ext.unicodeScalars.allSatisfy({ ($0.value >= 0x61 && $0.value <= 0x7A) || ($0.value >= 0x30 && $0.value <= 0x39) }) {
                return ext
            }
        }
        let type = contentType?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        return typeExtensions[type] ?? "bin"
    }

    static let typeExtensions: [String: String] = [
        "video/mp4": "mp4", "video/quicktime": "mov", "video/webm": "webm", "video/x-matroska": "mkv", "application/mxf": "mxf",
        "audio/mpeg": "mp3", "audio/mp4": "m4a", "audio/wav": "wav", "audio/x-wav": "wav", "audio/wave": "wav",
        "image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "image/gif": "gif", "image/tiff": "tif",
        "application/pdf": "pdf", "text/html": "html", "application/xhtml+xml": "html", "text/plain": "txt",
        "application/zip": "zip", "application/msword": "doc",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    ]
}
