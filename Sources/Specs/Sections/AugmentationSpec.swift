import MetaLearning

/// The `dataset.augmentation` key: random changes to meta-training images; validation and test
/// images never change. The operations run in the order of the keys, each only when given.
public struct AugmentationSpec: Sendable, Equatable {
    /// `affine`: a small random affine transform (stroke images such as Omniglot), or nil.
    public var affine: AffineAugmentationSpec?
    /// `randomResizedCrop`: a random crop resized back to `imageSize`, or nil.
    public var randomResizedCrop: RandomResizedCropSpec?
    /// `horizontalFlip`: the probability that an image is mirrored left to right.
    public var horizontalFlip: Double
    /// `colorJitter`: random brightness, contrast and saturation (RGB images only), or nil.
    public var colorJitter: ColorJitterSpec?

    /// An augmentation section from its keys; no validation happens here.
    public init(affine: AffineAugmentationSpec? = nil, randomResizedCrop: RandomResizedCropSpec? = nil, horizontalFlip: Double = 0,
                colorJitter: ColorJitterSpec? = nil) {
        self.affine = affine
        self.randomResizedCrop = randomResizedCrop
        self.horizontalFlip = horizontalFlip
        self.colorJitter = colorJitter
    }
}

extension AugmentationSpec: SpecSection {
    init() { self.init(horizontalFlip: 0) }

    static var fields: [SpecField<Self>] {
        [
            .optionalSection("affine", \.affine, absent: "absent", "a small random affine transform about the centre, for stroke images (Omniglot)"),
            .optionalSection("randomResizedCrop", \.randomResizedCrop, absent: "absent",
                             "a random crop resized back to `imageSize` (bilinear), drawn as torchvision's RandomResizedCrop"),
            .value("horizontalFlip", \.horizontalFlip, .real(0...1), default: .value(0), "probability that an image is mirrored left to right"),
            .optionalSection("colorJitter", \.colorJitter, absent: "absent",
                             "random brightness, contrast and saturation changes in random order, as torchvision's ColorJitter (`color` must be `rgb`)"),
        ]
    }

    /// Two numbers `[low, high]` from `element`.
    static func interval(_ element: RealRange) -> ValueDomain { .list(.real(element), count: 2...2, unique: false) }

    /// Reports an interval key whose low end is above its high end.
    static func checkInterval(_ key: String, _ values: [Double], _ reader: ObjectReader) {
        let path = reader.path(of: key)
        if values.count == 2, values[0] > values[1], reader.diagnostics.isClean(path) {
            reader.diagnostics.report(path, "low end \(values[0]) is above high end \(values[1]); give [low, high]")
        }
    }
}
