import MetaLearning
import Testing

/// Inner loops on L(w) = Σ wᵢ³ / 3, whose gradient is w² (elementwise), from w = (1, 2).
@Suite struct InnerLoopTests {
    let start = Parameters([("w", Tensor(shape: [2], scalars: [1, 2]))])

    func cubic(_ parameters: Parameters) -> Tensor {
        let w = parameters.require("w")
        return (w * w * w).sum() * (1 / 3)
    }

    func expectClose(_ parameters: Parameters, _ expected: [Float]) {
        let values = parameters.require("w").scalars
        #expect(zip(values, expected).allSatisfy { abs($0 - $1) <= 1e-6 }, "\(values) vs \(expected)")
    }

    @Test func stepsAreSGDOnTheCallersLoss() {
        // φ₁ = w − 0.1 w² = (0.9, 1.6); φ₂ = φ₁ − 0.1 φ₁² = (0.819, 1.344).
        expectClose(InnerLoop.adapt(start, steps: 1, stepSize: .uniform(0.1), secondOrder: false, loss: cubic), [0.9, 1.6])
        expectClose(InnerLoop.adapt(start, steps: 2, stepSize: .uniform(0.1), secondOrder: false, loss: cubic), [0.819, 1.344])
        // Zero steps leave the parameters as they are.
        #expect(InnerLoop.adapt(start, steps: 0, stepSize: .uniform(0.1), secondOrder: false, loss: cubic).isIdentical(to: start))
    }

    @Test func perParameterRatesScaleEachScalar() {
        // Rates (0.1, 0.5): φ₁ = (1 − 0.1·1, 2 − 0.5·4) = (0.9, 0).
        let rates = Parameters([("w", Tensor(shape: [2], scalars: [0.1, 0.5]))])
        expectClose(InnerLoop.adapt(start, steps: 1, stepSize: .perParameter(rates), secondOrder: false, loss: cubic), [0.9, 0])
    }

    @Test(arguments: [false, true])
    func secondOrderDifferentiatesThroughTheStep(secondOrder: Bool) {
        // d(Σ φ₁)/dw = 1 − 2·0.1·w = (0.8, 0.6) exactly; first order treats w² as a constant: (1, 1).
        let theta = start.variables()
        let adapted = InnerLoop.adapt(theta, steps: 1, stepSize: .uniform(0.1), secondOrder: secondOrder, loss: cubic)
        let metaGradient = theta.gradients(of: adapted.require("w").sum())
        expectClose(metaGradient, secondOrder ? [0.8, 0.6] : [1, 1])
    }
}
