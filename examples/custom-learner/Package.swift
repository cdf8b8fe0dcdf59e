// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "custom-learner",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "metalearn-matching", targets: ["MetaLearnWithMatching"]),
        .library(name: "MatchingNetworks", targets: ["MatchingNetworks"]),
    ],
    dependencies: [
        .package(name: "swift-metalearn", path: "../.."),
    ],
    targets: [
        .target(name: "MatchingNetworks", dependencies: [.product(name: "MetaLearning", package: "swift-metalearn")]),
        .executableTarget(name: "MetaLearnWithMatching", dependencies: [
            "MatchingNetworks",
            .product(name: "BuiltinLearners", package: "swift-metalearn"),
            .product(name: "MetaLearnCLI", package: "swift-metalearn"),
        ]),
        .testTarget(name: "MatchingNetworksTests", dependencies: [
            "MatchingNetworks",
            .product(name: "MetaLearning", package: "swift-metalearn"),
            .product(name: "Experiments", package: "swift-metalearn"),
            .product(name: "LearnerTestSupport", package: "swift-metalearn"),
        ]),
        .testTarget(name: "MetaLearnWithMatchingTests"),
    ]
)
