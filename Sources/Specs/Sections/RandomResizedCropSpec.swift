import MetaLearning

/// The `dataset.augmentation.randomResizedCrop` key: a crop covering a random fraction of the area
/// with a random aspect ratio, resized back to the image size.
public struct RandomResizedCropSpec: Sendable, Equatable {
    /// `scale`: the fraction of the image's area the crop covers, `[low, high]`.
    public var scale: [Double]
    /// `ratio`: the crop's width over its height, `[low, high]` (drawn log-uniformly).
    public var ratio: [Double]

    /// A crop section from its keys; no validation happens here.
    public init(scale: [Double], ratio: [Double]) {
        self.scale = scale
        self.ratio = ratio
    }
}

extension RandomResizedCropSpec: SpecSection {
    init() { self.init(scale: [], ratio: []) }

    static var fields: [SpecField<Self>] {
        [
            .value("scale", \.scale, AugmentationSpec.interval(RealRange(0, 1, lowerIsOpen: true)), default: .value([0.08, 1]),
                   "fraction of the image's area the crop covers, [low, high]"),
            .value("ratio", \.ratio, AugmentationSpec.interval(RealRange(0.1, 10)), default: .value([0.75, 4.0 / 3]),
                   "the crop's width over its height, [low, high], drawn log-uniformly"),
        ]
    }

    func checkAcrossKeys(_ reader: ObjectReader) {
        AugmentationSpec.checkInterval("scale", scale, reader)
        AugmentationSpec.checkInterval("ratio", ratio, reader)
    }
}
