// swift-tools-version:6.0
import PackageDescription

/// Drover: a stack and catalog service manager in the style of Rancher 1.x.
/// No third-party packages: Foundation, Dispatch, XCTest and system C libraries only.
let package = Package(
    name: "Drover",
    products: [
        .executable(name: "drover", targets: ["drover"]),
    ],
    targets: [
        .systemLibrary(name: "CYAML", path: "Sources/CYAML", providers: [.apt(["libyaml-dev"])]),
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CCrypt", path: "Sources/CCrypt", providers: [.apt(["libcrypt-dev"])]),
        .systemLibrary(name: "CMalloc", path: "Sources/CMalloc"),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "DroverBasics"),
        .target(name: "DroverModel"),
        .target(name: "DroverCompose", dependencies: ["CYAML", "DroverModel"]),
        .target(name: "DroverCatalog", dependencies: ["DroverCompose", "DroverModel"]),
        .target(name: "DroverHTTP", dependencies: ["CZlib", "DroverBasics"]),
        .target(name: "DroverStore", dependencies: ["CSQLite", "DroverBasics", "DroverModel"]),
        .target(name: "DroverLoadBalancer", dependencies: ["DroverModel"]),
        .target(name: "DroverOrchestrator", dependencies: ["DroverBasics", "DroverModel", "DroverStore"]),
        .target(name: "DroverAgent", dependencies: ["DroverBasics", "DroverDocker", "DroverHTTP", "DroverModel"]),
        .target(name: "DroverDocker", dependencies: ["DroverBasics", "DroverHTTP", "DroverModel"]),
        .target(name: "DroverServer", dependencies: ["CCrypt", "CMalloc", "DroverBasics", "DroverCatalog", "DroverCompose", "DroverDocker", "DroverHTTP", "DroverModel",
                                                     "DroverOrchestrator", "DroverStore"]),
        .target(name: "DroverCLI", dependencies: ["DroverAgent", "DroverCatalog", "DroverCompose", "DroverDocker", "DroverHTTP", "DroverModel",
                                                  "DroverOrchestrator", "DroverServer"]),
        .executableTarget(name: "drover", dependencies: ["DroverCLI"]),
        .executableTarget(name: "drover-bench", dependencies: ["DroverAgent", "DroverBasics", "DroverCompose", "DroverDocker", "DroverLoadBalancer", "DroverModel",
                                                              "DroverOrchestrator"], path: "bench/swift"),
        .target(name: "TestSupport", dependencies: ["DroverBasics", "DroverCompose", "DroverModel", "DroverOrchestrator", "DroverStore"],
                path: "Tests/TestSupport"),
        .testTarget(name: "DroverComposeTests", dependencies: ["DroverCompose", "DroverModel", "TestSupport"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "DroverCatalogTests", dependencies: ["DroverCatalog", "DroverCompose", "DroverModel", "TestSupport"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "DroverHTTPTests", dependencies: ["DroverHTTP"]),
        .testTarget(name: "DroverLoadBalancerTests", dependencies: ["DroverCompose", "DroverLoadBalancer", "DroverModel", "TestSupport"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "DroverStoreTests", dependencies: ["DroverStore"]),
        .testTarget(name: "DroverAgentTests", dependencies: ["DroverAgent", "DroverHTTP"]),
        .testTarget(name: "DroverOrchestratorTests", dependencies: ["DroverOrchestrator", "DroverModel", "DroverStore", "TestSupport"]),
        .testTarget(name: "DroverDockerTests", dependencies: ["DroverDocker", "DroverCompose", "DroverModel"], exclude: ["Snapshots"]),
        .testTarget(name: "IntegrationTests", dependencies: ["DroverBasics", "TestSupport", "DroverStore", "DroverAgent", "DroverOrchestrator", "DroverDocker", "DroverHTTP", "DroverCompose", "DroverModel"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "DroverCLITests", dependencies: ["drover", "DroverBasics", "DroverCLI", "DroverServer", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "EndToEndTests", dependencies: ["drover", "TestSupport"]),
        .testTarget(name: "DroverServerTests", dependencies: ["DroverServer", "DroverOrchestrator", "DroverStore", "DroverHTTP", "DroverModel"]),
    ]
)
