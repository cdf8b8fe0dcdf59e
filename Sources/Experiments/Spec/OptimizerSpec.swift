/// The `training.optimizer` key: the meta-optimizer, by `name`. Default: Adam with `lr` 0.001.
public enum OptimizerSpec: Sendable, Equatable {
    /// Adam (Kingma & Ba 2015). Keys: `lr` (default 0.001, > 0), `beta1` (0.9, in [0, 1)),
    /// `beta2` (0.999, in [0, 1)), `epsilon` (1e-8, > 0).
    case adam(learningRate: Double, beta1: Double, beta2: Double, epsilon: Double)
    /// Stochastic gradient descent. Keys: `lr` (default 0.01, > 0), `momentum` (0, in [0, 1)).
    case sgd(learningRate: Double, momentum: Double)

    /// The optimizer names, in the order `metalearn` lists them.
    public static let names = ["adam", "sgd"]

    /// The name written in the spec: `"adam"` or `"sgd"`.
    public var name: String {
        switch self {
        case .adam: return "adam"
        case .sgd: return "sgd"
        }
    }

    /// The meta learning rate (`lr`).
    public var learningRate: Double {
        switch self {
        case .adam(let learningRate, _, _, _), .sgd(let learningRate, _): return learningRate
        }
    }
}
