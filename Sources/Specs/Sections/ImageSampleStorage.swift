/// The `dataset.storage` words: the raw values match `FewShotData.SampleStorage`.
public enum ImageSampleStorage: String, Sendable, Equatable, CaseIterable, SpecWord {
    /// 4 bytes per sample, the exact resized values.
    case float32
    /// 1 byte per sample, values rounded to multiples of 1/255.
    case uint8
}
