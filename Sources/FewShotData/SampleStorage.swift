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
    /// Resizes `image` with `resampler` into `output` as this type holds it (see
    /// `ImageResampler.resample`).
    static func resample(
        _ image: RasterImage, with resampler: ImageResampler, invert: Bool,
        into output: UnsafeMutableBufferPointer<Self>,
        scratch: inout [Float])
    /// The value in [0, 1] this sample stands for.
    var unitValue: Float { get }
}

extension Float: StoredSample {
    static func resample(
        _ image: RasterImage, with resampler: ImageResampler, invert: Bool,
        into output: UnsafeMutableBufferPointer<Self>,
        scratch: inout [Float]
    ) {
        resampler.resample(image, invert: invert, into: output, scratch: &scratch)
    }
    var unitValue: Float { self }
}

extension UInt8: StoredSample {
    static func resample(
        _ image: RasterImage, with resampler: ImageResampler, invert: Bool,
        into output: UnsafeMutableBufferPointer<Self>,
        scratch: inout [Float]
    ) {
        resampler.resample(image, invert: invert, into: output, scratch: &scratch)
    }
    var unitValue: Float { Float(self) / 255 }
}
