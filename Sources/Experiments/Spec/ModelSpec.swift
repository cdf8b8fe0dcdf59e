/// The `model` section: the network architecture, by `name`. Default: `conv4` with 64 channels.
public enum ModelSpec: Sendable, Equatable {
    /// Four blocks of 3×3 convolution, batch norm, ReLU and 2×2 max pooling, then a linear head
    /// (Vinyals et al. 2016; Finn et al. 2017). `hiddenChannels`: default 64, in 1...4096. Needs
    /// `dataset.imageSize` of at least 16 (four halvings).
    case conv4(hiddenChannels: Int)
    /// Fully connected layers with ReLU, then a linear head (Finn et al. 2017, Omniglot MLP).
    /// `hiddenUnits`: default `[256, 128, 64, 64]`, non-empty, each in 1...65536.
    case mlp(hiddenUnits: [Int])

    /// The model names, in the order `metalearn` lists them.
    public static let names = ["conv4", "mlp"]

    /// The name written in the spec: `"conv4"` or `"mlp"`.
    public var name: String {
        switch self {
        case .conv4: return "conv4"
        case .mlp: return "mlp"
        }
    }
}
