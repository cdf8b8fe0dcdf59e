import FewShotData
import MetaLearning

/// The `dataset.augmentation.colorJitter` key: each bound `b` draws a factor uniform in
/// [max(0, 1 - b), 1 + b]; 0 leaves that property alone.
extension ColorJitter: SpecSection {
    init() { self.init(brightness: 0, contrast: 0, saturation: 0) }

    static var fields: [SpecField<Self>] {
        [
            .value(
                "brightness", \.brightness, .real(0...1), default: .value(0.4),
                "values are multiplied by a factor in [1 - b, 1 + b]; 0: unchanged"),
            .value(
                "contrast", \.contrast, .real(0...1), default: .value(0.4),
                "values are blended with the image's mean gray by a factor in [1 - c, 1 + c]; 0: unchanged"),
            .value(
                "saturation", \.saturation, .real(0...1), default: .value(0.4),
                "pixels are blended with their gray (Rec. 601) by a factor in [1 - s, 1 + s]; 0: unchanged"),
        ]
    }
}
