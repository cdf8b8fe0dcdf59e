internal import CLibJPEG

/// JPEG through libjpeg-turbo (via the private `CLibJPEG` shim): baseline and progressive files,
/// gray or colour (YCbCr or RGB), decode to 8-bit gray (the luma channel) or RGB (gray replicated).
/// CMYK and YCCK files are refused as `.unsupported`; a damaged file (truncated, corrupt
/// compressed data) is refused as `.malformed`, never decoded to made-up pixels.
public enum JPEGFormat: ImageFormat {
    public static let name = "JPEG"
    public static let fileExtensions = ["jpg", "jpeg"]

    /// Whether `bytes` start with a start-of-image marker followed by another marker (FF D8 FF).
    public static func hasSignature(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF
    }

    /// The largest width or height decoded, and the most pixels in all (as for PNG).
    public static let maximumSide = Int(CLIBJPEG_MAX_DIMENSION), maximumPixels = Int(CLIBJPEG_MAX_PIXELS)

    /// Decodes JPEG bytes to `pixelFormat`. With `minimumSide`, libjpeg's DCT scaling decodes
    /// straight to the smallest size n/8 of the full one (n in 1...8) whose shorter side is still
    /// at least `minimumSide`: the scaled inverse DCT averages away what a smaller size cannot
    /// hold, so it is itself an antialiased reduction, and it is what makes decoding for small
    /// model inputs fast. `encoding` is e.g. "YCbCr baseline" or "gray progressive".
    public static func decode(_ bytes: [UInt8], as pixelFormat: PixelFormat, minimumSide: Int?)
        throws(ImageDecodingFailure)
        -> (image: RasterImage, encoding: String)
    {
        var pixels: UnsafeMutablePointer<UInt8>?
        var width: UInt32 = 0
        var height: UInt32 = 0
        var info = cljpeg_info()
        var message = [CChar](repeating: 0, count: Int(CLIBJPEG_MESSAGE_CAPACITY))
        let side = UInt32(clamping: max(0, minimumSide ?? 0))
        let status = bytes.withUnsafeBufferPointer { buffer in
            cljpeg_decode(
                buffer.baseAddress, buffer.count, Int32(pixelFormat.channels), side,
                &pixels, &width, &height, &info, &message, message.count)
        }
        guard status == 0, let pixels else {
            let kind: ImageDecodingFailure.Kind =
                switch status {
                case CLIBJPEG_TOO_LARGE: .tooLarge
                case CLIBJPEG_UNSUPPORTED: .unsupported
                default: .malformed
                }
            throw ImageDecodingFailure(reason: cString(message), kind: kind)
        }
        defer { cljpeg_free(pixels) }
        let samples = Array(UnsafeBufferPointer(start: pixels, count: Int(width) * Int(height) * pixelFormat.channels))
        let image = RasterImage(width: Int(width), height: Int(height), format: pixelFormat, pixels: samples)
        return (image, encoding(info))
    }

    /// A short label of what the file declares: its colour space and whether it is progressive.
    private static func encoding(_ info: cljpeg_info) -> String {
        let space =
            switch info.color_space {
            case 1: "gray"
            case 2: "RGB"
            case 3: "YCbCr"
            default: "\(info.components)-component"
            }
        return space + (info.progressive != 0 ? " progressive" : " baseline")
    }
}
