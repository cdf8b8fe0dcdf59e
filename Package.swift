// swift-tools-version:6.0
// swift-metalearn: few-shot image classification by meta-learning.
// Dependency direction: MetaTensor ← MetaNN ← MetaLearning ← Plugins ← BuiltinLearners ← metalearn,
// and MetaLearning ← Specs ← Experiments ← Benchmarks ← MetaLearnCLI ← metalearn (MetaLearning ← MPIRanks
// ← MetaLearnCLI: Open MPI as a ProcessGroup, joined only under mpirun): the framework
// knows the `Learner` protocol, not the plugins; an executable composes the registry.
// FewShotData stands beside the engine and depends on neither; Specs binds its types, and
// Experiments turns its episodes into tasks, so learners never link the image codecs.
import Foundation
import PackageDescription

/// The learners that ship with swift-metalearn, one module per folder under `Plugins/`, in the
/// order `metalearn learners` and tables list them. Adding one is its folder and a name here:
/// the `BuiltinLearners` registry is generated from this list (each module `X` registers `X.learners`),
/// and `Tests/Plugins/<Name>Tests/`, when the folder exists, becomes its test target.
let learnerPlugins = [
    "MAML", "MetaSGD", "ANIL", "Reptile", "ProtoNet", "MatchingNetworks", "RelationNetworks", "R2D2", "NearestCentroid",
    "FrozenHeads",
]

let packageDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()

var targets: [Target] = [
    .systemLibrary(name: "CBLAS", pkgConfig: "openblas",
                   providers: [.apt(["libopenblas-dev"])]),
    .systemLibrary(name: "CPNG", pkgConfig: "libpng",
                   providers: [.apt(["libpng-dev", "zlib1g-dev"])]),
    .target(name: "CLibPNG", dependencies: ["CPNG"]),
    .systemLibrary(name: "CJPEG", pkgConfig: "libjpeg",
                   providers: [.apt(["libjpeg62-turbo-dev"])]),
    .target(name: "CLibJPEG", dependencies: ["CJPEG"]),
    .systemLibrary(name: "CMPI", pkgConfig: "ompi-c",
                   providers: [.apt(["libopenmpi-dev", "openmpi-bin"])]),
    .target(name: "CMPIShim", dependencies: ["CMPI"]),
    .target(name: "CNumerics"),
    .target(name: "CResample"),
    .target(name: "SeededRandom", exclude: ["README.md"]),
    .target(name: "MetaTensor", dependencies: ["CBLAS", "CNumerics", "SeededRandom"], exclude: ["README.md"]),
    .target(name: "MetaNN", dependencies: ["MetaTensor"], exclude: ["README.md"]),
    .target(name: "PosixFiles", exclude: ["README.md"]),
    .target(name: "FewShotData", dependencies: ["CLibPNG", "CLibJPEG", "CResample", "SeededRandom", "PosixFiles"], exclude: ["README.md"]),
    .target(name: "MetaLearning", dependencies: ["MetaNN"], exclude: ["README.md"]),
    .target(name: "Specs", dependencies: ["MetaLearning", "FewShotData", "PosixFiles"], exclude: ["README.md"]),
    .target(name: "Experiments", dependencies: ["Specs", "MetaLearning", "FewShotData", "PosixFiles"], exclude: ["README.md"]),
    .target(name: "Benchmarks", dependencies: ["Experiments"], exclude: ["README.md"]),
    .target(name: "MPIRanks", dependencies: ["CMPIShim", "MetaLearning"], exclude: ["README.md"]),
    .target(name: "MetaLearnCLI",
            dependencies: ["Experiments", "Benchmarks", "MPIRanks",
                           .product(name: "ArgumentParser", package: "swift-argument-parser")],
            exclude: ["README.md"]),
    .executableTarget(name: "LearnerListGenerator"),
    .plugin(name: "LearnerListPlugin", capability: .buildTool(), dependencies: ["LearnerListGenerator"],
            path: "Sources/LearnerListPlugin"),
    .target(name: "BuiltinLearners", dependencies: learnerPlugins.map { .target(name: $0) },
            exclude: ["README.md"], plugins: ["LearnerListPlugin"]),
    .executableTarget(name: "metalearn", dependencies: ["MetaLearnCLI", "BuiltinLearners"]),
    .testTarget(name: "SeededRandomTests", dependencies: ["SeededRandom"]),
    .testTarget(name: "MetaTensorTests", dependencies: ["MetaTensor", "CNumerics"]),
    .testTarget(name: "MetaNNTests", dependencies: ["MetaNN"]),
    .testTarget(name: "PosixFilesTests", dependencies: ["PosixFiles", "TestSupport"]),
    .testTarget(name: "FewShotDataTests", dependencies: ["FewShotData", "CLibJPEG", "CResample", "SeededRandom", "TestSupport"]),
    .testTarget(name: "MetaLearningTests", dependencies: ["MetaLearning"]),
    .testTarget(name: "SpecsTests", dependencies: ["Specs", "SpecTestSupport", "TestSupport"]),
    .testTarget(name: "ExperimentsTests", dependencies: ["Experiments", "BuiltinLearners", "SpecTestSupport", "TestSupport"]),
    .testTarget(name: "BuiltinLearnersTests", dependencies: ["BuiltinLearners", "Specs", "LearnerTestSupport"]),
    .testTarget(name: "MetaLearnCLITests", dependencies: ["MetaLearnCLI", "BuiltinLearners", "TestSupport"]),
    .target(name: "LearnerTestSupport", dependencies: ["MetaLearning"], path: "Tests/LearnerTestSupport",
            exclude: ["README.md"]),
    .target(name: "TestSupport", path: "Tests/TestSupport", exclude: ["README.md"]),
    .target(name: "SpecTestSupport", dependencies: ["Specs"], path: "Tests/SpecTestSupport"),
]

for plugin in learnerPlugins {
    targets.append(.target(name: plugin, dependencies: ["MetaLearning"], path: "Plugins/\(plugin)"))
    let tests = "Tests/Plugins/\(plugin)Tests"
    if FileManager.default.fileExists(atPath: packageDirectory.appendingPathComponent(tests).path) {
        targets.append(.testTarget(name: "\(plugin)Tests", dependencies: [.target(name: plugin), "LearnerTestSupport"],
                                   path: tests))
    }
}

let package = Package(
    name: "swift-metalearn",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "metalearn", targets: ["metalearn"]),
        .library(name: "MetaLearning", targets: ["MetaLearning"]),
        .library(name: "BuiltinLearners", targets: ["BuiltinLearners"]),
        .library(name: "FewShotData", targets: ["FewShotData"]),
        .library(name: "Experiments", targets: ["Experiments"]),
        .library(name: "MetaLearnCLI", targets: ["MetaLearnCLI"]),
        .library(name: "LearnerTestSupport", targets: ["LearnerTestSupport"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: targets
)
