// swift-tools-version:6.1
import Foundation
import PackageDescription

// scripts/fuzz sets DOCLEDGER_FUZZ=1: the decoder's modules are then built with libFuzzer's
// coverage instrumentation and docledger-fuzz links libFuzzer (a separate build folder).
let fuzzing = ProcessInfo.processInfo.environment["DOCLEDGER_FUZZ"] == "1"
let fuzzSettings: [SwiftSetting] = fuzzing ? [.unsafeFlags(["-sanitize=fuzzer,address"]), .define("FUZZING")] : []
let fuzzLinking: [LinkerSetting] = fuzzing ? [.unsafeFlags(["-sanitize=fuzzer,address"])] : []

// The compiler keeps the layers (as Hummingbird's own package does): an import is internal
// unless marked `public import`, and a member is visible only where its module is imported.
let layers: [SwiftSetting] = [.enableUpcomingFeature("InternalImportsByDefault"), .enableUpcomingFeature("MemberImportVisibility")]

let package = Package(
    name: "DocLedger",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "docledger", targets: ["docledger"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // Only its Bcrypt module (a C library and a thin Swift wrapper) is built for the ledger.
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        // The server. No traits: without FullFoundation and ConfigurationSupport Hummingbird
        // needs neither full Foundation (ICU, linked into `docledger` itself) nor swift-configuration.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        // The office's pages: server-rendered Mustache templates (embedded in the binary).
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        // SHA-256 (the chain, sessions, the Merkle tree; BoringSSL's, with the CPU's SHA
        // instructions) and Ed25519 (signed checkpoints, in Transparency).
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
    ],
    targets: [
        // Private plumbing: only LedgerStore imports it.
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // JSON values: a strict line parser and the canonical encoder that hashes rely on.
        .target(name: "LedgerJSON", swiftSettings: layers + fuzzSettings),
        // The Merkle tree of RFC 9162, signed notes and checkpoints (C2SP), proof files and their
        // offline check: no SQLite, so an inspector's check needs only a proof and a public key.
        .target(name: "Transparency",
                dependencies: ["LedgerJSON", .product(name: "Crypto", package: "swift-crypto")],
                swiftSettings: layers),
        // SQLite wrapper and the append-only, hash-chained event log (and its stored Merkle tree).
        .target(
            name: "LedgerStore",
            dependencies: ["CSQLite", "LedgerJSON", "Transparency", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: layers + fuzzSettings,
            plugins: ["EmbedSchema"]
        ),
        // The office's rules: events, validation, numbering. No I/O, no clock, no SQL.
        .target(name: "OfficeDomain", dependencies: ["LedgerJSON"], swiftSettings: layers + fuzzSettings),
        // Read tables folded from events, report queries, reconciliation, history.
        .target(name: "OfficeProjections", dependencies: ["OfficeDomain", "LedgerStore", "LedgerJSON"], swiftSettings: layers),
        // The application service: append pipeline, replay, verify, export.
        .target(name: "DocLedgerKit",
                dependencies: ["OfficeDomain", "OfficeProjections", "LedgerStore", "LedgerJSON", "Transparency",
                               .product(name: "HummingbirdBcrypt", package: "hummingbird-auth")],
                swiftSettings: layers + fuzzSettings),
        // Text / Markdown / JSON / CSV renderings of reports; the Vietnamese words live here.
        .target(name: "ReportRendering", dependencies: ["OfficeProjections", "OfficeDomain", "LedgerStore", "LedgerJSON"], swiftSettings: layers),
        // `docledger serve`: the HTTP API over the same `Ledger` (routes, auth hook, error mapping).
        .target(
            name: "DocLedgerServer",
            dependencies: ["DocLedgerKit", "ReportRendering", "Transparency",
                           .product(name: "Hummingbird", package: "hummingbird"), .product(name: "Logging", package: "swift-log"),
                           .product(name: "HTTPTypes", package: "swift-http-types"), .product(name: "NIOCore", package: "swift-nio"),
                           .product(name: "Mustache", package: "swift-mustache")],
            swiftSettings: layers
        ),
        .executableTarget(
            name: "docledger",
            dependencies: ["DocLedgerKit", "ReportRendering", "DocLedgerServer", "OfficeProjections", "OfficeDomain", "Transparency",
                           .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: layers
        ),
        // In-process measurements for scripts/bench (raw SQLite baselines, report timing).
        .executableTarget(
            name: "docledger-bench",
            dependencies: ["DocLedgerKit", "ReportRendering", "LedgerStore"],
            swiftSettings: layers
        ),
        // libFuzzer target over the line decoder and validator (scripts/fuzz); a replay driver otherwise.
        .executableTarget(
            name: "docledger-fuzz",
            dependencies: ["DocLedgerKit", "OfficeDomain", "LedgerStore", "LedgerJSON"],
            swiftSettings: layers + fuzzSettings,
            linkerSettings: fuzzLinking
        ),
        // Build-time embedding of schema.sql into LedgerStore.
        .executableTarget(name: "embed-schema-tool", path: "Sources/embed-schema-tool"),
        .plugin(name: "EmbedSchema", capability: .buildTool(), dependencies: ["embed-schema-tool"]),

        // Shared by the test targets: the seeded random generator that makes failures replayable.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "LedgerJSONTests", dependencies: ["LedgerJSON"]),
        .testTarget(name: "TransparencyTests", dependencies: ["Transparency", "LedgerJSON", "TestSupport"]),
        .testTarget(name: "LedgerStoreTests", dependencies: ["LedgerStore", "TestSupport"]),
        .testTarget(name: "OfficeDomainTests", dependencies: ["OfficeDomain", "LedgerJSON"]),
        .testTarget(
            name: "DocLedgerKitTests",
            dependencies: ["DocLedgerKit", "OfficeProjections", "OfficeDomain", "LedgerStore", "LedgerJSON", "ReportRendering", "TestSupport"]
        ),
        .testTarget(name: "CLITests", dependencies: ["docledger", "TestSupport"]),
        .testTarget(
            name: "DocLedgerServerTests",
            dependencies: ["DocLedgerServer", "DocLedgerKit", "ReportRendering", "Transparency",
                           .product(name: "Hummingbird", package: "hummingbird"),
                           .product(name: "HummingbirdTesting", package: "hummingbird"),
                           .product(name: "Logging", package: "swift-log"), .product(name: "HTTPTypes", package: "swift-http-types")]
        ),
    ]
)
