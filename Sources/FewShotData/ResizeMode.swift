/// How a non-square image becomes a square one.
public enum ResizeMode: String, Sendable, Hashable, Codable, CaseIterable {
    /// The whole image is resized to the square, its aspect ratio lost.
    case squash
    /// The shorter side is resized to the square's side, keeping the aspect ratio, and the centre
    /// square is kept: the resampling filter reads the central square of side `min(width, height)`
    /// (with its neighbours where the filter reaches past it), never the cut-off margins.
    case crop
}
