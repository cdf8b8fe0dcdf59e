import SeededRandom

/// Random changes to meta-training images, applied one image at a time to planar CHW floats in
/// [0, 1]; the result stays in [0, 1].
///
/// The operations run in a fixed order, each only when set: `affine`, `crop`, horizontal flip,
/// `colorJitter`. What is drawn for an image is a pure function of (seed, episode index, image
/// slot), from its own `SeededGenerator`: it never depends on the thread, the core count,
/// prefetching or the order images are processed. An episode's slots are its support images
/// `0..<ways * shots`, then its queries, in the order `Episode` holds them.
public struct ImageAugmentation: Sendable, Equatable {
    /// A small random affine transform (Omniglot-style strokes), or nil.
    public var affine: RandomAffine?
    /// A random resized crop back to the image's size, or nil.
    public var crop: RandomResizedCrop?
    /// The probability that an image is mirrored left to right (0: never).
    public var horizontalFlipProbability: Double
    /// Random brightness, contrast and saturation changes, or nil; saturation needs 3 channels.
    public var colorJitter: ColorJitter?

    /// Augmentation by the given operations; `horizontalFlipProbability` must be in [0, 1].
    public init(
        affine: RandomAffine? = nil, crop: RandomResizedCrop? = nil, horizontalFlipProbability: Double = 0,
        colorJitter: ColorJitter? = nil
    ) {
        precondition((0...1).contains(horizontalFlipProbability), "horizontalFlipProbability must be in [0, 1]")
        self.affine = affine
        self.crop = crop
        self.horizontalFlipProbability = horizontalFlipProbability
        self.colorJitter = colorJitter
    }

    /// The generator of the draws for image `slot` of episode `episode` under `seed`.
    public static func generator(seed: UInt64, episode: Int, slot: Int) -> SeededGenerator {
        precondition(episode >= 0 && slot >= 0, "episode indices and slots are non-negative")
        return SeededGenerator(seed: seed, stream: [streamTag, UInt64(episode), UInt64(slot)])
    }

    /// The generator of the draws for image `slot` of pre-training batch `batch` under `seed`
    /// (`ClassificationBatches`): a stream apart from every episode's.
    public static func generator(seed: UInt64, batch: Int, slot: Int) -> SeededGenerator {
        precondition(batch >= 0 && slot >= 0, "batch indices and slots are non-negative")
        return SeededGenerator(seed: seed, stream: [streamTag, batchTag, UInt64(batch), UInt64(slot)])
    }

    /// Tells pre-training batches' draws apart from episodes' ("batc").
    private static let batchTag: UInt64 = 0x6261_7463

    /// Tells augmentation draws apart from every other stream derived from the same seed ("augm").
    private static let streamTag: UInt64 = 0x6175_676D

    /// `image` (`channels * size * size` floats in [0, 1]) augmented as image `slot` of episode
    /// `episode` under `seed`.
    public func augmented(_ image: [Float], channels: Int, size: Int, seed: UInt64, episode: Int, slot: Int) -> [Float]
    {
        precondition(
            channels >= 1 && size >= 1 && image.count == channels * size * size,
            "image must hold \(channels)x\(size)x\(size) floats")
        var result = image
        var generator = Self.generator(seed: seed, episode: episode, slot: slot)
        withUnsafeTemporaryAllocation(of: Float.self, capacity: image.count) { scratch in
            result.withUnsafeMutableBufferPointer { pixels in
                apply(
                    to: pixels.baseAddress!, channels: channels, size: size, scratch: scratch.baseAddress!,
                    using: &generator)
            }
        }
        return result
    }

    /// Augments `image` in place with the draws of `generator`; `scratch` holds as many floats as
    /// the image and is overwritten.
    func apply(
        to image: UnsafeMutablePointer<Float>, channels: Int, size: Int, scratch: UnsafeMutablePointer<Float>,
        using generator: inout SeededGenerator
    ) {
        let count = channels * size * size
        if let affine {
            scratch.update(from: image, count: count)
            affine.transform(
                affine.draw(size: size, using: &generator), scratch, channels: channels, size: size, into: image)
        }
        if let crop {
            scratch.update(from: image, count: count)
            RandomResizedCrop.resample(
                scratch, region: crop.region(size: size, using: &generator),
                channels: channels, size: size, into: image)
        }
        if horizontalFlipProbability > 0, generator.nextUnitDouble() < horizontalFlipProbability {
            Self.flipHorizontally(image, channels: channels, size: size)
        }
        colorJitter?.apply(to: image, channels: channels, size: size, using: &generator)
    }

    /// Mirrors every row of `image` (`channels` planes of `size * size`) left to right, in place.
    public static func flipHorizontally(_ image: UnsafeMutablePointer<Float>, channels: Int, size: Int) {
        for row in 0..<(channels * size) {
            let start = image + row * size
            var left = 0
            var right = size - 1
            while left < right {
                swap(&start[left], &start[right])
                left += 1
                right -= 1
            }
        }
    }
}

extension SeededGenerator {
    /// A uniform `Double` in `range` (its lower end when the range is one number).
    mutating func nextDouble(in range: ClosedRange<Double>) -> Double {
        nextDouble(in: range.lowerBound..<range.upperBound)
    }
}
