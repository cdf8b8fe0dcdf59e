import SeededRandom

/// Random brightness, contrast and saturation changes, as torchvision's `ColorJitter` makes them:
/// each with a bound `b` > 0 draws a factor uniform in [max(0, 1 - b), 1 + b], and the changes are
/// applied in a random order; a bound of 0 leaves that property alone. Results are clamped to
/// [0, 1]. Gray is Rec. 601 luma (0.299 R + 0.587 G + 0.114 B); saturation needs 3 channels.
public struct ColorJitter: Sendable, Equatable {
    /// The bounds, each in [0, 1].
    public var brightness: Double, contrast: Double, saturation: Double

    /// Jitter with the given bounds, each in [0, 1].
    public init(brightness: Double, contrast: Double, saturation: Double) {
        precondition(
            [brightness, contrast, saturation].allSatisfy((0...1).contains), "ColorJitter bounds must be in [0, 1]")
        self.brightness = brightness
        self.contrast = contrast
        self.saturation = saturation
    }

    /// Jitters `image` (`channels` planes of `size`×`size`) in place: the order of the three
    /// changes is drawn first, then their factors in the order brightness, contrast, saturation.
    func apply(to image: UnsafeMutablePointer<Float>, channels: Int, size: Int, using generator: inout SeededGenerator)
    {
        precondition(saturation == 0 || channels == 3, "saturation jitter needs 3-channel images")
        var order = [0, 1, 2]
        generator.shuffle(&order)
        let factors = [brightness, contrast, saturation].map { bound in
            bound > 0 ? Float(generator.nextDouble(in: max(0, 1 - bound)...(1 + bound))) : 1
        }
        let bounds = [brightness, contrast, saturation]
        for change in order where bounds[change] > 0 {
            switch change {
            case 0: Self.adjustBrightness(image, channels: channels, size: size, factor: factors[0])
            case 1: Self.adjustContrast(image, channels: channels, size: size, factor: factors[1])
            default: Self.adjustSaturation(image, size: size, factor: factors[2])
            }
        }
    }

    /// Multiplies every value by `factor` (>= 0), clamped to 1.
    public static func adjustBrightness(_ image: UnsafeMutablePointer<Float>, channels: Int, size: Int, factor: Float) {
        for i in 0..<(channels * size * size) { image[i] = min(image[i] * factor, 1) }
    }

    /// Blends every value with the image's mean gray (the mean value for 1 channel; for 3, the
    /// luma of the channel means, which is the mean luma up to rounding):
    /// `factor · v + (1 - factor) · mean`, clamped to [0, 1]; factor 0 gives a flat image.
    public static func adjustContrast(_ image: UnsafeMutablePointer<Float>, channels: Int, size: Int, factor: Float) {
        let plane = size * size
        let mean =
            channels == 3
            ? meanGray(image, plane: plane) : sum(image, count: channels * plane) / Float(channels * plane)
        let offset = (1 - factor) * mean
        for i in 0..<(channels * plane) { image[i] = min(max(factor * image[i] + offset, 0), 1) }
    }

    /// Blends each pixel of a 3-channel image with its gray: `factor · v + (1 - factor) · gray`,
    /// clamped to [0, 1]; factor 0 gives the gray image, 1 the image itself.
    public static func adjustSaturation(_ image: UnsafeMutablePointer<Float>, size: Int, factor: Float) {
        let plane = size * size
        let (red, green, blue) = (image, image + plane, image + 2 * plane)
        let keep = 1 - factor
        for i in 0..<plane {
            let luma = keep * gray(red[i], green[i], blue[i])
            red[i] = min(max(factor * red[i] + luma, 0), 1)
            green[i] = min(max(factor * green[i] + luma, 0), 1)
            blue[i] = min(max(factor * blue[i] + luma, 0), 1)
        }
    }

    /// The mean Rec. 601 luma of a 3-channel image of `plane` pixels per channel.
    private static func meanGray(_ image: UnsafeMutablePointer<Float>, plane: Int) -> Float {
        (0.299 * sum(image, count: plane) + 0.587 * sum(image + plane, count: plane) + 0.114
            * sum(image + 2 * plane, count: plane))
            / Float(plane)
    }

    /// The sum of `count` values, in 8 interleaved partial sums (a fixed order: the same result on
    /// every run, and vectorized).
    private static func sum(_ values: UnsafeMutablePointer<Float>, count: Int) -> Float {
        var lanes = SIMD8<Float>()
        var i = 0
        while i + 8 <= count {
            lanes += UnsafeRawPointer(values + i).loadUnaligned(as: SIMD8<Float>.self)
            i += 8
        }
        var total: Float = 0
        for lane in 0..<8 { total += lanes[lane] }
        while i < count {
            total += values[i]
            i += 1
        }
        return total
    }

    /// Rec. 601 luma.
    @inline(__always)
    static func gray(_ red: Float, _ green: Float, _ blue: Float) -> Float {
        0.299 * red + 0.587 * green + 0.114 * blue
    }
}
