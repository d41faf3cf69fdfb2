// swift-tools-version:6.1
import PackageDescription

/// Upcoming features every target opts into (see STYLE.md §1).
let upcomingFeatures: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "plumbline",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "plumbline", targets: ["plumbline"]),
        .library(name: "PlumblineCore", targets: ["PlumblineCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.3.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.3.0"),
    ],
    targets: [
        /** Pure logic, no I/O: manifests, validation, desired state, plans, safety, renderers. */
        .target(
            name: "PlumblineCore",
            dependencies: [.product(name: "Yams", package: "Yams"), .product(name: "Crypto", package: "swift-crypto")]
        ),
        /** The one HTTP transport (URLSession): rate limiting, retries, concurrency, request counting. */
        .target(
            name: "PlumblineHTTP",
            dependencies: [.product(name: "Logging", package: "swift-log")]
        ),
        /** Medplum client: wire types, live-state reader and applier. */
        .target(
            name: "PlumblineMedplum",
            dependencies: ["PlumblineCore", "PlumblineHTTP"]
        ),
        /** Stytch B2B client: wire types, live-state reader, applier and session reader. */
        .target(
            name: "PlumblineStytch",
            dependencies: ["PlumblineCore", "PlumblineHTTP"]
        ),
        /** What both emulators share: request stats, fault injection, clock offset, fixed-window limits. */
        .target(
            name: "SandboxSupport",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        /** Hummingbird emulator of contracts/medplum.md, with its own wire types. */
        .target(
            name: "MedplumSandbox",
            dependencies: [
                "SandboxSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            exclude: ["CONTRACT-NOTES.md"]
        ),
        /** Hummingbird emulator of contracts/stytch.md, with its own wire types. */
        .target(
            name: "StytchSandbox",
            dependencies: [
                "SandboxSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            exclude: ["CONTRACT-NOTES.md"]
        ),
        /** Generated projects for the sandboxes: scale fixtures for tests and benchmarks. */
        .target(name: "SandboxFixtures", dependencies: ["PlumblineCore"]),
        /** The commands (swift-argument-parser): one file per verb, terminal output, exit codes. */
        .target(
            name: "PlumblineCLI",
            dependencies: [
                "PlumblineCore",
                "PlumblineHTTP",
                "PlumblineMedplum",
                "PlumblineStytch",
                "MedplumSandbox",
                "StytchSandbox",
                "SandboxSupport",
                "SandboxFixtures",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        /** The executable: main.swift only. */
        .executableTarget(name: "plumbline", dependencies: ["PlumblineCLI"]),

        /** Measures plumbline against the sandboxes: `swift run -c release plumbline-benchmarks`. */
        .executableTarget(
            name: "plumbline-benchmarks",
            dependencies: [
                "PlumblineCLI", "PlumblineCore", "MedplumSandbox", "StytchSandbox", "SandboxSupport", "SandboxFixtures",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Benchmarks",
            exclude: ["results.md"]
        ),

        /** Test helpers shared by every test target: sandbox harness, marked text, snapshots. */
        .target(
            name: "PlumblineTestSupport",
            dependencies: [
                "PlumblineCore", "MedplumSandbox", "StytchSandbox", "SandboxSupport", "SandboxFixtures",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Tests/PlumblineTestSupport"
        ),
        .testTarget(
            name: "PlumblineCoreTests",
            dependencies: ["PlumblineCore", "PlumblineTestSupport", .product(name: "Yams", package: "Yams")],
            exclude: ["Render/Snapshots"]
        ),
        .testTarget(
            name: "PlumblineHTTPTests",
            dependencies: [
                "PlumblineHTTP", "PlumblineTestSupport", "SandboxSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "PlumblineMedplumTests", dependencies: ["PlumblineMedplum", "PlumblineTestSupport", "SandboxFixtures"]),
        .testTarget(name: "PlumblineStytchTests", dependencies: ["PlumblineStytch", "PlumblineTestSupport", "PlumblineCore"]),
        .testTarget(name: "SandboxSupportTests", dependencies: ["SandboxSupport"]),
        .testTarget(name: "MedplumSandboxTests", dependencies: ["MedplumSandbox", "PlumblineTestSupport"]),
        .testTarget(
            name: "StytchSandboxTests",
            dependencies: ["StytchSandbox", "PlumblineTestSupport", .product(name: "_CryptoExtras", package: "swift-crypto")]
        ),
        .testTarget(
            name: "PlumblineCLITests",
            dependencies: [
                "PlumblineCLI", "PlumblineTestSupport", "PlumblineMedplum", "PlumblineHTTP", "PlumblineCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            exclude: ["Snapshots"]
        ),
    ]
)

for target in package.targets {
    target.swiftSettings = (target.swiftSettings ?? []) + upcomingFeatures
}
