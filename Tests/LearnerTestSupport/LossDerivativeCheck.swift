import MetaLearning

/// The relative errors of a scalar loss's first and second derivatives against central finite
/// differences along a random direction v (drawn from `seed`): ⟨∇L, v⟩ against
/// (L(x + εv) − L(x − εv)) / 2ε, and the Hessian–vector product H·v (from differentiating ⟨∇L, v⟩
/// with a recorded backward pass) against (∇L(x + εv) − ∇L(x − εv)) / 2ε, both with Richardson
/// extrapolation over ε and ε/2, which leaves O(ε⁴) and Float32 round-off (about 1e-7 / ε).
/// A learner's test checks its rule's loss with it, the errors below a tolerance such as 2e-3.
public func lossDerivativeErrors(
    at inputs: [Tensor], seed: UInt64 = 1, step: Float = 1e-2, _ loss: ([Tensor]) -> Tensor
) -> (firstOrder: Float, secondOrder: Float) {
    var generator = SeededGenerator(seed: seed)
    let direction = inputs.map { input in
        Tensor(shape: input.shape, scalars: (0..<input.count).map { _ in Float(generator.nextNormal()) })
    }
    func shifted(_ epsilon: Float) -> [Tensor] { zip(inputs, direction).map { ($0 + $1 * epsilon).detached() } }
    func gradient(_ xs: [Tensor], createGraph: Bool) -> (variables: [Tensor], gradients: [Tensor]) {
        let variables = xs.map { $0.variable() }
        return (variables, gradients(of: loss(variables), wrt: variables, createGraph: createGraph))
    }
    let (variables, grads) = gradient(inputs, createGraph: true)
    let projection = zip(grads, direction).map { ($0 * $1).sum() }.reduce(Tensor(0), +)
    func difference(_ epsilon: Float) -> Float {
        (loss(shifted(epsilon)).scalar - loss(shifted(-epsilon)).scalar) / (2 * epsilon)
    }
    let numeric = (4 * difference(step / 2) - difference(step)) / 3
    let firstOrder = abs(projection.scalar - numeric) / max(abs(numeric), abs(projection.scalar), 1e-2)
    let hessianVector = gradients(of: projection, wrt: variables)
    func gradientDifference(_ epsilon: Float) -> [Tensor] {
        let plus = gradient(shifted(epsilon), createGraph: false).gradients
        let minus = gradient(shifted(-epsilon), createGraph: false).gradients
        return zip(plus, minus).map { ($0 - $1) / (2 * epsilon) }
    }
    let fine = gradientDifference(step / 2)
    let coarse = gradientDifference(step)
    let numericHessianVector = zip(fine, coarse).map { ($0 * 4 - $1) / 3 }
    var squaredError: Float = 0
    var scale: Float = 1e-4
    for (analytic, numeric) in zip(hessianVector, numericHessianVector) {
        squaredError += (analytic - numeric).squared().sum().scalar
        scale = max(scale, numeric.squared().sum().scalar, analytic.squared().sum().scalar)
    }
    return (firstOrder, (squaredError / scale).squareRoot())
}
