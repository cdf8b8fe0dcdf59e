import CLibPNG
import PosixFiles

/// An 8-bit image decoded from, or to be encoded as, an image file: `height` rows of `width` pixels,
/// each `format.channels` interleaved samples in 0...255 (0 is black).
public struct RasterImage: Sendable, Hashable {
    public let width: Int
    public let height: Int
    public let format: PixelFormat
    /// Row-major interleaved samples, `width * height * format.channels` of them.
    public var pixels: [UInt8]

    /// An image from raw samples. `pixels.count` must equal `width * height * format.channels`.
    public init(width: Int, height: Int, format: PixelFormat, pixels: [UInt8]) {
        precondition(width > 0 && height > 0, "an image needs at least one pixel")
        precondition(pixels.count == width * height * format.channels,
                     "expected \(width * height * format.channels) samples, got \(pixels.count)")
        self.width = width
        self.height = height
        self.format = format
        self.pixels = pixels
    }

    /// Decodes PNG bytes of any standard kind (1- to 16-bit gray, gray+alpha, RGB, RGBA, palette,
    /// interlaced) to `format`. Transparency is composited over white. `name` is the file named
    /// in errors. Throws `PNGError`; a malformed file never stops the process.
    public init(decoding bytes: [UInt8], as format: PixelFormat, name: String = "<memory>") throws(PNGError) {
        let decoded = try RasterImage.decodeWithInfo(bytes, as: format, name: name)
        self = decoded.image
    }

    /// Reads and decodes the PNG file at `path` (see `init(decoding:as:name:)`).
    public init(contentsOfFile path: String, as format: PixelFormat) throws(PNGError) {
        let bytes: [UInt8]
        do { bytes = try FileIO.readBytes(path) } catch { throw .unreadable(path: path, reason: error.reason) }
        try self.init(decoding: bytes, as: format, name: path)
    }

    /// Decodes and also returns what the file declares (bit depth, colour type, interlacing).
    public static func decodeWithInfo(_ bytes: [UInt8], as format: PixelFormat,
                                      name: String = "<memory>") throws(PNGError) -> (image: RasterImage, info: PNGInfo) {
        try checkSignature(bytes, name: name)
        var pixels: UnsafeMutablePointer<UInt8>?
        var info = clpng_info()
        var message = [CChar](repeating: 0, count: Int(CLIBPNG_MESSAGE_CAPACITY))
        let status = bytes.withUnsafeBufferPointer { buffer in
            clpng_decode(buffer.baseAddress, buffer.count, Int32(format.channels),
                         &pixels, &info, &message, message.count)
        }
        guard status == 0, let pixels else {
            throw .corrupt(path: name, reason: cString(message))
        }
        defer { clpng_free(pixels) }
        let width = Int(info.width), height = Int(info.height)
        let samples = Array(UnsafeBufferPointer(start: pixels, count: width * height * format.channels))
        let image = RasterImage(width: width, height: height, format: format, pixels: samples)
        return (image, PNGInfo(info))
    }

    /// Reads only the header of PNG bytes: size, bit depth, colour type, interlacing.
    public static func info(of bytes: [UInt8], name: String = "<memory>") throws(PNGError) -> PNGInfo {
        try checkSignature(bytes, name: name)
        var info = clpng_info()
        var message = [CChar](repeating: 0, count: Int(CLIBPNG_MESSAGE_CAPACITY))
        let status = bytes.withUnsafeBufferPointer { buffer in
            clpng_read_info(buffer.baseAddress, buffer.count, &info, &message, message.count)
        }
        guard status == 0 else { throw .corrupt(path: name, reason: cString(message)) }
        return PNGInfo(info)
    }

    /// The image as an 8-bit gray or RGB, non-interlaced PNG. `compressionLevel` is zlib's 0...9.
    public func encoded(compressionLevel: Int = 6) throws(PNGError) -> [UInt8] {
        var output: UnsafeMutablePointer<UInt8>?
        var size = 0
        var message = [CChar](repeating: 0, count: Int(CLIBPNG_MESSAGE_CAPACITY))
        let status = pixels.withUnsafeBufferPointer { buffer in
            clpng_encode(buffer.baseAddress, UInt32(width), UInt32(height), Int32(format.channels),
                         Int32(compressionLevel), &output, &size, &message, message.count)
        }
        guard status == 0, let output else { throw .unwritable(path: "<memory>", reason: cString(message)) }
        defer { clpng_free(output) }
        return Array(UnsafeBufferPointer(start: output, count: size))
    }

    /// Encodes the image and writes it to `path` atomically (temporary file, then rename).
    public func write(toFile path: String, compressionLevel: Int = 6) throws(PNGError) {
        let bytes: [UInt8]
        do { bytes = try encoded(compressionLevel: compressionLevel) } catch {
            if case .unwritable(_, let reason) = error { throw .unwritable(path: path, reason: reason) }
            throw error
        }
        do {
            try AtomicWrite.replace(path, durable: false) { descriptor in bytes.withUnsafeBytes { AtomicWrite.writeAll($0, to: descriptor) } }
        } catch {
            throw .unwritable(path: path, reason: error.reason)
        }
    }

    private static let signature: [UInt8] = [137, 80, 78, 71, 13, 10, 26, 10]

    private static func checkSignature(_ bytes: [UInt8], name: String) throws(PNGError) {
        if bytes.isEmpty { throw .empty(path: name) }
        if bytes.count < 8 || !bytes.prefix(8).elementsEqual(signature) { throw .notPNG(path: name) }
    }
}

private func cString(_ message: [CChar]) -> String {
    String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

extension PNGInfo {
    init(_ info: clpng_info) {
        self.init(width: Int(info.width), height: Int(info.height), bitDepth: Int(info.bit_depth),
                  colorType: ColorType(rawValue: Int(info.color_type)) ?? .gray,
                  interlaced: info.interlaced != 0)
    }
}
