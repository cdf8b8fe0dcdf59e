import FewShotData
import SeededRandom
import Testing

@Suite struct ClassificationBatchesTests {
    /// Classes of different sizes (3, 5, 4 images), so the label lookup crosses uneven boundaries.
    static let classes = [3, 5, 4].enumerated().map { c, count in
        ImageClass(
            name: "class\(c)", images: (0..<count).flatMap { i in [Float](repeating: Float(c * 1000 + i), count: 4) },
            channels: 1, size: 2, sourceClass: c)
    }

    /// Each epoch visits distinct images with their own labels, `imageCount / batchSize` batches of
    /// them; the leftover images differ between epochs, so every image is drawn over a few epochs.
    @Test func epochsVisitDistinctImagesWithTheirLabels() throws {
        let batches = try ClassificationBatches(classes: Self.classes, batchSize: 5, seed: 7)
        #expect(batches.imageCount == 12 && batches.batchesPerEpoch == 2)
        var everSeen = Set<Int>()
        for epoch in 0..<6 {
            var seen = Set<Int>()
            for position in 0..<2 {
                let batch = batches.batch(epoch * 2 + position)
                #expect(batch.labels.count == 5 && batch.images.count == 5 * 4)
                for (slot, label) in batch.labels.enumerated() {
                    let value = Int(batch.images[slot * 4])
                    #expect(value / 1000 == label, "image of class \(value / 1000) labelled \(label)")
                    #expect(seen.insert(value).inserted, "image \(value) drawn twice in epoch \(epoch)")
                }
            }
            everSeen.formUnion(seen)
        }
        #expect(everSeen.count == 12)
        #expect(batches.order(epoch: 0) != batches.order(epoch: 1))
    }

    /// A batch is a pure function of the seed and its index: drawn in parallel or serially, alone or
    /// after others, augmented or not, the same; another seed draws another order.
    @Test func batchIsAPureFunctionOfSeedAndIndex() throws {
        let augmentation = ImageAugmentation(horizontalFlipProbability: 0.5)
        let batches = try ClassificationBatches(classes: Self.classes, batchSize: 4, seed: 3, augmentation: augmentation)
        let parallel = batches.batch(5)
        let serial = batches.batch(5, parallel: false)
        #expect(parallel.images == serial.images && parallel.labels == serial.labels)
        let other = try ClassificationBatches(classes: Self.classes, batchSize: 4, seed: 4)
        #expect(other.order(epoch: 0) != batches.order(epoch: 0))
    }

    @Test func batchLargerThanTheImagesIsRefused() {
        #expect(throws: DatasetError.self) {
            try ClassificationBatches(classes: Self.classes, batchSize: 13, seed: 1)
        }
    }
}
