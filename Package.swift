// swift-tools-version: 6.1
import PackageDescription

let settings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "dvcsync",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "DVCSync", targets: ["DVCSync"]),
        .executable(name: "dvcsync", targets: ["DVCSyncCLI"]),
        .executable(name: "dvcsync-mock", targets: ["DVCSyncMockCLI"]),
        .executable(name: "dvcsync-bench", targets: ["DVCSyncBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", exact: "2.101.3"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", exact: "2.0.1"),
    ],
    targets: [
        .target(name: "CCurlShim", linkerSettings: [.linkedLibrary("curl")]),
        .target(name: "DVCJSON", swiftSettings: settings),
        .target(name: "CCurlBaseline", path: "Benchmarks/CCurlBaseline", linkerSettings: [.linkedLibrary("curl")]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .target(
            name: "DVCSync",
            dependencies: [
                "CCurlShim", "CSQLite", "DVCJSON",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: settings
        ),
        .target(
            name: "DVCMock",
            dependencies: [
                "DVCJSON",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: settings
        ),
        .executableTarget(
            name: "DVCSyncCLI",
            dependencies: [
                "DVCSync", "DVCMock",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: settings
        ),
        .executableTarget(
            name: "DVCSyncMockCLI",
            dependencies: [
                "DVCMock",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: settings
        ),
        .executableTarget(
            name: "DVCSyncBench",
            dependencies: [
                "DVCSync", "DVCMock", "DVCSyncTestSupport", "CCurlBaseline", "CSQLite",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            path: "Benchmarks/DVCSyncBench",
            swiftSettings: settings
        ),
        .target(
            name: "DVCSyncTestSupport",
            dependencies: [
                "DVCSync", "DVCMock",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: settings
        ),
        .testTarget(
            name: "DVCSyncTests",
            dependencies: [
                "DVCSync", "DVCMock", "DVCSyncTestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: settings
        ),
        .testTarget(
            name: "DVCMockTests",
            dependencies: ["DVCMock", "DVCSync", "DVCSyncTestSupport"],
            swiftSettings: settings
        ),
    ]
)
