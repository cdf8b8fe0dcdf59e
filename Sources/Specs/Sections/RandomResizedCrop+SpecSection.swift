import FewShotData
import MetaLearning

/// The `dataset.augmentation.randomResizedCrop` key: a crop covering a random fraction of the area
/// with a random aspect ratio, resized back to the image size.
extension RandomResizedCrop: SpecSection {
    init() { self.init(scale: 1...1, ratio: 1...1) }

    static var fields: [SpecField<Self>] {
        [
            .value(
                "scale", \.scale, .interval(RealRange(0, 1, lowerIsOpen: true)), default: .value(0.08...1),
                "fraction of the image's area the crop covers, [low, high]"),
            .value(
                "ratio", \.ratio, .interval(RealRange(0.1, 10)), default: .value(0.75...(4.0 / 3)),
                "the crop's width over its height, [low, high], drawn log-uniformly"),
        ]
    }
}
