import FewShotData
import SeededRandom
import Testing

@Suite struct EpisodeSamplerTests {
    /// `classCount` classes of `imagesPerClass` 1x2x2 images whose every pixel is class * 1000 + image.
    static func classes(_ classCount: Int, _ imagesPerClass: Int) -> [ImageClass] {
        (0..<classCount).map { c in
            ImageClass(name: "class\(c)", images: (0..<imagesPerClass).flatMap { i in [Float](repeating: Float(c * 1000 + i), count: 4) },
                       channels: 1, size: 2, sourceClass: c)
        }
    }

    @Test func episodesDrawWithoutReplacementAndLabelInRandomOrder() throws {
        let sampler = try EpisodeSampler(classes: Self.classes(12, 20), ways: 5, shots: 2, queries: 3, seed: 42)
        var firstClassPerLabel0 = Set<Int>()
        for i in 0..<200 {
            let e = sampler.episode(i)
            #expect(e.supportImages.count == 5 * 2 * 4 && e.queryImages.count == 5 * 3 * 4)
            #expect(e.supportLabels == (0..<5).flatMap { [Int](repeating: $0, count: 2) })
            #expect(e.queryLabels == (0..<5).flatMap { [Int](repeating: $0, count: 3) })
            #expect(Set(e.classIndices).count == 5)
            var seen = Set<Int>()
            for (j, label) in (e.supportLabels + e.queryLabels).enumerated() {
                let pixels = j < 10 ? e.supportImages[(j * 4)..<(j * 4 + 4)] : e.queryImages[((j - 10) * 4)..<((j - 10) * 4 + 4)]
                let value = Int(pixels.first!)
                #expect(pixels.allSatisfy { Int($0) == value })
                #expect(value / 1000 == e.classIndices[label], "image of the wrong class")
                #expect(seen.insert(value).inserted, "image drawn twice in one episode")
            }
            firstClassPerLabel0.insert(e.classIndices[0])
        }
        #expect(firstClassPerLabel0.count > 8)  // label 0 goes to many different classes
    }

