/// How decoded images become model inputs: resized to `imageSize` x `imageSize` with `filter`,
/// converted to `format`, scaled to [0, 1] (0 black, 1 white) and, with `invert`, flipped so
/// that 1 is black (Omniglot strokes become 1.0). `rotations` (degrees, multiples of 90) turn
/// every class into one new class per angle, the Omniglot augmentation; 0 keeps the original.
public struct ImageTransform: Sendable, Hashable, Codable {
    /// Output width and height in pixels.
    public var imageSize: Int
    public var format: PixelFormat
    public var invert: Bool
    public var filter: ResizeFilter
    /// Rotation angles in degrees, each a multiple of 90 in 0..<360, no repeats.
    public var rotations: [Int]

    public init(imageSize: Int = 28, format: PixelFormat = .gray, invert: Bool = false,
                filter: ResizeFilter = .area, rotations: [Int] = [0]) {
        self.imageSize = imageSize
        self.format = format
        self.invert = invert
        self.filter = filter
        self.rotations = rotations
    }

    /// The Omniglot convention: 28x28 gray, inverted, area filter, rotations 0/90/180/270.
    public static let omniglot = ImageTransform(imageSize: 28, format: .gray, invert: true,
                                                filter: .area, rotations: [0, 90, 180, 270])

    /// Throws `DatasetError.invalidTransform` unless every setting is in range.
    public func validate() throws(DatasetError) {
        guard (1...4096).contains(imageSize) else {
            throw .invalidTransform("imageSize must be in 1...4096, got \(imageSize)")
        }
        guard !rotations.isEmpty else { throw .invalidTransform("rotations must list at least one angle (0 keeps the original)") }
        for angle in rotations where angle % 90 != 0 || !(0..<360).contains(angle) {
            throw .invalidTransform("rotation \(angle) is not one of 0, 90, 180, 270")
        }
        guard Set(rotations).count == rotations.count else { throw .invalidTransform("rotations \(rotations) repeat an angle") }
    }

    /// Channels per output pixel.
    public var channels: Int { format.channels }

    /// Floats per output image (`channels * imageSize * imageSize`).
    public var floatsPerImage: Int { channels * imageSize * imageSize }

    /// The settings that change decoded pixels (rotations are applied later), as cache key text.
    var cacheKey: String { "size=\(imageSize) format=\(format.rawValue) invert=\(invert) filter=\(filter.rawValue)" }
}
