/// The classifier over all base classes that supervised pre-training puts on the body (its
/// parameters are named `classifier.*`, apart from any learner's `head.*`).
public enum PretrainingClassifier: Sendable, Equatable {
    /// features · weightᵀ + bias (Chen et al. 2019, Baseline; Tian et al. 2020).
    case linear
    /// `scale` times the cosine similarity to each class's weight row (Chen et al. 2019, Baseline++).
    case cosine(scale: Double)

    /// The classifier's parameter shapes for `classes` classes on `features`-wide rows.
    func parameterShapes(classes: Int, features: Int) -> [ParameterShape] {
        let weight = ParameterShape("classifier.weight", [classes, features])
        switch self {
        case .linear: return [weight, ParameterShape("classifier.bias", [classes])]
        case .cosine: return [weight]
        }
    }

    /// Logits [rows, classes] of body features [rows, features].
    func logits(_ features: Tensor, _ parameters: Parameters) -> Tensor {
        let weight = parameters.require("classifier.weight")
        switch self {
        case .linear: return features.linear(weight: weight, bias: parameters.require("classifier.bias"))
        case .cosine(let scale):
            return CosineClassifier.logits(features: features, weights: weight, scale: Tensor(Float(scale)))
        }
    }
}
