import FewShotData
import Foundation
import SeededRandom
import Testing

/// Episodes whose ways and support counts vary: ranges and Meta-Dataset's rule.
@Suite struct VariableEpisodeTests {
    /// Classes of the given sizes, 1x2x2 images whose every pixel is class * 1000 + image.
    static func classes(_ sizes: [Int]) -> [ImageClass] {
        sizes.enumerated().map { c, size in
            ImageClass(
                name: "class\(c)",
                images: (0..<size).flatMap { i in [Float](repeating: Float(c * 1000 + i), count: 4) },
                channels: 1, size: 2, sourceClass: c)
        }
    }

    /// 70 classes from 2 to 600 images: small classes cap queries and support, large ones the budget.
    static let uneven: [Int] = (0..<70).map { c in [2, 3, 7, 20, 41, 150, 600][c % 7] + c }

    @Test func metaDatasetDrawsKeepTheRulesInvariants() throws {
        let sizes = Self.uneven
        let sampler = try EpisodeSampler(
            classes: Self.classes(sizes), rule: .metaDataset(.standard), seed: 3, stream: .test)
        var ways = Set<Int>()
        var largestSupport = 0
        for index in 0..<3000 {
            let draw = sampler.draw(index)
            let n = draw.classIndices.map { sizes[$0] }
            let k = draw.supportCounts
            let q = draw.queries
            ways.insert(n.count)
            #expect((5...50).contains(n.count) && Set(draw.classIndices).count == n.count)
            #expect(q == min(10, n.min()! / 2), "queries are min(10, ⌊smallest / 2⌋)")
            #expect(k.allSatisfy { $0 >= 1 && $0 <= 100 })
            #expect(zip(k, n).allSatisfy { $0 <= $1 - q }, "a class gives no more support images than it has left")
            // The budget: at most 500, and at most what the classes can contribute.
            let total = k.reduce(0, +)
            #expect(total <= min(500, n.reduce(0) { $0 + min(100, $1 - q) }))
            largestSupport = max(largestSupport, total)
            // Shares: class c gets ⌊R_c · spare⌋ + 1 at most, class d (below its cap) more than R_d · spare, with
            // R_c / R_d ≤ 4 n_c / n_d for log-weights in [log 0.5, log 2).
            for d in k.indices where k[d] < min(100, n[d] - q) {
                for c in k.indices {
                    #expect((k[c] - 1) * n[d] < 4 * n[c] * k[d], "episode \(index): classes \(c), \(d)")
                }
            }
            #expect(draw.imageIndices.indices.allSatisfy { draw.imageIndices[$0].count == k[$0] + q })
            #expect(draw.imageIndices.indices.allSatisfy { Set(draw.imageIndices[$0]).count == k[$0] + q })
        }
        #expect(ways == Set(5...50), "every number of ways from 5 to 50 is drawn")
        #expect(largestSupport > 400, "large episodes come near the 500-image budget")
    }

    @Test func metaDatasetWaysAreBoundedByTheClassesAvailable() throws {
        let sampler = try EpisodeSampler(
            classes: Self.classes(Array(repeating: 30, count: 12)), rule: .metaDataset(.standard), seed: 1)
        let ways = Set((0..<500).map { sampler.draw($0).classIndices.count })
        #expect(ways == Set(5...12))
        // Equal classes of 30: 10 queries each, and 20 images left for support.
        #expect((0..<100).allSatisfy { sampler.draw($0).queries == 10 })
    }

