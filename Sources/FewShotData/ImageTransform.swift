/// How decoded images become model inputs: resized to `imageSize` x `imageSize` with `filter`
/// (the whole image squashed, or the shorter side resized and the centre cropped: `resize`),
/// converted to `format`, scaled to [0, 1] (0 black, 1 white) and, with `invert`, flipped so
/// that 1 is black (Omniglot strokes become 1.0); held as `storage` samples; standardised per
/// channel by `normalization` when episodes are assembled. `rotations` (degrees, multiples of
/// 90) turn every class into one new class per angle, the Omniglot augmentation; 0 keeps the original.
public struct ImageTransform: Sendable, Hashable, Codable {
    /// Output width and height in pixels.
    public var imageSize: Int
    public var format: PixelFormat
    public var invert: Bool
    public var filter: ResizeFilter
    /// Rotation angles in degrees, each a multiple of 90 in 0..<360, no repeats.
    public var rotations: [Int]
    public var resize: ResizeMode
    public var storage: SampleStorage
    /// Applied to episode images, not stored; nil: values stay in [0, 1].
    public var normalization: ChannelNormalization?

    public init(
        imageSize: Int = 28, format: PixelFormat = .gray, invert: Bool = false,
        filter: ResizeFilter = .area, rotations: [Int] = [0], resize: ResizeMode = .squash,
        storage: SampleStorage = .float32, normalization: ChannelNormalization? = nil
    ) {
        self.imageSize = imageSize
        self.format = format
        self.invert = invert
        self.filter = filter
        self.rotations = rotations
        self.resize = resize
        self.storage = storage
        self.normalization = normalization
    }

    /// The Omniglot convention: 28x28 gray, inverted, area filter, rotations 0/90/180/270.
    public static let omniglot = ImageTransform(
        imageSize: 28, format: .gray, invert: true,
        filter: .area, rotations: [0, 90, 180, 270])

    /// Throws `DatasetError.invalidTransform` unless every setting is in range.
    public func validate() throws(DatasetError) {
        guard (1...4096).contains(imageSize) else {
            throw .invalidTransform("imageSize must be in 1...4096, got \(imageSize)")
        }
        guard !rotations.isEmpty else {
            throw .invalidTransform("rotations must list at least one angle (0 keeps the original)")
        }
        for angle in rotations where angle % 90 != 0 || !(0..<360).contains(angle) {
            throw .invalidTransform("rotation \(angle) is not one of 0, 90, 180, 270")
        }
        guard Set(rotations).count == rotations.count else {
            throw .invalidTransform("rotations \(rotations) repeat an angle")
        }
        if let problem = normalization?.problem(channels: channels) { throw .invalidTransform(problem) }
    }

    /// Channels per output pixel.
    public var channels: Int { format.channels }

    /// Floats per output image (`channels * imageSize * imageSize`).
    public var floatsPerImage: Int { channels * imageSize * imageSize }

    /// Bytes one image takes in memory and in the cache (`floatsPerImage` samples of `storage`).
    public var bytesPerImage: Int { floatsPerImage * storage.bytesPerSample }

    /// The settings that change stored pixels (rotations and normalization are applied later),
    /// as cache key text.
    var cacheKey: String {
        "size=\(imageSize) format=\(format.rawValue) invert=\(invert) filter=\(filter.rawValue) "
            + "resize=\(resize.rawValue) storage=\(storage.rawValue)"
    }
}
