/// Per-channel standardisation of model inputs, `(value - mean[c]) / std[c]`, applied to Float32
/// values in [0, 1] when an episode is assembled (after any augmentation), never stored.
/// `ImageTransform.validate()` checks it against the transform's channels.
public struct ChannelNormalization: Sendable, Hashable, Codable {
    /// One mean per channel (applied in Float32).
    public var mean: [Double]
    /// One standard deviation per channel, each > 0 in Float32.
    public var std: [Double]

    /// A normalization with one `mean` and one `std` per channel.
    public init(mean: [Double], std: [Double]) {
        self.mean = mean
        self.std = std
    }

    /// Why it cannot normalize images of `channels` channels, or nil when it can.
    func problem(channels: Int) -> String? {
        if mean.count != channels || std.count != channels {
            return "normalize needs one mean and one std per channel (\(channels)), got \(mean.count) and \(std.count)"
        }
        if !std.allSatisfy({ Float($0) > 0 && Float($0).isFinite }) || !mean.allSatisfy({ Float($0).isFinite }) {
            return "normalize needs finite values and every std > 0, got mean \(mean), std \(std)"
        }
        return nil
    }

    /// Normalizes one planar image of `mean.count` planes of `plane` values, in place.
    func apply(to image: UnsafeMutablePointer<Float>, plane: Int) {
        for c in mean.indices {
            let values = image + c * plane
            let m = Float(mean[c])
            let s = Float(std[c])
            for k in 0..<plane { values[k] = (values[k] - m) / s }
        }
    }
}
