import MetaTensor

/// The cosine classifier of Baseline++ (Chen et al. 2019) and Meta-Baseline (Chen et al. 2021):
/// a class's logit is the cosine similarity between the feature row and the class's weight row,
/// times a scale (a fixed number or a learned temperature), so that the softmax over values in
/// [-scale, scale] can still be confident.
public enum CosineClassifier {
    /// Logits [rows, classes]: `scale` times the cosine similarity between each row of `features`
    /// [rows, d] and each row of `weights` [classes, d]. `scale` is a scalar tensor (a learned
    /// temperature) or a constant. Differentiable in all three.
    public static func logits(features: Tensor, weights: Tensor, scale: Tensor) -> Tensor {
        precondition(
            features.rank == 2 && weights.rank == 2 && features.shape[1] == weights.shape[1],
            "CosineClassifier: features \(features.shape) and weights \(weights.shape) need the same row length")
        let cosines = Tensor.matmul(features.rowNormalized(), weights.rowNormalized(), transposingB: true)
        return cosines * scale
    }
}

extension Tensor {
    /// Each row of a 2-D tensor divided by its Euclidean norm; `epsilon` under the square root keeps
    /// a zero row at zero instead of dividing by zero. Differentiable.
    public func rowNormalized(epsilon: Float = 1e-12) -> Tensor {
        precondition(rank == 2, "rowNormalized needs a 2-D tensor [rows, d], got shape \(shape)")
        return self / (squared().sum(alongAxes: [1], keepingDimensions: true) + epsilon).sqrt()
    }
}
