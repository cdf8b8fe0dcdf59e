import FewShotData
import Foundation
import Testing

/// Crop versus squash, 8-bit storage and per-channel normalization, against hand-computed values.
@Suite struct ImageTransformTests {
    /// A 4x2 gray image with columns 0, 100, 200, 50, one RGB image of 3 colour stripes, and a
    /// random-looking 30x20 RGB photo-like image, in one flat tree.
    static func tree() throws -> TemporaryDirectory {
        let tree = TemporaryDirectory("transform")
        tree.write("columns/1.png", try PNGFormat.encode(RasterImage(width: 4, height: 2, format: .gray,
                                                                      pixels: [0, 100, 200, 50, 0, 100, 200, 50])))
        let noisy = (0..<(30 * 20 * 3)).map { UInt8(($0 * 7919) % 251) }
        tree.write("noisy/1.png", try PNGFormat.encode(RasterImage(width: 30, height: 20, format: .rgb, pixels: noisy)))
        return tree
    }

    @Test func cropKeepsTheCentreSquareSquashKeepsTheWhole() throws {
        let tree = try Self.tree()
        let crop = try ImageDataset.load(roots: [tree.path], transform: ImageTransform(imageSize: 2, resize: .crop),
                                         options: .uncached).allClasses[0].image(0)
        // The centre 2x2 of the 4x2 image: columns 1 and 2, at scale 1 (area filter: exact copies).
        #expect(crop == [100, 200, 100, 200].map { Float($0) * (1 / 255 as Float) })
        let squash = try ImageDataset.load(roots: [tree.path], transform: ImageTransform(imageSize: 2), options: .uncached)
            .allClasses[0].image(0)
        // Each output column averages two source columns: (0 + 100) / 2 and (200 + 50) / 2.
        for (value, expected) in zip(squash, [50, 125, 50, 125] as [Float]) { #expect(abs(value * 255 - expected) < 1e-3) }
    }

    @Test func uint8StorageRoundsToMultiplesOf1Over255AndHoldsAQuarter() throws {
        let tree = try Self.tree()
        let exact = ImageTransform(imageSize: 7, format: .rgb, invert: true, filter: .lanczos3)
        var compact = exact
        compact.storage = .uint8
        let floats = try ImageDataset.load(roots: [tree.path], transform: exact, options: .uncached)
        let bytes = try ImageDataset.load(roots: [tree.path], transform: compact, options: .uncached)
        #expect(floats.bytesHeld == 2 * 3 * 49 * 4 && bytes.bytesHeld == 2 * 3 * 49)
        #expect(compact.bytesPerImage == 3 * 49)
        for (f, b) in zip(floats.allClasses, bytes.allClasses) {
            for (x, y) in zip(f.image(0), b.image(0)) {
                #expect(abs(x - y) <= 1 / 510 + 1e-6)
                #expect(y == Float((y * 255).rounded()) / 255)
            }
        }
        // A single file read alone is what the data set holds.
        #expect(try compact.image(atPath: tree.path + "/noisy/1.png") == bytes.allClasses[1].image(0))
    }

    @Test func uint8CacheRoundTripsAndIsNotTheFloatCache() throws {
        let tree = try Self.tree()
        let cacheFolder = TemporaryDirectory("cache")
        let options = LoadOptions(cache: ImageCache(directory: cacheFolder.path))
        let compact = ImageTransform(imageSize: 5, format: .rgb, storage: .uint8)
        let first = try ImageDataset.load(roots: [tree.path], transform: compact, options: options)
        let second = try ImageDataset.load(roots: [tree.path], transform: compact, options: options)
        guard case .rebuilt = first.cacheStatus, case .hit = second.cacheStatus else {
            Issue.record("expected a rebuild then a hit, got \(first.cacheStatus), \(second.cacheStatus)")
            return
        }
        #expect(first.allClasses.map { $0.image(0) } == second.allClasses.map { $0.image(0) })
        var exact = compact
        exact.storage = .float32
        guard case .rebuilt = try ImageDataset.load(roots: [tree.path], transform: exact, options: options).cacheStatus else {
            Issue.record("a float32 load must not read the uint8 cache file")
            return
        }
    }

    @Test func normalizationIsAppliedToEpisodesNotStored() throws {
        let tree = try Self.tree()
        let plain = ImageTransform(imageSize: 6, format: .rgb, storage: .uint8)
        var normalized = plain
        normalized.normalization = ChannelNormalization(mean: [0.5, 0.25, 0], std: [0.5, 2, 0.1])
        let raw = try ImageDataset.load(roots: [tree.path], transform: plain, options: .uncached).allClasses
        let classes = try ImageDataset.load(roots: [tree.path], transform: normalized, options: .uncached).allClasses
        let expected = raw.map { c in
            c.image(0).enumerated().map { k, v in (v - [0.5, 0.25, 0][k / 36]) / [0.5, 2, 0.1][k / 36] } as [Float]
        }
        #expect(classes.map { $0.image(0) } == expected)
        let sampler = try EpisodeSampler(classes: classes, ways: 2, shots: 1, queries: 0, seed: 3)
        let episode = sampler.episode(0)
        for (label, classIndex) in episode.classIndices.enumerated() {
            #expect(Array(episode.supportImages[(label * 108)..<((label + 1) * 108)]) == expected[classIndex])
        }
        #expect(try normalized.image(atPath: tree.path + "/noisy/1.png") == expected[1])
    }

    @Test func normalizationMustFitTheChannels() throws {
        let tree = try Self.tree()
        for (mean, std) in [([0.5], [0.5]), ([0.5, 0.5, 0.5], [0.5, 0, 0.5]), ([0.5, 0.5], [1, 1])] as [([Double], [Double])] {
            let transform = ImageTransform(imageSize: 4, format: .rgb, normalization: ChannelNormalization(mean: mean, std: std))
            #expect(throws: DatasetError.self) { try ImageDataset.load(roots: [tree.path], transform: transform, options: .uncached) }
        }
    }
}
