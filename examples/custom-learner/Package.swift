// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "custom-learner",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "metalearn-nearest-neighbour", targets: ["MetaLearnWithNearestNeighbour"]),
        .library(name: "NearestNeighbour", targets: ["NearestNeighbour"]),
    ],
    dependencies: [
        .package(name: "swift-metalearn", path: "../.."),
    ],
    targets: [
        .target(name: "NearestNeighbour", dependencies: [.product(name: "MetaLearning", package: "swift-metalearn")]),
        .executableTarget(name: "MetaLearnWithNearestNeighbour", dependencies: [
            "NearestNeighbour",
            .product(name: "BuiltinLearners", package: "swift-metalearn"),
            .product(name: "MetaLearnCLI", package: "swift-metalearn"),
        ]),
        .testTarget(name: "NearestNeighbourTests", dependencies: [
            "NearestNeighbour",
            .product(name: "MetaLearning", package: "swift-metalearn"),
            .product(name: "Experiments", package: "swift-metalearn"),
            .product(name: "LearnerTestSupport", package: "swift-metalearn"),
        ]),
        .testTarget(name: "MetaLearnWithNearestNeighbourTests"),
    ]
)
