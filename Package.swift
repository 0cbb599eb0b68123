// swift-tools-version:6.1
import PackageDescription

// Module map (see README "Code layout"): arrows point one way.
//   presskit → PressKit → {Catalogue, Fetcher, CLinux, CXML};  Catalogue → {StrictYAML, MediaProbe};  Fetcher → {CCurl, CLinux, MediaProbe}.
//   LinkVocabulary (the verdict names, no dependencies) is shared by Fetcher, Catalogue and PressKit.
let package = Package(
    name: "presskit",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "presskit", targets: ["presskit"]),
        .library(name: "PressKit", targets: ["PressKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // SHA-256 of archived files while they stream in, and of stored files when --verify re-reads them.
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // Streams stored and deflated entries with fixed dates and ZIP64 (`presskit bundle`).
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // libcurl's headers (Debian: libcurl4-openssl-dev) with typed wrappers, and libcurl opened on
        // first use rather than linked, so commands that fetch nothing never load it (libcurl.c says why).
        .target(name: "CCurl", dependencies: ["CLoader"]),
        // dlopen and dlsym with the loader's own way of failing, for CCurl and CXML.
        .target(name: "CLoader", linkerSettings: [.linkedLibrary("dl")]),
        // libxml2's SAX2 parser for feeds (headers: Debian's libxml2-dev), opened on first use like
        // libcurl, so that only `ingest` loads it (and the ICU library it needs): xml.c says why.
        .target(name: "CXML", dependencies: ["CLoader"], cSettings: [.unsafeFlags(["-I/usr/include/libxml2"])]),
        // renameat2(RENAME_EXCHANGE), which Swift's Glibc module does not import (kit sites swap in whole).
        .systemLibrary(name: "CLinux"),
        .target(name: "LinkVocabulary"),
        .target(name: "Fetcher", dependencies: ["CCurl", "CLinux", "MediaProbe", "LinkVocabulary", .product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "MediaProbe"),
        .target(name: "StrictYAML", dependencies: [.product(name: "Yams", package: "Yams")]),
        .target(
            name: "Catalogue",
            dependencies: [
                "StrictYAML",
                "LinkVocabulary",
                // For `MediaProperties`, the model of what a probe read (no I/O in that module).
                "MediaProbe",
                .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C API, for the link-check history's bulk inserts (RawStatement).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]),
        .target(
            name: "PressKit",
            dependencies: ["Catalogue", "CLinux", "CXML", "Fetcher", "LinkVocabulary", "MediaProbe", "StrictYAML",
                           .product(name: "Crypto", package: "swift-crypto"),
                           // The bundle's ZIP container (`presskit bundle`): README "Bundles" has the evaluation.
                           .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            exclude: ["Archive/Schemas", "Manifest/Schemas", "Report/Schemas"]),
        // The command line: PressKit and ArgumentParser only. What it names of Catalogue and
        // LinkVocabulary comes through PressKit (Sources/PressKit/Operations/CommandLineVocabulary.swift).
        .executableTarget(
            name: "presskit",
            dependencies: [
                "PressKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // `--static-swift-stdlib` links with `-export-dynamic`, putting 18,000 symbols in the
            // dynamic table that nothing looks up; the Swift runtime's start-up `dladdr` then scans
            // them all (0.7 M instructions, an eighth of starting). Backtraces read the binary's own
            // symbol table, not this one (README "Benchmarks").
            linkerSettings: [.unsafeFlags(["-Xlinker", "--no-export-dynamic"])]),

        .target(name: "TestSupport", path: "Tests/TestSupport", exclude: ["validate_json.py", "check_bundle.py"]),
        .target(name: "TestHTTPServer", dependencies: ["TestSupport"], path: "Tests/TestHTTPServer"),
        .testTarget(
            name: "CatalogueTests",
            dependencies: ["Catalogue", "LinkVocabulary", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(
            name: "PressKitTests",
            dependencies: ["PressKit", "LinkVocabulary", "MediaProbe", "TestSupport", "TestHTTPServer", .product(name: "Yams", package: "Yams"),
                           // Its 32-bit limits lowered (its own tests' switch), so bundles take the ZIP64 forms with small files.
                           .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            exclude: ["Snapshots"]),
        .testTarget(name: "FetcherTests", dependencies: ["Fetcher", "LinkVocabulary", "MediaProbe", "MediaSamples", "TestHTTPServer",
                                                         .product(name: "Crypto", package: "swift-crypto")]),
        // Servers that stall, drip, reset, flood, lie and redirect to addresses a check must never reach.
        .testTarget(name: "HostileServerTests", dependencies: ["Fetcher", "TestHTTPServer", "TestSupport"]),
        // Sample media written from the formats' specifications, for the probe's tests and the fetcher's.
        .target(name: "MediaSamples", dependencies: ["MediaProbe"], path: "Tests/MediaSamples"),
        .testTarget(name: "MediaProbeTests", dependencies: ["MediaProbe", "MediaSamples"]),
        .testTarget(
            name: "PresskitCLITests",
            dependencies: ["MediaSamples", "TestSupport", "TestHTTPServer", .product(name: "GRDB", package: "GRDB.swift"),
                           .product(name: "Crypto", package: "swift-crypto")]),
    ],
    swiftLanguageModes: [.v6]
)
