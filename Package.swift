// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "plane",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "plane", targets: ["plane"]),
        .library(name: "PlaneKit", targets: ["PlaneKit"]),
        // The Engine API client on its own (it brings HTTPTransport and CCurl).
        .library(name: "DockerEngine", targets: ["DockerEngine"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .executableTarget(name: "plane", dependencies: ["PlaneCommands"]),
        .target(
            name: "PlaneCommands",
            dependencies: [
                "PlaneKit",
                "PlaneStore",
                "HealthProbe",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(name: "PlaneKit", dependencies: ["DockerEngine", .product(name: "Yams", package: "Yams")]),
        // The I/O of `plane health`: Traefik, CrowdSec LAPI, Alloy and receivers over HTTPTransport, around
        // PlaneKit/Health's pure checks (PlaneKit holds no HTTP). `HealthRun` implements `HealthVerifying`.
        .target(name: "HealthProbe", dependencies: ["PlaneKit", "HTTPTransport", "DockerEngine"]),
        // The C boundary: typed static inline wrappers around libcurl's variadic setopt/getinfo.
        .target(name: "CCurl", linkerSettings: [.linkedLibrary("dl")]),
        // HTTP over libcurl for any server (the engine, and the stack's APIs for health checks).
        .target(name: "HTTPTransport", dependencies: ["CCurl"]),
        .target(name: "DockerEngine", dependencies: ["HTTPTransport"], exclude: ["README.md"]),
        // The second C boundary: libsqlite3 (Debian's libsqlite3-dev headers), loaded on first use, for the run history only.
        .target(name: "CSQLite", linkerSettings: [.linkedLibrary("dl")]),
        .target(name: "PlaneStore", dependencies: ["PlaneKit", "CSQLite"]),
        .testTarget(
            name: "DockerEngineTests",
            dependencies: ["DockerEngine", "HTTPTransport", "TestPrograms"],
            resources: [.copy("Resources")]
        ),
        // In-memory engine and history for unit tests (used only by test targets).
        .target(name: "PlaneTestSupport", dependencies: ["PlaneKit", "DockerEngine"], path: "Tests/PlaneTestSupport"),
        // How every test starts a program (no Foundation Process: TestProgram.swift says why).
        .target(name: "TestPrograms", path: "Tests/TestPrograms"),
        .testTarget(
            name: "PlaneKitTests",
            dependencies: ["PlaneKit", "PlaneCommands", "DockerEngine", "PlaneStore", "PlaneTestSupport", "TestPrograms", "HealthProbe"],
            resources: [.copy("Resources")]
        ),
        .testTarget(name: "HTTPTransportTests", dependencies: ["HTTPTransport", "TestPrograms"]),
        .testTarget(name: "PlaneStoreTests", dependencies: ["PlaneStore", "PlaneKit"]),
    ],
    swiftLanguageModes: [.v6]
)
