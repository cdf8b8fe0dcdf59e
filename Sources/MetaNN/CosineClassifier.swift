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
        features.cosineSimilarities(to: weights) * scale
    }
}

extension Tensor {
    /// Added to each squared row norm before the square root in `rowNormalized()` and
    /// `cosineSimilarities(to:)`, so a zero row stays at zero (cosine 0 with everything) instead of
    /// dividing by zero.
    public static let cosineNormEpsilon: Float = 1e-8

    /// Each row of a 2-D tensor divided by its Euclidean norm, √(‖row‖² + `cosineNormEpsilon`).
    /// Differentiable to any order.
    public func rowNormalized() -> Tensor {
        precondition(rank == 2, "rowNormalized needs a 2-D tensor [rows, d], got shape \(shape)")
        return self / (squared().sum(alongAxes: [1], keepingDimensions: true) + Tensor.cosineNormEpsilon).sqrt()
    }

    /// Cosine similarities [n, m] between the rows of this [n, d] tensor and of `other` [m, d], both
    /// `rowNormalized()`. Differentiable in both, to any order.
    public func cosineSimilarities(to other: Tensor) -> Tensor {
        precondition(
            rank == 2 && other.rank == 2 && shape[1] == other.shape[1],
            "cosineSimilarities: shapes \(shape) and \(other.shape) need the same row length")
        return Tensor.matmul(rowNormalized(), other.rowNormalized(), transposingB: true)
    }
}
