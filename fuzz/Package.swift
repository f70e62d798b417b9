// swift-tools-version: 6.1
import PackageDescription

/// The coverage-guided fuzzer of the request path (`EspritFuzzing.RequestPathFuzzer`), built
/// with `-sanitize=fuzzer` by `scripts/fuzz.sh`. A package of its own because libFuzzer brings
/// its own `main`: the root package's build and tests never link it.
let package = Package(
    name: "EspritFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "Esprit", path: "..")],
    targets: [
        .target(name: "CLibFuzzer"),
        .executableTarget(
            name: "esprit-fuzz",
            dependencies: ["CLibFuzzer", .product(name: "EspritFuzzing", package: "Esprit")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
