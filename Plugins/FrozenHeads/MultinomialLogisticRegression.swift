import MetaLearning

/// Multinomial logistic regression with an L2 penalty on the weights, fitted to the optimum of the
/// objective scikit-learn's `LogisticRegression(C: C, multi_class: "multinomial")` minimises:
///
///     Σᵢ −log softmax(W xᵢ + b)_{yᵢ} + ‖W‖² / (2C)
///
/// (the bias is not penalised). The softmax does not change when one constant is added to every
/// bias, so the optimum is taken with biases that sum to zero.
///
/// The solver is deterministic, in Float64, in a fixed order. The optimal W lies in the span of
/// the support features (any component outside it only adds to the penalty), so the problem is
/// solved in an orthonormal basis of that span (Gram–Schmidt, twice over; a feature whose residual
/// is below 1e-6 of its norm adds no direction): r ≤ n coordinates per class instead of d, which
/// makes a 640-wide feature cost no more than its inner products. There, at most `newtonSteps`
/// Newton steps from zero, each with a backtracking (Armijo) line search, minimise the objective
/// plus ½(Σₖ bₖ)², which fixes the free constant without moving the optimum; the steps stop early
/// once a step no longer lowers the objective (at its optimum to rounding). Newton's method
/// converges quadratically on this smooth, strongly convex problem: on 5-way 1- and 5-shot
/// episodes of unit-length features the gradient is below 1e-9 within 10 steps for C = 1.
public struct MultinomialLogisticRegression: Sendable {
    /// The number of classes K.
    public let classes: Int
    /// The feature length d.
    public let featureCount: Int
    /// W, row-major [classes, featureCount].
    public let weights: [Double]
    /// b, [classes], summing to zero.
    public let bias: [Double]

    /// Fits the regression to `features` [n, d] with `labels` in `0..<classes`, with inverse
    /// regularisation strength `inverseRegularization` (scikit-learn's C) > 0 and at most
    /// `newtonSteps` Newton steps.
    public init(
        fitting features: Tensor, labels: [Int], classes: Int, inverseRegularization: Double, newtonSteps: Int
    ) {
        precondition(
            features.rank == 2 && features.shape[0] == labels.count && labels.allSatisfy { (0..<classes).contains($0) },
            "MultinomialLogisticRegression: \(labels.count) labels in 0..<\(classes) for features \(features.shape)")
        precondition(inverseRegularization > 0, "MultinomialLogisticRegression: C must be positive")
        let d = features.shape[1]
        let rows = features.scalars.map(Double.init)
        let basis = Self.orthonormalBasis(rows: rows, count: labels.count, length: d)
        var coordinates: [Double] = []  // [n, r + 1]: each row's coordinates in the basis, then 1 for the bias
        for row in 0..<labels.count {
            let x = rows[(row * d)..<((row + 1) * d)]
            coordinates += basis.map { Self.dot($0, x) } + [1]
        }
        let problem = Problem(
            coordinates: coordinates, labels: labels, classes: classes, width: basis.count + 1,
            penalty: 1 / inverseRegularization)
        let theta = problem.minimize(newtonSteps: newtonSteps)
        var weights = [Double](repeating: 0, count: classes * d)
        for k in 0..<classes {
            for (j, direction) in basis.enumerated() {
                let coefficient = theta[k * problem.width + j]
                for index in 0..<d { weights[k * d + index] += coefficient * direction[index] }
            }
        }
        self.classes = classes
        featureCount = d
        self.weights = weights
        bias = (0..<classes).map { theta[$0 * problem.width + basis.count] }
    }

    /// The logits [rows, classes] of `features` [rows, d]: features · Wᵀ + b, in Float32, no graph.
    public func logits(_ features: Tensor) -> Tensor {
        withoutGradients {
            features.linear(
                weight: Tensor(shape: [classes, featureCount], scalars: weights.map(Float.init)),
                bias: Tensor(shape: [classes], scalars: bias.map(Float.init)))
        }
    }

    /// An orthonormal basis of the span of the `count` rows of length `length` (row-major), by
    /// Gram–Schmidt with a second pass for orthogonality in floating point.
    static func orthonormalBasis(rows: [Double], count: Int, length: Int) -> [[Double]] {
        var basis: [[Double]] = []
        for row in 0..<count {
            var residual = Array(rows[(row * length)..<((row + 1) * length)])
            let norm = dot(residual, residual).squareRoot()
            guard norm > 0 else { continue }
            for _ in 0..<2 {
                for direction in basis {
                    let projection = dot(direction, residual)
                    for index in 0..<length { residual[index] -= projection * direction[index] }
                }
            }
            let remaining = dot(residual, residual).squareRoot()
            if remaining > 1e-6 * norm { basis.append(residual.map { $0 / remaining }) }
        }
        return basis
    }

    static func dot<A: Collection<Double>, B: Collection<Double>>(_ a: A, _ b: B) -> Double {
        zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
    }
}
