// swift-tools-version: 6.1
import PackageDescription

/// Microbenchmarks of Esprit's hot paths with ordo-one/benchmark, in a package of their own so
/// the server's build never pulls in the benchmark tooling. Run from this folder:
/// `swift package benchmark` (see bench/RESULTS.md).
let package = Package(
    name: "EspritMicro",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Esprit", path: "../.."),
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    ],
    targets: [
        .executableTarget(
            name: "EspritMicro",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "EspritProtocol", package: "Esprit"),
                .product(name: "EspritGame", package: "Esprit"),
                .product(name: "EspritStorage", package: "Esprit"),
                .product(name: "EspritServer", package: "Esprit"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/EspritMicro",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
