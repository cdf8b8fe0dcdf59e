/// The antialiasing filter used to resize images.
public enum ResizeFilter: String, Sendable, Hashable, Codable, CaseIterable {
    /// Pixel-area averaging when shrinking (each output pixel is the mean of the source area
    /// it covers), bilinear when enlarging. Fast; the default.
    case area
    /// Lanczos with 3 lobes, widened by the scale factor when shrinking. Sharper, slower.
    case lanczos3
}