    /// The documented order of draws, written out: ways, classes, β, the log-weights, then the images.
    @Test func metaDatasetDrawsFollowTheDocumentedOrder() throws {
        let sizes = Self.uneven
        let sampler = try EpisodeSampler(
            classes: Self.classes(sizes), rule: .metaDataset(.standard), seed: 9, stream: .validation)
        for index in [0, 1, 77] {
            var generator = SeededGenerator(seed: 9, stream: [EpisodeStream.validation.id, UInt64(index)])
            let ways = 5 + generator.nextInt(below: 46)
            let chosen = generator.sample(ways, from: sizes.count)
            let n = chosen.map { sizes[$0] }
            let q = min(10, n.min()! / 2)
            let beta = 1 - generator.nextUnitDouble()
            let budget = min(500, n.reduce(0) { $0 + Int((beta * Double(min(100, $1 - q))).rounded(.up)) })
            let weights = n.map { Double($0) * exp(generator.nextDouble(in: log(0.5)..<log(2.0))) }
            let support = zip(weights, n).map { w, size in
                min(Int((w / weights.reduce(0, +) * Double(budget - ways)).rounded(.down)) + 1, 100, size - q)
            }
            let images = zip(chosen, support).map { generator.sample($1 + q, from: sizes[$0]) }
            let draw = sampler.draw(index)
            #expect(draw.classIndices == chosen && draw.queries == q && draw.supportCounts == support)
            #expect(draw.imageIndices == images)
        }
    }

