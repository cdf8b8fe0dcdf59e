import MetaLearning

/// The `dataset.augmentation.affine` key: a rotation, a horizontal shear, a zoom and a shift, each
/// drawn uniformly within its bound; pixels from outside the image take `fill`.
public struct AffineAugmentationSpec: Sendable, Equatable {
    /// `degrees`: the largest rotation either way, in degrees.
    public var degrees: Double
    /// `shear`: the largest horizontal shear angle either way, in degrees.
    public var shear: Double
    /// `scale`: the zoom factors `[low, high]`.
    public var scale: [Double]
    /// `translate`: the largest shift along each axis, as a fraction of the side.
    public var translate: Double
    /// `fill`: the value of pixels drawn from outside the image.
    public var fill: Double

    /// An affine section from its keys; no validation happens here.
    public init(degrees: Double, shear: Double, scale: [Double], translate: Double, fill: Double) {
        self.degrees = degrees
        self.shear = shear
        self.scale = scale
        self.translate = translate
        self.fill = fill
    }
}

extension AffineAugmentationSpec: SpecSection {
    init() { self.init(degrees: 0, shear: 0, scale: [], translate: 0, fill: 0) }

    static var fields: [SpecField<Self>] {
        [
            .value("degrees", \.degrees, .real(0...180), default: .value(10), "largest rotation either way, in degrees"),
            .value("shear", \.shear, .real(0...45), default: .value(10), "largest horizontal shear angle either way, in degrees"),
            .value("scale", \.scale, AugmentationSpec.interval(RealRange(0.25, 4)), default: .value([0.9, 1.1]), "zoom factors [low, high]"),
            .value("translate", \.translate, .real(0...0.5), default: .value(0.1), "largest shift along each axis, as a fraction of the side"),
            .value("fill", \.fill, .real(0...1), default: .value(0),
                   "value of pixels drawn from outside the image: the background, 0 for inverted Omniglot (1 without `invert`)"),
        ]
    }

    func checkAcrossKeys(_ reader: ObjectReader) {
        AugmentationSpec.checkInterval("scale", scale, reader)
    }
}
