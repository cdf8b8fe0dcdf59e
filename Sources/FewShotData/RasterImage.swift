/// An 8-bit image, whatever file format it came from or goes to: `height` rows of `width`
/// pixels, each `format.channels` interleaved samples in 0...255 (0 is black). `ImageFile`
/// decodes files into it; `PNGFormat` encodes it.
public struct RasterImage: Sendable, Hashable {
    public let width: Int
    public let height: Int
    public let format: PixelFormat
    /// Row-major interleaved samples, `width * height * format.channels` of them.
    public var pixels: [UInt8]

    /// An image from raw samples. `pixels.count` must equal `width * height * format.channels`.
    public init(width: Int, height: Int, format: PixelFormat, pixels: [UInt8]) {
        precondition(width > 0 && height > 0, "an image needs at least one pixel")
        precondition(
            pixels.count == width * height * format.channels,
            "expected \(width * height * format.channels) samples, got \(pixels.count)")
        self.width = width
        self.height = height
        self.format = format
        self.pixels = pixels
    }
}
