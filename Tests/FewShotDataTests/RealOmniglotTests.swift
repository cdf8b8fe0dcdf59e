import FewShotData
import Foundation
import Testing

/// The real Omniglot subset, when this machine has it: `METALEARN_OMNIGLOT`, else
/// `../shared/datasets/omniglot-subset` relative to the package root.
enum RealOmniglot {
    static let root: String? = {
        if let path = ProcessInfo.processInfo.environment["METALEARN_OMNIGLOT"], !path.isEmpty {
            return FileManager.default.fileExists(atPath: path) ? path : nil
        }
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let path = packageRoot.appendingPathComponent("../shared/datasets/omniglot-subset").standardized.path
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }()

    static var available: Bool { root != nil }
}

@Suite(.enabled(if: RealOmniglot.available, "the Omniglot subset is not on this machine"))
struct RealOmniglotTests {
    @Test func indexesAndLoadsTheSubset() throws {
        let index = try DatasetIndex(root: RealOmniglot.root!)
        #expect(index.layouts == [.omniglot])
        #expect(index.alphabets.contains("Japanese_(katakana)"))
        #expect(index.classes.count >= 100)
        let dataset = try ImageDataset.load(index: index, transform: .omniglot, options: .uncached)
        #expect(dataset.imageCount == index.imageCount)
        let image = dataset.allClasses[0].image(0)
        #expect(image.count == 28 * 28)
        // Inverted strokes: mostly background (0), some ink near 1.
        let ink = image.filter { $0 > 0.5 }.count
        #expect(ink > 10 && ink < 28 * 28 / 2)
        let sampler = try EpisodeSampler(classes: dataset.allClasses, ways: 5, shots: 1, queries: 15, seed: 1)
        #expect(sampler.episode(0).queryImages.count == 75 * 784)
    }

    /// Prints the speed figures; runs only with METALEARN_BENCH=1 (it takes a few seconds).
    @Test(.enabled(if: ProcessInfo.processInfo.environment["METALEARN_BENCH"] == "1"))
    func benchmarkFigures() throws {
        let scratch = TemporaryDirectory("bench")
        let result = try DataBenchmark.run(root: RealOmniglot.root!, cacheDirectory: scratch.path)
        print("BENCH images=\(result.images) decodeImagesPerSecond=\(Int(result.decodeImagesPerSecond)) "
              + "decodeSeconds=\(result.decodeSeconds) cacheLoadSeconds=\(result.cacheLoadSeconds) "
              + "speedup=\(result.cacheSpeedup) episodesPerSecond=\(Int(result.episodesPerSecond))")
    }
}
