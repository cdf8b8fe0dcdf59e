import FewShotData
import MetaLearning

/// The `dataset.normalize` key: one mean and one standard deviation per channel.
extension ChannelNormalization: SpecSection {
    init() { self.init(mean: [], std: []) }

    static var example: String { "{\"mean\": [0.485, 0.456, 0.406], \"std\": [0.229, 0.224, 0.225]}" }

    static var fields: [SpecField<Self>] {
        [
            .value(
                "mean", \.mean, .list(.real(RealRange(-1e6, 1e6)), count: 1...3, unique: false),
                default: .required(example: "[0.5]"), "one mean per channel"),
            .value(
                "std", \.std, .list(.real(RealRange(0, 1e6, lowerIsOpen: true)), count: 1...3, unique: false),
                default: .required(example: "[0.25]"), "one standard deviation per channel, each > 0"),
        ]
    }
}
