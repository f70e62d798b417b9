// swift-tools-version: 6.1
import PackageDescription

/// The request path's modules skip the run-time exclusivity checks in release builds: they cost
/// 3 % of the server's CPU under load (bench/RESULTS.md), and debug builds, which the tests
/// run, keep them. So does the load generator, which shares the cores with the server.
let releaseSpeed: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

/// Module boundaries follow DESIGN.md: the codec knows nothing of sockets, the game rules know
/// nothing of NIO or files, storage knows the game's events but not the network.
let package = Package(
    name: "Esprit",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "esprit-server", targets: ["esprit-server"]),
        .executable(name: "esprit", targets: ["esprit"]),
        .executable(name: "esprit-bench", targets: ["esprit-bench"]),
        .library(name: "EspritClient", targets: ["EspritClient"]),
        .library(name: "EspritServer", targets: ["EspritServer"]),
        // For bench/Micro, the microbenchmarks' own package.
        .library(name: "EspritProtocol", targets: ["EspritProtocol"]),
        .library(name: "EspritGame", targets: ["EspritGame"]),
        .library(name: "EspritStorage", targets: ["EspritStorage"]),
        // For fuzz/, the libFuzzer package.
        .library(name: "EspritFuzzing", targets: ["EspritFuzzing"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.2.0"),
    ],
    targets: [
        .systemLibrary(name: "CLMDB", pkgConfig: "lmdb", providers: [.apt(["liblmdb-dev"])]),
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        .target(name: "CCRC32C"),
        .target(name: "CThreadName"),
        .systemLibrary(name: "CPrefetch"),
        // What the game and the wire share, defined once: errors, their codes, event numbers.
        .target(name: "EspritCore", swiftSettings: releaseSpeed),
        .target(
            name: "EspritProtocol",
            dependencies: ["EspritCore", .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: releaseSpeed
        ),
        .target(name: "EspritGame", dependencies: ["EspritCore"], swiftSettings: releaseSpeed),
        .target(
            name: "EspritStorage",
            dependencies: [
                "CLMDB", "CZstd", "CCRC32C", "CThreadName", "CPrefetch", "EspritGame",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: releaseSpeed
        ),
        .target(
            name: "EspritServer",
            dependencies: [
                "CPrefetch", "EspritProtocol", "EspritGame", "EspritStorage",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: releaseSpeed
        ),
        .target(
            name: "EspritClient",
            dependencies: [
                "EspritProtocol",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .target(
            name: "EspritFuzzing",
            dependencies: [
                "EspritServer", "EspritProtocol", "EspritGame", "EspritStorage",
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "esprit-server",
            dependencies: [
                "EspritServer", "EspritStorage", "EspritGame",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "esprit",
            dependencies: [
                "EspritClient", "EspritProtocol", "EspritGame",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .systemLibrary(name: "CLinuxPoll", path: "bench/Sources/CLinuxPoll"),
        .executableTarget(
            name: "esprit-bench",
            dependencies: [
                "CLinuxPoll", "CThreadName", "EspritClient", "EspritGame", "EspritProtocol",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "bench/Sources/esprit-bench",
            swiftSettings: releaseSpeed
        ),
        .executableTarget(
            name: "esprit-keys-churn",
            dependencies: ["EspritStorage"],
            path: "bench/Sources/esprit-keys-churn",
            swiftSettings: releaseSpeed
        ),
        .target(
            name: "EspritTestSupport",
            dependencies: [.product(name: "Logging", package: "swift-log")],
            path: "Tests/EspritTestSupport"
        ),
        .testTarget(
            name: "EspritProtocolTests",
            dependencies: [
                "EspritProtocol", "EspritGame", "EspritTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOTestUtils", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "EspritCoreTests", dependencies: ["EspritCore"]),
        .testTarget(name: "EspritGameTests", dependencies: ["EspritGame", "EspritTestSupport"]),
        .testTarget(
            name: "EspritFuzzingTests",
            dependencies: ["EspritFuzzing", "EspritProtocol", .product(name: "NIOCore", package: "swift-nio")]
        ),
        .testTarget(
            name: "EspritBenchTests",
            dependencies: [
                "esprit-bench", "EspritProtocol", .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "EspritKeysChurnTests", dependencies: ["esprit-keys-churn"]),
        .testTarget(
            name: "EspritStorageTests",
            dependencies: [
                "EspritStorage", "EspritGame", "EspritTestSupport",
                .product(name: "Logging", package: "swift-log"), .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(
            name: "EspritServerTests",
            dependencies: [
                "EspritServer", "EspritClient", "EspritProtocol", "EspritGame", "EspritStorage", "EspritTestSupport", "esprit-server",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            // Data directories written by earlier versions, read in place by the format tests.
            exclude: ["Fixtures"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
