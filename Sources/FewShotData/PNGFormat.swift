internal import CLibPNG
import PosixFiles

/// PNG through libpng (via the private `CLibPNG` shim): files of every standard kind decode
/// (1- to 16-bit gray, gray+alpha, RGB, RGBA, palette, interlaced); images encode as 8-bit gray
/// or RGB, non-interlaced.
public enum PNGFormat: ImageFormat {
    public static let name = "PNG"
    public static let fileExtensions = ["png"]

    private static let signature: [UInt8] = [137, 80, 78, 71, 13, 10, 26, 10]

    /// Whether `bytes` start with the 8-byte PNG signature.
    public static func hasSignature(_ bytes: [UInt8]) -> Bool {
        bytes.count >= signature.count && bytes.prefix(signature.count).elementsEqual(signature)
    }

    /// The largest width or height decoded, and the most pixels in all: a file declaring more is
    /// refused as `.tooLarge`, its reason giving its size and the limit.
    public static let maximumSide = Int(CLIBPNG_MAX_DIMENSION), maximumPixels = Int(CLIBPNG_MAX_PIXELS)

    /// Decodes PNG bytes to `pixelFormat` at full size (`minimumSide` is ignored: PNG has no cheap
    /// way to shrink); transparency is composited over white. `encoding` is the file's
    /// `PNGInfo.formatDescription`, e.g. "gray 1-bit" or "RGBA 8-bit interlaced". A file larger
    /// than `maximumSide` or `maximumPixels` fails as `.tooLarge`.
    public static func decode(_ bytes: [UInt8], as pixelFormat: PixelFormat, minimumSide: Int?)
        throws(ImageDecodingFailure)
        -> (image: RasterImage, encoding: String)
    {
        var pixels: UnsafeMutablePointer<UInt8>?
        var info = clpng_info()
        var message = [CChar](repeating: 0, count: Int(CLIBPNG_MESSAGE_CAPACITY))
        let status = bytes.withUnsafeBufferPointer { buffer in
            clpng_decode(
                buffer.baseAddress, buffer.count, Int32(pixelFormat.channels),
                &pixels, &info, &message, message.count)
        }
        guard status == 0, let pixels else { throw failure(status, message) }
        defer { clpng_free(pixels) }
        let width = Int(info.width)
        let height = Int(info.height)
        let samples = Array(UnsafeBufferPointer(start: pixels, count: width * height * pixelFormat.channels))
        let image = RasterImage(width: width, height: height, format: pixelFormat, pixels: samples)
        return (image, PNGInfo(info).formatDescription)
    }

    /// Reads only the header of PNG bytes: size, bit depth, colour type, interlacing. A size above
    /// the limits fails as `.tooLarge`, as `decode` does.
    public static func info(of bytes: [UInt8]) throws(ImageDecodingFailure) -> PNGInfo {
        var info = clpng_info()
        var message = [CChar](repeating: 0, count: Int(CLIBPNG_MESSAGE_CAPACITY))
        let status = bytes.withUnsafeBufferPointer { buffer in
            clpng_read_info(buffer.baseAddress, buffer.count, &info, &message, message.count)
        }
        guard status == 0 else { throw failure(status, message) }
        return PNGInfo(info)
    }

    /// `image` as an 8-bit gray or RGB, non-interlaced PNG. `compressionLevel` is zlib's 0...9.
    public static func encode(_ image: RasterImage, compressionLevel: Int = 6) throws(ImageError) -> [UInt8] {
        var output: UnsafeMutablePointer<UInt8>?
        var size = 0
        var message = [CChar](repeating: 0, count: Int(CLIBPNG_MESSAGE_CAPACITY))
        let status = image.pixels.withUnsafeBufferPointer { buffer in
            clpng_encode(
                buffer.baseAddress, UInt32(image.width), UInt32(image.height), Int32(image.format.channels),
                Int32(compressionLevel), &output, &size, &message, message.count)
        }
        guard status == 0, let output else {
            throw .unwritable(path: "<memory>", format: name, reason: cString(message))
        }
        defer { clpng_free(output) }
        return Array(UnsafeBufferPointer(start: output, count: size))
    }

    /// Encodes `image` and writes it to `path` atomically (temporary file, then rename).
    public static func write(_ image: RasterImage, toFile path: String, compressionLevel: Int = 6) throws(ImageError) {
        let bytes: [UInt8]
        do { bytes = try encode(image, compressionLevel: compressionLevel) } catch {
            if case .unwritable(_, let format, let reason) = error {
                throw .unwritable(path: path, format: format, reason: reason)
            }
            throw error
        }
        do {
            try AtomicWrite.replace(path, durable: false) { descriptor in
                bytes.withUnsafeBytes { AtomicWrite.writeAll($0, to: descriptor) }
            }
        } catch {
            throw .unwritable(path: path, format: name, reason: error.reason)
        }
    }
}

/// The shim's failure `status` and `message` as a decoding failure of the matching kind.
private func failure(_ status: Int32, _ message: [CChar]) -> ImageDecodingFailure {
    ImageDecodingFailure(reason: cString(message), kind: status == CLIBPNG_TOO_LARGE ? .tooLarge : .malformed)
}

extension PNGInfo {
    init(_ info: clpng_info) {
        self.init(
            width: Int(info.width), height: Int(info.height), bitDepth: Int(info.bit_depth),
            colorType: ColorType(rawValue: Int(info.color_type)) ?? .gray,
            interlaced: info.interlaced != 0)
    }
}
