// swift-tools-version:6.0
// swift-metalearn: few-shot image classification by meta-learning.
// Dependency direction: MetaTensor ← MetaNN ← MetaLearning ← Plugins ← Experiments ← metalearn;
// FewShotData stands beside the engine and depends on neither.
import PackageDescription

/// Learner plugins, one module per learner family under `Plugins/`.
/// Adding a plugin: a folder, one name here, one registration line in `Experiments/BuiltinLearners.swift`.
let learnerPlugins = ["MAML", "MetaSGD", "ANIL", "Reptile", "ProtoNet", "NearestCentroid"]

var targets: [Target] = [
    .systemLibrary(name: "CBLAS", pkgConfig: "openblas",
                   providers: [.apt(["libopenblas-dev"])]),
    .systemLibrary(name: "CPNG", pkgConfig: "libpng",
                   providers: [.apt(["libpng-dev", "zlib1g-dev"])]),
    .target(name: "CLibPNG", dependencies: ["CPNG"]),
    .target(name: "SeededRandom", exclude: ["README.md"]),
    .target(name: "MetaTensor", dependencies: ["CBLAS", "SeededRandom"], exclude: ["README.md"]),
    .target(name: "MetaNN", dependencies: ["MetaTensor"], exclude: ["README.md"]),
    .target(name: "PosixFiles", exclude: ["README.md"]),
    .target(name: "FewShotData", dependencies: ["CLibPNG", "SeededRandom", "PosixFiles"], exclude: ["README.md"]),
    .target(name: "MetaLearning", dependencies: ["MetaNN", "FewShotData"], exclude: ["README.md"]),
    .target(name: "Experiments",
            dependencies: ["MetaLearning", "FewShotData", "PosixFiles"] + learnerPlugins.map { .target(name: $0) },
            exclude: ["README.md"]),
    .executableTarget(name: "metalearn",
                      dependencies: ["Experiments",
                                     .product(name: "ArgumentParser", package: "swift-argument-parser")]),
    .testTarget(name: "SeededRandomTests", dependencies: ["SeededRandom"]),
    .testTarget(name: "MetaTensorTests", dependencies: ["MetaTensor"]),
    .testTarget(name: "MetaNNTests", dependencies: ["MetaNN"]),
    .testTarget(name: "PosixFilesTests", dependencies: ["PosixFiles"]),
    .testTarget(name: "FewShotDataTests", dependencies: ["FewShotData"]),
    .testTarget(name: "MetaLearningTests", dependencies: ["MetaLearning"]),
    .testTarget(name: "ExperimentsTests", dependencies: ["Experiments"]),
    .target(name: "LearnerTestSupport", dependencies: ["MetaLearning"], path: "Tests/LearnerTestSupport",
            exclude: ["README.md"]),
]

for plugin in learnerPlugins {
    targets.append(.target(name: plugin, dependencies: ["MetaLearning"],
                           path: "Plugins/\(plugin)"))
    targets.append(.testTarget(name: "\(plugin)Tests", dependencies: [.target(name: plugin), "LearnerTestSupport"],
                               path: "Tests/Plugins/\(plugin)Tests"))
}

let package = Package(
    name: "swift-metalearn",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "metalearn", targets: ["metalearn"]),
        .library(name: "MetaLearning", targets: ["MetaLearning"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: targets
)
