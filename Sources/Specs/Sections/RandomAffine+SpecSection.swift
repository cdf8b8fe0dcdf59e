import FewShotData
import MetaLearning

/// The `dataset.augmentation.affine` key: a rotation, a horizontal shear, a zoom and a shift, each
/// drawn uniformly within its bound; pixels from outside the image take `fill`.
extension RandomAffine: SpecSection {
    init() { self.init(degrees: 0, shear: 0, scale: 1...1, translate: 0, fill: 0) }

    static var fields: [SpecField<Self>] {
        [
            .value(
                "degrees", \.degrees, .real(0...180), default: .value(10), "largest rotation either way, in degrees"),
            .value(
                "shear", \.shear, .real(0...45), default: .value(10),
                "largest horizontal shear angle either way, in degrees"),
            .value(
                "scale", \.scale, .interval(RealRange(0.25, 4)), default: .value(0.9...1.1), "zoom factors [low, high]"),
            .value(
                "translate", \.translate, .real(0...0.5), default: .value(0.1),
                "largest shift along each axis, as a fraction of the side"),
            .value(
                "fill", \.fill, .real(0...1), default: .value(0),
                "value of pixels drawn from outside the image: the background, 0 for inverted Omniglot (1 without `invert`)"
            ),
        ]
    }
}
