/// The sample layout images are decoded to: 8-bit gray or 8-bit RGB.
public enum PixelFormat: String, Sendable, Hashable, Codable, CaseIterable {
    /// One channel; colour sources are converted with Rec. 601 luma weights.
    case gray
    /// Three channels; gray sources are replicated.
    case rgb

    /// Number of channels per pixel (1 or 3).
    public var channels: Int { self == .gray ? 1 : 3 }
}
