/// One image file format: how its files are recognised and decoded. `ImageFile.formats` lists
/// the formats the package reads; adding one is a type conforming to this and an entry there.
public protocol ImageFormat: Sendable {
    /// The format's name in messages, e.g. "PNG".
    static var name: String { get }
    /// File name extensions of the format, lowercase without the dot, e.g. `["png"]`: the data set
    /// index picks up files ending in one of them (in any case).
    static var fileExtensions: [String] { get }
    /// Whether `bytes` start with the format's signature. No file may match two known formats.
    static func hasSignature(_ bytes: [UInt8]) -> Bool
    /// Decodes a whole file of this format to `pixelFormat`, converting colour to gray or gray to
    /// colour as `PixelFormat` describes. `encoding` is what the file declares about its own
    /// samples as a short label (e.g. "gray 1-bit"); `dataset info` groups files by it. A
    /// malformed file throws the decoder's reason and never stops the process.
    ///
    /// With `minimumSide`, the caller will shrink the image with an antialiasing filter so that
    /// its shorter side is at most `minimumSide`: a decoder that can shrink cheaply while it
    /// decodes (JPEG's DCT scaling) may return a smaller image, antialiased, whose shorter side is
    /// still at least `minimumSide` (or the full image). Nil: the full image.
    static func decode(_ bytes: [UInt8], as pixelFormat: PixelFormat, minimumSide: Int?) throws(ImageDecodingFailure)
        -> (image: RasterImage, encoding: String)
}

extension ImageFormat {
    /// Decodes the whole file at its full size (see `decode(_:as:minimumSide:)`).
    public static func decode(_ bytes: [UInt8], as pixelFormat: PixelFormat) throws(ImageDecodingFailure)
        -> (image: RasterImage, encoding: String)
    {
        try decode(bytes, as: pixelFormat, minimumSide: nil)
    }
}
