import Dispatch
import SeededRandom

/// Every image of a split's classes as one classification problem, in mini-batches: what
/// supervised pre-training draws (class `k` of `classes` has label `k`, so each rotation of a
/// class, a class of its own in the split, has its own label).
///
/// Batch `b` is a pure function of (seed, b, classes): epoch `b / batchesPerEpoch` visits the
/// images in an order shuffled by the seed and the epoch, and takes them `batchSize` at a time;
/// the images left over at an epoch's end are not drawn that epoch (the next order differs). With
/// `augmentation`, image `slot` of batch `b` is augmented with draws that depend on (seed, b, slot)
/// alone, so a batch is the same on any thread, core or rank count and after a resume.
public struct ClassificationBatches: Sendable {
    /// The classes, labelled by position.
    public let classes: [ImageClass]
    /// Images per batch.
    public let batchSize: Int
    /// The seed of the orders and of the augmentation.
    public let seed: UInt64
    /// What is done to each image as it is copied into a batch; nil: nothing.
    public let augmentation: ImageAugmentation?
    /// Image channels and side.
    public let channels: Int, size: Int
    /// Images of all classes together.
    public let imageCount: Int
    /// Batches per pass over the images: `imageCount / batchSize`.
    public var batchesPerEpoch: Int { imageCount / batchSize }
    /// Floats per image.
    public var imageFloats: Int { channels * size * size }

    private let firstImageOfClass: [Int]

    /// Batches of `batchSize` images of `classes` (all of one shape). Throws `DatasetError` when
    /// there are no classes or fewer images than `batchSize`.
    public init(
        classes: [ImageClass], batchSize: Int, seed: UInt64, augmentation: ImageAugmentation? = nil,
        split: String = "train"
    ) throws(DatasetError) {
        let imageCount = classes.reduce(0) { $0 + $1.imageCount }
        guard batchSize >= 1, imageCount >= batchSize else {
            throw .invalidEpisodeShape(
                "a pre-training batch of \(batchSize) images needs at least that many images in the \(split) "
                    + "split, which has \(imageCount)")
        }
        self.classes = classes
        self.batchSize = batchSize
        self.seed = seed
        self.augmentation = augmentation
        self.imageCount = imageCount
        channels = classes[0].channels
        size = classes[0].size
        var first: [Int] = []
        var total = 0
        for imageClass in classes {
            first.append(total)
            total += imageClass.imageCount
        }
        firstImageOfClass = first
    }

    /// One batch: `images` [batchSize, channels, size, size] as planar floats, normalised as the
    /// classes say, and their labels.
    public struct Batch: Sendable {
        /// The images, one after another.
        public let images: [Float]
        /// The class of each image, in `0..<classes.count`.
        public let labels: [Int]
    }

    /// The order in which epoch `epoch` visits the images: a permutation of `0..<imageCount`.
    public func order(epoch: Int) -> [Int] {
        var generator = SeededGenerator(seed: seed, stream: [Self.streamTag, UInt64(epoch)])
        var order = Array(0..<imageCount)
        generator.shuffle(&order)
        return order
    }

    /// Batch `index` (≥ 0) of the stream, its images filled on all cores when `parallel` (the
    /// result is the same either way).
    public func batch(_ index: Int, parallel: Bool = true) -> Batch {
        precondition(index >= 0, "batch indices must be non-negative")
        let order = order(epoch: index / batchesPerEpoch)
        let first = (index % batchesPerEpoch) * batchSize
        let picks = order[first..<(first + batchSize)].map(classAndImage)
        let f = imageFloats
        var images = [Float](repeating: 0, count: batchSize * f)
        images.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let base = buffer.baseAddress!
            let fill: @Sendable (Int) -> Void = { slot in
                self.fill(slot, of: index, image: picks[slot], into: base + slot * f)
            }
            if parallel {
                DispatchQueue.concurrentPerform(iterations: batchSize, execute: fill)
            } else {
                for slot in 0..<batchSize { fill(slot) }
            }
        }
        return Batch(images: images, labels: picks.map(\.label))
    }

    /// Every image of class `label`, unaugmented and normalised, as planar floats one after another.
    public func images(ofClass label: Int) -> [Float] {
        (0..<classes[label].imageCount).flatMap { classes[label].image($0) }
    }

    /// The class (label) and the index within it of image `image` of the concatenation.
    private func classAndImage(_ image: Int) -> (label: Int, index: Int) {
        var low = 0
        var high = classes.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if firstImageOfClass[middle] <= image { low = middle } else { high = middle - 1 }
        }
        return (low, image - firstImageOfClass[low])
    }

    private func fill(
        _ slot: Int, of batch: Int, image: (label: Int, index: Int), into destination: UnsafeMutablePointer<Float>
    ) {
        let imageClass = classes[image.label]
        imageClass.copyImage(image.index, to: destination)
        if let augmentation {
            var generator = ImageAugmentation.generator(seed: seed, batch: batch, slot: slot)
            withUnsafeTemporaryAllocation(of: Float.self, capacity: imageFloats) { scratch in
                augmentation.apply(
                    to: destination, channels: channels, size: size, scratch: scratch.baseAddress!, using: &generator)
            }
        }
        imageClass.normalize(destination)
    }

    /// Tells the epochs' orders apart from every other stream derived from the same seed ("pret").
    private static let streamTag: UInt64 = 0x7072_6574
}
