/// What a PNG file declares about itself (its IHDR chunk), independent of how it is decoded.
public struct PNGInfo: Sendable, Hashable {
    /// The PNG colour types.
    public enum ColorType: Int, Sendable, Hashable, CustomStringConvertible {
        case gray = 0
        case rgb = 2
        case palette = 3
        case grayAlpha = 4
        case rgba = 6

        public var description: String {
            switch self {
            case .gray: return "gray"
            case .rgb: return "RGB"
            case .palette: return "palette"
            case .grayAlpha: return "gray+alpha"
            case .rgba: return "RGBA"
            }
        }
    }

    public let width: Int
    public let height: Int
    /// Bits per sample (per palette index for palette images): 1, 2, 4, 8 or 16.
    public let bitDepth: Int
    public let colorType: ColorType
    /// True for Adam7 interlaced files.
    public let interlaced: Bool

    /// A short label such as "gray 1-bit" or "RGBA 8-bit interlaced".
    public var formatDescription: String {
        "\(colorType) \(bitDepth)-bit" + (interlaced ? " interlaced" : "")
    }
}
