/// How decoded, resized images are held in memory and in the cache. Either way episodes get
/// Float32 values in [0, 1]; the conversion happens when an episode is assembled.
public enum SampleStorage: String, Sendable, Hashable, Codable, CaseIterable {
    /// 4 bytes per sample: the resize's exact output. The numbers of every result made before
    /// 8-bit storage existed.
    case float32
    /// 1 byte per sample, a quarter of the memory: each resized value rounded to the nearest
    /// multiple of 1/255 (an error of at most 1/510).
    case uint8

    /// Bytes per stored sample.
    public var bytesPerSample: Int { self == .float32 ? 4 : 1 }
}

/// A sample type images are stored as: `Float` (values in [0, 1]) or `UInt8` (0...255 for 0...1).
protocol StoredSample: Sendable, BitwiseCopyable {
    /// The stored form of `value` in [0, 1].
    init(unitValue value: Float)
    /// The value in [0, 1] this sample stands for.
    var unitValue: Float { get }
}

extension Float: StoredSample {
    init(unitValue value: Float) { self = value }
    var unitValue: Float { self }
}

extension UInt8: StoredSample {
    /// Rounds half up: `value * 255 + 0.5` truncated, `value` in [0, 1]. The truncation works on
    /// the bits (adding 2²³ leaves the nearest integer in the low bits of the significand, one too
    /// many where that rounded up), with no trapping conversion, so a loop of these vectorizes; it
    /// equals `UInt8(value * 255 + 0.5)` for every Float in [0, 1] (checked exhaustively).
    init(unitValue value: Float) {
        let scaled = value * 255 + 0.5
        let nearest = Int32(bitPattern: (scaled + 8_388_608).bitPattern & 0x1FF)
        self = UInt8(truncatingIfNeeded: Float(nearest) > scaled ? nearest - 1 : nearest)
    }
    var unitValue: Float { Float(self) / 255 }
}
