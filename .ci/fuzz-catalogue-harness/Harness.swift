// libFuzzer entry for the catalogue reader, compiled by .ci/fuzz-catalogue together with
// Sources/Catalogue/Model and Sources/Catalogue/Reader (one module, so internal rules are reachable),
// over StrictYAML and libyaml built with the same instrumentation. A finding is a trap, an
// AddressSanitizer report, a timeout (-timeout) or an allocation over -rss_limit_mb/-malloc_limit_mb.
import Foundation
import StrictYAML

/// The input is one catalogue file; besides not crashing, what the reader promises is checked.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCatalogueReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let file = Data(bytes: data, count: size)
    let (catalogue, diagnostics) = CatalogueReader.read([CatalogueSource(path: "Catalog/fuzz.yaml", data: file)])
    // A file without errors yields exactly one event; one with errors at most one (a duplicate id is
    // found after its event was read, and the import refuses the whole set on any error anyway).
    precondition(diagnostics.hasErrors ? catalogue.events.count <= 1 : catalogue.events.count == 1,
                 "\(catalogue.events.count) events with \(diagnostics.errors.count) errors")
    for diagnostic in diagnostics {
        // Diagnostics are one line with no raw control character, at a place inside the file.
        let line = diagnostic.description
        precondition(!line.unicodeScalars.contains(where: ControlCharacters.isControl), "raw control character in \(line.debugDescription)")
        precondition(diagnostic.line >= 0 && diagnostic.column >= 0 && (diagnostic.line == 0) == (diagnostic.column == 0))
    }
    // Text that was read holds no control character but tabs and line breaks.
    for event in catalogue.events {
        var texts = [event.id, event.title, event.summary ?? ""] + event.places + event.tags
        for story in event.stories { texts += [story.id, story.headline, story.summary ?? ""] + story.people }
        for asset in event.allAssets { texts += [asset.id, asset.title, asset.url, asset.caption ?? "", asset.notes ?? "", asset.synopsis ?? ""] }
        for text in texts {
            precondition(!text.unicodeScalars.contains { ControlCharacters.isControl($0) && $0 != "\t" && $0 != "\n" },
                         "control character read into \(text.debugDescription)")
        }
    }
    return 0
}
