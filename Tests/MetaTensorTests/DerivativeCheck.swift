import MetaTensor
import SeededRandom

/// Finite-difference checks of first derivatives (gradients) and second derivatives
/// (Hessian–vector products) of a tensor function, in Float32.
///
/// The function is wrapped into the scalar L(x) = Σ w·f(x) + ½ Σ f(x)² with a fixed random w,
/// so both derivatives are non-trivial even when f is linear. Along a random direction v:
/// - first order:  ⟨∇L, v⟩ against (L(x + εv) − L(x − εv)) / 2ε
/// - second order: H v (from differentiating ⟨∇L, v⟩ with createGraph) against
///   (∇L(x + εv) − ∇L(x − εv)) / 2ε, compared as whole vectors.
/// Both differences use Richardson extrapolation over steps ε and ε/2, (4·D(ε/2) − D(ε)) / 3,
/// which cancels the O(ε²) truncation term. With ε = 1e-2 what remains is O(ε⁴) plus Float32
/// round-off of about 1e-7 / ε = 1e-5 relative, so a relative tolerance of 2e-3 passes every
/// correct rule while any wrong rule (off by a sign, a factor or a term) is off by far more.
struct DerivativeCheck {
    var epsilon: Float = 1e-2
    var tolerance: Float = 2e-3
    var seed: UInt64 = 1

    struct Outcome {
        var firstOrderError: Float
        var secondOrderError: Float
    }

    func run(_ inputs: [Tensor], _ f: ([Tensor]) -> Tensor) -> Outcome {
        var generator = SeededGenerator(seed: seed)
        let outputShape = f(inputs).shape
        let weight = randomTensor(outputShape, &generator)
        let direction = inputs.map { randomTensor($0.shape, &generator) }
        func loss(_ xs: [Tensor]) -> Tensor {
            let y = f(xs)
            return (y * weight).sum() + y.squared().sum() * 0.5
        }
        func gradient(_ xs: [Tensor], createGraph: Bool = false) -> ([Tensor], [Tensor]) {
            let variables = xs.map { $0.variable() }
            return (variables, gradients(of: loss(variables), wrt: variables, createGraph: createGraph))
        }
        let (variables, grads) = gradient(inputs, createGraph: true)
        let directional = zip(grads, direction).map { ($0 * $1).sum().scalar }.reduce(0, +)
        func difference(_ step: Float) -> Float {
            (loss(shifted(inputs, direction, step)).scalar - loss(shifted(inputs, direction, -step)).scalar) / (2 * step)
        }
        let numeric = (4 * difference(epsilon / 2) - difference(epsilon)) / 3
        let firstError = abs(directional - numeric) / max(abs(numeric), abs(directional), 1e-2)

        let projection = zip(grads, direction).map { ($0 * $1).sum() }.reduce(Tensor(0), +)
        let hessianVector = gradients(of: projection, wrt: variables)
        func gradientDifference(_ step: Float) -> [Tensor] {
            let plus = gradient(shifted(inputs, direction, step)).1, minus = gradient(shifted(inputs, direction, -step)).1
            return zip(plus, minus).map { ($0 - $1) / (2 * step) }
        }
        let coarse = gradientDifference(epsilon), fine = gradientDifference(epsilon / 2)
        var differenceNorm: Float = 0, scale: Float = 1e-2
        for (index, analytic) in hessianVector.enumerated() {
            let numericHV = (fine[index] * 4 - coarse[index]) / 3
            differenceNorm += (analytic - numericHV).squared().sum().scalar
            scale = max(scale, numericHV.squared().sum().scalar, analytic.squared().sum().scalar)
        }
        return Outcome(firstOrderError: firstError, secondOrderError: (differenceNorm / scale).squareRoot())
    }

    func passes(_ inputs: [Tensor], _ f: ([Tensor]) -> Tensor) -> Bool {
        let outcome = run(inputs, f)
        return outcome.firstOrderError < tolerance && outcome.secondOrderError < tolerance
    }
}

func randomTensor(_ shape: [Int], _ generator: inout SeededGenerator, scale: Float = 1) -> Tensor {
    Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in Float(generator.nextNormal()) * scale })
}

func randomTensor(_ shape: [Int], seed: UInt64, scale: Float = 1) -> Tensor {
    var generator = SeededGenerator(seed: seed)
    return randomTensor(shape, &generator, scale: scale)
}

/// Values bounded away from zero (|x| ≥ 0.2), so piecewise-linear operations keep their
/// branch under a finite-difference step.
func awayFromZero(_ shape: [Int], seed: UInt64) -> Tensor {
    var generator = SeededGenerator(seed: seed)
    return Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in
        let magnitude = 0.2 + generator.nextUnitFloat()
        return generator.nextInt(below: 2) == 0 ? magnitude : -magnitude
    })
}

private func shifted(_ inputs: [Tensor], _ direction: [Tensor], _ step: Float) -> [Tensor] {
    zip(inputs, direction).map { ($0 + $1 * step).detached() }
}

func maxAbsDifference(_ a: [Float], _ b: [Float]) -> Float {
    precondition(a.count == b.count)
    return zip(a, b).map { abs($0 - $1) }.max() ?? 0
}
