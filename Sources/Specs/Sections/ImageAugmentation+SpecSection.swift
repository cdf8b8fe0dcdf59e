import FewShotData
import MetaLearning

/// The `dataset.augmentation` key: random changes to meta-training images; validation and test
/// images never change. The operations run in the order of the keys, each only when given.
extension ImageAugmentation: SpecSection {
    init() { self.init(horizontalFlipProbability: 0) }

    static var fields: [SpecField<Self>] {
        [
            .optionalSection(
                "affine", \.affine, absent: "absent",
                "a small random affine transform about the centre, for stroke images (Omniglot)"),
            .optionalSection(
                "randomResizedCrop", \.crop, absent: "absent",
                "a random crop resized back to `imageSize` (bilinear), drawn as torchvision's RandomResizedCrop"),
            .value(
                "horizontalFlip", \.horizontalFlipProbability, .real(0...1), default: .value(0),
                "probability that an image is mirrored left to right"),
            .optionalSection(
                "colorJitter", \.colorJitter, absent: "absent",
                "random brightness, contrast and saturation changes in random order, as torchvision's ColorJitter (`color` must be `rgb`)"
            ),
        ]
    }
}
