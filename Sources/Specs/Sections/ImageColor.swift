/// The channels images are decoded to: the raw values match `FewShotData.PixelFormat`.
public enum ImageColor: String, Sendable, Equatable, CaseIterable, SpecWord {
    /// One channel; colour images are converted to gray.
    case gray
    /// Three channels; gray images are replicated.
    case rgb

    /// The number of channels the model receives (1 or 3).
    public var channels: Int { self == .gray ? 1 : 3 }
}
