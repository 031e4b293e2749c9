// swift-tools-version: 6.1
import CompilerPluginSupport
import PackageDescription

let package = Package(
    name: "LegacyBridge",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "legacy-bridge", targets: ["legacy-bridge"]),
        .library(name: "V4Contract", targets: ["V4Contract"]),
        .library(name: "V4Core", targets: ["V4Core"]),
        .library(name: "LegacyAPI", targets: ["LegacyAPI"]),
    ],
    traits: [
        .trait(name: "MySQL", description: "MySQL/MariaDB sources and targets for `migrate` (needs libmariadb-dev)."),
        .trait(name: "Captcha", description: "The image captcha of /api/v1/auth (libgd: needs libgd-dev)."),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.8.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/swiftlang/swift-syntax.git", from: "603.0.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
    ],
    targets: [
        // `@PublicInit`: the public memberwise initializer of the wire types.
        .macro(
            name: "BridgeMacros",
            dependencies: [
                .product(name: "SwiftSyntaxMacros", package: "swift-syntax"),
                .product(name: "SwiftCompilerPlugin", package: "swift-syntax"),
            ]
        ),
        .target(name: "BridgeKit", dependencies: ["BridgeMacros", .product(name: "Yams", package: "Yams")]),
        // What both sides of the V4 seam agree on: envelope, error codes, types, endpoints.
        .target(
            name: "V4Contract",
            dependencies: ["BridgeKit", .product(name: "HTTPTypes", package: "swift-http-types")]
        ),
        // The request context every router shares, request ids, the socket-less client.
        .target(
            name: "ServerKit",
            dependencies: [
                "V4Contract",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "V4Core",
            dependencies: [
                "V4Contract", "ServerKit",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                "BridgeKit",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "LegacyAPI",
            dependencies: [
                "V4Contract", "ServerKit", "BridgeKit",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                // The bridge store (Sources/LegacyAPI/BridgeStore/): SQLite, or MariaDB for several instances.
                .product(name: "GRDB", package: "GRDB.swift"),
                "MariaDB", "CaptchaImage", "ResponseDiff",
            ]
        ),
        // A measuring tool, not a product: the floor under the bridge's HTTP path (scripts/bench-floor.sh).
        .executableTarget(
            name: "proxy-floor",
            dependencies: [
                "BridgeKit",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Benchmarks/ProxyFloor"
        ),
        // Wires the embedded core into the bridge (the executable and the tests use it).
        .target(
            name: "BridgeAssembly",
            dependencies: [
                "V4Core", "LegacyAPI", "ServerKit", "BridgeKit",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The MariaDB/MySQL client (libmariadb behind the `MySQL` trait): the migrator's sources and
        // targets, and the bridge store that several instances share.
        .target(
            name: "MariaDB",
            dependencies: [
                "BridgeKit",
                .target(name: "CMariaDB", condition: .when(traits: ["MySQL"])),
            ]
        ),
        .target(
            name: "Migration",
            dependencies: [
                "V4Core", "BridgeKit", "MariaDB",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // The image captcha (`/api/v1/auth/captcha`): libgd draws and encodes it.
        .systemLibrary(name: "CGD", pkgConfig: "gdlib", providers: [.apt(["libgd-dev"])]),
        .target(name: "CaptchaImage", dependencies: [.target(name: "CGD", condition: .when(traits: ["Captcha"]))]),
        .systemLibrary(
            name: "CMariaDB", pkgConfig: "libmariadb", providers: [.apt(["libmariadb-dev"])]),
        .target(
            name: "ResponseDiff",
            dependencies: [
                "BridgeKit",
                .product(name: "Yams", package: "Yams"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "legacy-bridge",
            dependencies: [
                "V4Core", "LegacyAPI", "BridgeAssembly", "ServerKit", "Migration", "ResponseDiff", "BridgeKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "LegacyBridgeTests",
            dependencies: [
                "V4Contract", "V4Core", "ServerKit", "LegacyAPI", "BridgeAssembly", "BridgeKit", "ResponseDiff", "Migration",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
    ]
)