    @Test func rangesReachBothEndsAndDrawShotsPerClass() throws {
        let sampler = try EpisodeSampler(
            classes: Self.classes(Array(repeating: 12, count: 10)),
            rule: .uniform(ways: 3...6, shots: 1...4, queries: 2), seed: 5)
        var ways = Set<Int>()
        var shots = Set<Int>()
        var unequal = 0
        for index in 0..<400 {
            let episode = sampler.episode(index)
            ways.insert(episode.ways)
            shots.formUnion(episode.supportCounts)
            if Set(episode.supportCounts).count > 1 { unequal += 1 }
            #expect(
                episode.queries == 2
                    && episode.queryLabels == (0..<episode.ways).flatMap { [Int](repeating: $0, count: 2) })
            #expect(
                episode.supportLabels == episode.supportCounts.enumerated().flatMap { [Int](repeating: $0, count: $1) })
            // Every image belongs to its label's class, and none is drawn twice.
            let pixels =
                stride(from: 0, to: episode.supportImages.count, by: 4).map { episode.supportImages[$0] }
                + stride(from: 0, to: episode.queryImages.count, by: 4).map { episode.queryImages[$0] }
            #expect(
                zip(pixels, episode.supportLabels + episode.queryLabels).allSatisfy {
                    Int($0) / 1000 == episode.classIndices[$1]
                })
            #expect(Set(pixels).count == pixels.count)
        }
        #expect(ways == Set(3...6) && shots == Set(1...4))
        #expect(unequal > 300, "each class draws its own count")
    }

    /// Drawn alone, in a serial or parallel batch, on another thread, or by the prefetcher: the same episodes.
    @Test(arguments: [EpisodeRule.metaDataset(.standard), .uniform(ways: 5...9, shots: 1...7, queries: 3)])
    func variableEpisodesArePureFunctionsOfTheIndex(rule: EpisodeRule) async throws {
        let sampler = try EpisodeSampler(classes: Self.classes(Self.uneven.map { max($0, 10) }), rule: rule, seed: 21)
        let parallel = sampler.batch(start: 7, count: 12)
        let serial = sampler.batch(start: 7, count: 12, parallel: false)
        #expect(parallel.supportImages == serial.supportImages && parallel.queryImages == serial.queryImages)
        #expect(parallel.supportCounts == serial.supportCounts && parallel.queries == serial.queries)
        for k in 0..<12 { #expect(parallel.episode(k) == sampler.episode(7 + k)) }
        #expect(Set(parallel.episodes.map(\.ways)).count > 1)
        let detached = await Task.detached { sampler.episode(11) }.value
        #expect(detached == sampler.episode(11))
        let prefetcher = EpisodePrefetcher(sampler: sampler, batchSize: 4, start: 7)
        for k in 0..<3 { #expect(prefetcher.next().episodes == (0..<4).map { sampler.episode(7 + 4 * k + $0) }) }
        prefetcher.stop()
    }

    @Test func augmentedVariableEpisodesAugmentEverySlot() throws {
        var generator = SeededGenerator(seed: 4)
        let classes = (0..<8).map { c in
            ImageClass(
                name: "class\(c)", images: (0..<(9 * 3 * 6 * 6)).map { _ in generator.nextUnitFloat() }, channels: 3,
                size: 6)
        }
        let augmentation = ImageAugmentation(
            horizontalFlipProbability: 0.5, colorJitter: ColorJitter(brightness: 0.4, contrast: 0, saturation: 0))
        let rule = EpisodeRule.uniform(ways: 2...4, shots: 1...3, queries: 2)
        let plain = try EpisodeSampler(classes: classes, rule: rule, seed: 2)
        let augmented = try EpisodeSampler(classes: classes, rule: rule, seed: 2, augmentation: augmentation)
        let f = 3 * 6 * 6
        for index in 0..<5 {
            let before = plain.episode(index)
            let after = augmented.episode(index)
            let supportCount = before.supportLabels.count
            for slot in 0..<(supportCount + before.queryLabels.count) {
                let (images, offset) =
                    slot < supportCount ? (\Episode.supportImages, slot) : (\Episode.queryImages, slot - supportCount)
                let original = Array(before[keyPath: images][(offset * f)..<((offset + 1) * f)])
                #expect(
                    Array(after[keyPath: images][(offset * f)..<((offset + 1) * f)])
                        == augmentation.augmented(original, channels: 3, size: 6, seed: 2, episode: index, slot: slot))
            }
        }
    }

    @Test func rulesTooLargeForTheClassesAreRefused() {
        #expect(throws: DatasetError.tooFewClasses(split: "test", has: 6, needs: 7)) {
            try EpisodeSampler(
                classes: Self.classes(Array(repeating: 9, count: 6)),
                rule: .uniform(ways: 2...7, shots: 1...1, queries: 1),
                seed: 0, split: "test")
        }
        #expect(throws: DatasetError.tooFewImages(className: "class0", has: 9, needs: 10)) {
            try EpisodeSampler(
                classes: Self.classes(Array(repeating: 9, count: 6)),
                rule: .uniform(ways: 2...3, shots: 1...5, queries: 5), seed: 0)
        }
        #expect(throws: DatasetError.tooFewClasses(split: "train", has: 4, needs: 5)) {
            try EpisodeSampler(
                classes: Self.classes(Array(repeating: 9, count: 4)), rule: .metaDataset(.standard), seed: 0)
        }
        #expect(throws: DatasetError.tooFewImages(className: "class2", has: 1, needs: 2)) {
            try EpisodeSampler(classes: Self.classes([5, 5, 1, 5, 5, 5]), rule: .metaDataset(.standard), seed: 0)
        }
    }

    @Test func theLargestEpisodeBoundsEveryDraw() throws {
        let rule = EpisodeRule.metaDataset(.standard)
        #expect(rule.largest(classCount: 12) == EpisodeBounds(ways: 12, supportImages: 500, queriesPerClass: 10))
        #expect(rule.largest(classCount: 1000).images == 500 + 50 * 10)
        #expect(
            EpisodeRule.uniform(ways: 3...6, shots: 2...4, queries: 5).largest(classCount: 9).images == 6 * 4 + 6 * 5)
        let sampler = try EpisodeSampler(classes: Self.classes(Self.uneven), rule: rule, seed: 8)
        let bound = rule.largest(classCount: Self.uneven.count)
        for index in 0..<300 {
            let draw = sampler.draw(index)
            #expect(draw.supportCounts.reduce(0, +) + draw.classIndices.count * draw.queries <= bound.images)
        }
    }

    @Test func rulesDescribeThemselves() {
        #expect(EpisodeRule.fixed(ways: 5, shots: 1, queries: 15).description == "5-way 1-shot 15-query")
        #expect(
            EpisodeRule.uniform(ways: 5...20, shots: 1...5, queries: 15).description == "5-20-way 1-5-shot 15-query")
        #expect(EpisodeRule.metaDataset(.standard).description == "meta-dataset")
        #expect(
            EpisodeRule.metaDataset(MetaDatasetSampling(ways: 5...20, maxQueries: 10)).description
                == "meta-dataset 5-20-way")
        #expect(
            EpisodeRule.fixed(ways: 5, shots: 1, queries: 15).isFixed && !EpisodeRule.metaDataset(.standard).isFixed)
    }
}
