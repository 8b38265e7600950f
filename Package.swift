// swift-tools-version:6.1
import PackageDescription

// Versions are the exact ones this project's package mirror serves (see docs/ARCHITECTURE.md).
let package = Package(
    name: "OpenCUS",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "opencus", targets: ["opencus"]),
        .library(name: "OpenCUSCore", targets: ["OpenCUSCore"]),
        .library(name: "OpenCUSWeb", targets: ["OpenCUSWeb"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", exact: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", exact: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", exact: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", exact: "2.14.0"),
        .package(url: "https://github.com/vapor/leaf.git", exact: "4.5.2"),
        .package(url: "https://github.com/vapor/leaf-kit.git", exact: "1.14.3"),
        .package(url: "https://github.com/apple/swift-nio.git", exact: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", exact: "2.37.6"),
        // In the graph through Vapor and Fluent; named because OpenCUS imports them directly.
        .package(url: "https://github.com/vapor/sql-kit.git", exact: "3.36.0"),
        .package(url: "https://github.com/apple/swift-log.git", exact: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", exact: "2.4.1"),
        .package(url: "https://github.com/JohnSundell/Ink.git", exact: "0.6.0"),
        // Already in the graph through Vapor; named so that the domain target can hash (audit
        // chain) and compute HMACs (TOTP) without importing Vapor.
        .package(url: "https://github.com/apple/swift-crypto.git", exact: "4.5.2"),
        // Property-based tests (no dependencies of its own): the small-number rule's tables.
        .package(url: "https://github.com/x-sheep/swift-property-based.git", exact: "2.0.1"),
    ],
    targets: [
        // Domain rules: plain Swift, no Vapor, no database. Fast to build and test.
        .target(
            name: "OpenCUSCore",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            resources: [.copy("Resources/common-passwords.txt")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "OpenCUSWeb",
            dependencies: [
                "OpenCUSCore",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Leaf", package: "leaf"),
                .product(name: "LeafKit", package: "leaf-kit"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Ink", package: "Ink"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Resources/Views"), .copy("Resources/Public")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "opencus",
            dependencies: [
                "OpenCUSWeb",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "OpenCUSCoreTests",
            dependencies: ["OpenCUSCore", .product(name: "PropertyBased", package: "swift-property-based")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "OpenCUSWebTests",
            dependencies: [
                "OpenCUSWeb",
                "OpenCUSCore",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "VaporTesting", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["__Snapshots__"],
            swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)

var swiftSettings: [SwiftSetting] {
    [.enableUpcomingFeature("ExistentialAny")]
}
