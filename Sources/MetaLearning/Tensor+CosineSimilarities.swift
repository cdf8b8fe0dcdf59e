extension Tensor {
    /// Added to each squared row norm before the square root in `cosineSimilarities(to:)`, so a zero
    /// row has cosine 0 with everything instead of dividing by zero.
    public static let cosineNormEpsilon: Float = 1e-8

    /// Cosine similarities [n, m] between the rows of this [n, d] tensor and of `other` [m, d], each
    /// row's norm taken as √(‖row‖² + `cosineNormEpsilon`). Differentiable in both, to any order.
    public func cosineSimilarities(to other: Tensor) -> Tensor {
        precondition(
            rank == 2 && other.rank == 2 && shape[1] == other.shape[1],
            "cosineSimilarities: shapes \(shape) and \(other.shape) need the same row length")
        func normalized(_ rows: Tensor) -> Tensor {
            rows / (rows.squared().sum(alongAxes: [1], keepingDimensions: true) + Tensor.cosineNormEpsilon).sqrt()
        }
        return Tensor.matmul(normalized(self), normalized(other), transposingB: true)
    }
}
