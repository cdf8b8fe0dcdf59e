// Sums, means and broadcasting expansion. `sum(toShape:)` and `expanded(to:)` are each
// other's derivative; every other reduction is built from them.

extension Tensor {
    /// Sums over the axes along which `shape` broadcasts to this tensor's shape, giving a
    /// tensor of exactly `shape`. The identity when the shapes are equal.
    public func sum(toShape target: [Int]) -> Tensor {
        if target == shape { return self }
        precondition(
            Shape.broadcast(target, shape, operation: "sum(toShape:)") == shape,
            "sum(toShape:): \(target) does not broadcast to \(shape)")
        let source = shape
        return .result(
            ReductionKernels.sum(self, to: target), shape: target,
            operation: "sumToShape", inputs: [self]
        ) { g in [g.expanded(to: source)] }
    }

    /// This tensor broadcast to `target` and materialised.
    public func expanded(to target: [Int]) -> Tensor {
        if target == shape { return self }
        precondition(
            Shape.broadcast(shape, target, operation: "expanded(to:)") == target,
            "expanded(to:): \(shape) does not broadcast to \(target)")
        let source = shape
        return .result(
            ReductionKernels.expand(self, to: target), shape: target,
            operation: "expand", inputs: [self]
        ) { g in [g.sum(toShape: source)] }
    }

    /// The sum of every element, as a scalar tensor.
    public func sum() -> Tensor {
        sum(toShape: [Int](repeating: 1, count: rank)).reshaped([])
    }

    /// The mean of every element, as a scalar tensor.
    public func mean() -> Tensor {
        sum() / Float(count)
    }

    /// Sums along `axes`; kept as extent-1 axes when `keepingDimensions`, dropped otherwise.
    public func sum(alongAxes axes: [Int], keepingDimensions: Bool = false) -> Tensor {
        let normalized = Set(axes.map { Shape.axis($0, rank: rank, operation: "sum(alongAxes:)") })
        let kept = shape.indices.map { normalized.contains($0) ? 1 : shape[$0] }
        let summed = sum(toShape: kept)
        return keepingDimensions
            ? summed : summed.reshaped(shape.indices.filter { !normalized.contains($0) }.map { shape[$0] })
    }

    /// The mean along `axes`.
    public func mean(alongAxes axes: [Int], keepingDimensions: Bool = false) -> Tensor {
        let normalized = Set(axes.map { Shape.axis($0, rank: rank, operation: "mean(alongAxes:)") })
        let reduced = normalized.reduce(1) { $0 * shape[$1] }
        return sum(alongAxes: axes, keepingDimensions: keepingDimensions) / Float(reduced)
    }

    /// The largest element along the last axis of a 2-D tensor, as a constant `[rows, 1]`
    /// (used to stabilise softmax; its gradient is not needed there).
    public func rowMaxima() -> Tensor {
        precondition(rank == 2, "rowMaxima needs a 2-D tensor, got shape \(shape)")
        let rows = shape[0]
        let columns = shape[1]
        return Tensor.build(shape: [rows, 1]) { out in
            let source = storage.pointer
            for row in 0..<rows {
                var best = -Float.infinity
                for column in 0..<columns { best = Swift.max(best, source[row * columns + column]) }
                out[row] = best
            }
        }
    }

    /// The index of the largest element in each row of a 2-D tensor (first one on ties).
    public func argmaxRows() -> [Int] {
        precondition(rank == 2, "argmaxRows needs a 2-D tensor, got shape \(shape)")
        let rows = shape[0]
        let columns = shape[1]
        let source = storage.pointer
        return (0..<rows).map { row in
            var best = 0
            for column in 1..<columns where source[row * columns + column] > source[row * columns + best] {
                best = column
            }
            return best
        }
    }
}