    @Test func episodeIsAPureFunctionOfSeedAndIndex() async throws {
        let sampler = try EpisodeSampler(classes: Self.classes(30, 20), ways: 5, shots: 1, queries: 15, seed: 9)
        let batch = sampler.batch(start: 10, count: 16)
        let serial = sampler.batch(start: 10, count: 16, parallel: false)
        #expect(batch.supportImages == serial.supportImages && batch.queryLabels == serial.queryLabels)
        for k in 0..<16 { #expect(batch.episode(k) == sampler.episode(10 + k)) }
        let fromTask = await Task.detached { sampler.episode(17) }.value
        #expect(fromTask == sampler.episode(17))
        let again = try EpisodeSampler(classes: Self.classes(30, 20), ways: 5, shots: 1, queries: 15, seed: 9)
        #expect(again.episode(3) == sampler.episode(3))
        let otherSeed = try EpisodeSampler(classes: Self.classes(30, 20), ways: 5, shots: 1, queries: 15, seed: 10)
        #expect(otherSeed.episode(3) != sampler.episode(3))
        let test = try EpisodeSampler(classes: Self.classes(30, 20), ways: 5, shots: 1, queries: 15, seed: 9, stream: .test)
        #expect(test.episode(3) != sampler.episode(3))
    }

    @Test func drawNamesTheImagesOfTheEpisode() throws {
        let sampler = try EpisodeSampler(classes: Self.classes(12, 20), ways: 5, shots: 2, queries: 3, seed: 42, stream: .test)
        for i in [0, 7, 99] {
            let draw = sampler.draw(i), episode = sampler.episode(i)
            #expect(draw.classIndices == episode.classIndices)
            // Pixel values are class * 1000 + image: the drawn indices name exactly the episode's images.
            let support = draw.classIndices.indices.flatMap { label in
                draw.imageIndices[label].prefix(2).map { Float(draw.classIndices[label] * 1000 + $0) }
            }
            let query = draw.classIndices.indices.flatMap { label in
                draw.imageIndices[label].suffix(3).map { Float(draw.classIndices[label] * 1000 + $0) }
            }
            #expect(stride(from: 0, to: episode.supportImages.count, by: 4).map { episode.supportImages[$0] } == support)
            #expect(stride(from: 0, to: episode.queryImages.count, by: 4).map { episode.queryImages[$0] } == query)
        }
    }

    /// The documented order of draws, written out: the stream (seed, [stream id, index]) draws `ways`
    /// classes, then `shots + queries` images of each class in label order. Runs depend on it digit for digit.
    @Test func ungroupedDrawsFollowTheDocumentedOrder() throws {
        let sampler = try EpisodeSampler(classes: Self.classes(30, 20), ways: 5, shots: 2, queries: 4, seed: 7, stream: .test)
        for i in [0, 1, 250] {
            var generator = SeededGenerator(seed: 7, stream: [EpisodeStream.test.id, UInt64(i)])
            let classes = generator.sample(5, from: 30)
            let images = classes.map { _ in generator.sample(6, from: 20) }
            #expect(sampler.draw(i).classIndices == classes)
            #expect(sampler.draw(i).imageIndices == images)
        }
    }

    @Test func groupedEpisodesTakeEveryClassFromOneGroup() throws {
        let groups = [EpisodeSampler.Group(name: "A", classes: [0, 1, 2]), EpisodeSampler.Group(name: "B", classes: [3, 4, 5, 6]),
                      EpisodeSampler.Group(name: "C", classes: [7, 8, 9])]
        let sampler = try EpisodeSampler(classes: Self.classes(10, 4), ways: 3, shots: 1, queries: 1, seed: 3, groups: groups)
        var used = Set<String>()
        for i in 0..<300 {
            let chosen = Set(sampler.episode(i).classIndices)
            let owner = try #require(groups.first { chosen.isSubset(of: $0.classes) }, "episode \(i) mixes groups: \(chosen)")
            used.insert(owner.name)
        }
        #expect(used == ["A", "B", "C"])
        #expect(throws: DatasetError.tooFewClassesInGroup(group: "A", split: "test", has: 3, needs: 4)) {
            try EpisodeSampler(classes: Self.classes(10, 4), ways: 4, shots: 1, queries: 1, seed: 3, split: "test", groups: groups)
        }
        #expect(DatasetError.tooFewClassesInGroup(group: "Greek", split: "test", has: 3, needs: 5).description
                == "alphabet Greek of split test has 3 classes but an episode within one alphabet needs 5 (ways)")
    }

    @Test func prefetcherYieldsConsecutiveBatchesInOrder() throws {
        let sampler = try EpisodeSampler(classes: Self.classes(10, 5), ways: 3, shots: 1, queries: 2, seed: 1)
        let prefetcher = EpisodePrefetcher(sampler: sampler, batchSize: 4, start: 8)
        for k in 0..<5 {
            let batch = prefetcher.next()
            #expect(batch.startIndex == 8 + 4 * k && batch.count == 4)
            #expect(batch.supportImages == sampler.batch(start: 8 + 4 * k, count: 4).supportImages)
        }
        prefetcher.stop()
    }

    @Test func augmentedEpisodesAugmentEachSlotAsAPureFunctionOfSeedEpisodeAndSlot() throws {
        var generator = SeededGenerator(seed: 4)
        let classes = (0..<8).map { c in
            ImageClass(name: "class\(c)", images: (0..<(6 * 3 * 8 * 8)).map { _ in generator.nextUnitFloat() }, channels: 3, size: 8)
        }
        let augmentation = ImageAugmentation(crop: RandomResizedCrop(scale: 0.3...1, ratio: 0.75...(4.0 / 3)),
                                             horizontalFlipProbability: 0.5,
                                             colorJitter: ColorJitter(brightness: 0.4, contrast: 0.4, saturation: 0.4))
        let plain = try EpisodeSampler(classes: classes, ways: 3, shots: 2, queries: 2, seed: 11)
        let augmented = try EpisodeSampler(classes: classes, ways: 3, shots: 2, queries: 2, seed: 11, augmentation: augmentation)
        let parallel = augmented.batch(start: 5, count: 6), serial = augmented.batch(start: 5, count: 6, parallel: false)
        #expect(parallel.supportImages == serial.supportImages && parallel.queryImages == serial.queryImages)
        let f = 3 * 8 * 8
        for k in 0..<6 {
            let index = 5 + k, episode = augmented.episode(index), original = plain.episode(index)
            #expect(parallel.episode(k) == episode)
            #expect(episode.classIndices == original.classIndices && episode.supportLabels == original.supportLabels)
            // Slots: the 6 support images, then the 6 queries.
            let images = (0..<6).map { (Array(original.supportImages[($0 * f)..<(($0 + 1) * f)]), Array(episode.supportImages[($0 * f)..<(($0 + 1) * f)])) }
                + (0..<6).map { (Array(original.queryImages[($0 * f)..<(($0 + 1) * f)]), Array(episode.queryImages[($0 * f)..<(($0 + 1) * f)])) }
            for (slot, (before, after)) in images.enumerated() {
                #expect(after == augmentation.augmented(before, channels: 3, size: 8, seed: 11, episode: index, slot: slot))
                #expect(after != before)
            }
        }
        let prefetcher = EpisodePrefetcher(sampler: augmented, batchSize: 3, start: 5)
        #expect(prefetcher.next().queryImages == augmented.batch(start: 5, count: 3).queryImages)
        prefetcher.stop()
    }

    @Test func shapeErrorsSayWhatIsWrong() {
        #expect(throws: DatasetError.tooFewClasses(split: "test", has: 4, needs: 5)) {
            try EpisodeSampler(classes: Self.classes(4, 20), ways: 5, shots: 1, queries: 1, seed: 0, split: "test")
        }
        #expect(throws: DatasetError.tooFewImages(className: "class0", has: 5, needs: 16)) {
            try EpisodeSampler(classes: Self.classes(6, 5), ways: 5, shots: 1, queries: 15, seed: 0)
        }
        #expect(DatasetError.tooFewImages(className: "Greek/c1", has: 5, needs: 16).description
                == "class Greek/c1 has 5 images but an episode needs 16 (shots + queries)")
        #expect(throws: DatasetError.self) {
            try EpisodeSampler(classes: Self.classes(6, 5), ways: 0, shots: 1, queries: 1, seed: 0)
        }
    }
}
