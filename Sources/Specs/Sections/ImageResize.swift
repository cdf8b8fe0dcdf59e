/// The `dataset.resize` words: the raw values match `FewShotData.ResizeMode`.
public enum ImageResize: String, Sendable, Equatable, CaseIterable, SpecWord {
    /// The whole image resized to the square.
    case squash
    /// The shorter side resized to the square's side, then the centre cropped.
    case crop
}
