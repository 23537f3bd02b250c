// swift-tools-version:6.0
import PackageDescription

/// Every target is built in the Swift 6 language mode (complete strict concurrency checking);
/// the setting is applied once, here, to all targets.
let strict: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

let package = Package(
    name: "Veil",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "veil", targets: ["veil"]),
        .library(name: "Veil", targets: ["Veil"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        // Already dependencies of Hummingbird; named so that VeilReview may import them.
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CSodium",
            pkgConfig: "libsodium",
            providers: [.apt(["libsodium-dev"])]
        ),
        // GitHub-flavoured CommonMark (cmark-gfm) for Markdown drafts, with source positions.
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        // Shared data contract: findings, categories, decoded documents; Markdown layout (cmark-gfm).
        .target(name: "VeilModel", dependencies: ["CCmarkGFM"]),
        // Detection: knows nothing of policy.
        .target(name: "VeilDetect", dependencies: ["VeilModel"], resources: [.copy("Lexicons")]),
        // Policy: knows nothing of the detector's internals nor of the CLI.
        .target(name: "VeilPolicy", dependencies: ["VeilModel", .product(name: "Yams", package: "Yams")]),
        // Keys, vault, watch-list: everything that touches libsodium.
        .target(name: "VeilVault", dependencies: ["CSodium", "VeilModel"]),
        // Reports for editors and CI.
        .target(name: "VeilReport", dependencies: ["VeilModel", "VeilPolicy"]),
        // The pipeline the CLI drives: detect -> decide -> seal -> publish.
        .target(name: "Veil", dependencies: ["VeilModel", "VeilDetect", "VeilPolicy", "VeilVault", "VeilReport"]),
        // `veil review`: the editor's desk, a local web application (Hummingbird 2 on SwiftNIO).
        // Its page (HTML, CSS, JavaScript) is bundled; nothing is loaded from the network.
        .target(name: "VeilReview", dependencies: [
            "Veil", .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"), .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
        ], resources: [.copy("Assets")]),
        // Thin executable.
        .executableTarget(name: "veil", dependencies: [
            "Veil", "VeilReview", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // Release-mode benchmarks: `swift run -c release veil-bench`.
        .executableTarget(name: "veil-bench", dependencies: ["Veil"]),
        .target(name: "VeilTestSupport", dependencies: ["VeilModel"], path: "Tests/VeilTestSupport"),
        .testTarget(name: "VeilModelTests", dependencies: ["VeilModel", "VeilTestSupport"]),
        .testTarget(name: "VeilDetectTests", dependencies: ["VeilDetect", "VeilTestSupport"]),
        .testTarget(name: "VeilPolicyTests", dependencies: ["VeilPolicy", "VeilTestSupport"]),
        .testTarget(name: "VeilVaultTests", dependencies: ["VeilVault", "VeilTestSupport"]),
        .testTarget(name: "VeilReportTests", dependencies: ["VeilReport", "VeilTestSupport"], resources: [.copy("Golden")]),
        .testTarget(name: "VeilTests", dependencies: ["Veil", "VeilTestSupport"]),
        .testTarget(name: "VeilCLITests", dependencies: ["VeilTestSupport"]),
        .testTarget(name: "VeilReviewTests", dependencies: [
            "VeilReview", "Veil", "VeilTestSupport",
        ]),
    ]
)

for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + strict
}
