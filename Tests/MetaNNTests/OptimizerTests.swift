import Testing
import Foundation
import MetaNN

@Suite struct OptimizerTests {
    let start = Parameters([("w", Tensor(shape: [2], scalars: [1, 2]))])
    let gradient = Parameters([("w", Tensor(shape: [2], scalars: [0.5, -1]))])

    @Test func sgdWithMomentumByHand() {
        var optimizer = SGD(learningRate: 0.1, momentum: 0.9)
        var parameters = start
        optimizer.step(&parameters, gradients: gradient)    // v = g;        θ = θ − 0.1 g
        optimizer.step(&parameters, gradients: gradient)    // v = 0.9g + g; θ −= 0.1·1.9 g
        let expected: [Float] = [1 - 0.1 * 0.5 - 0.19 * 0.5, 2 + 0.1 + 0.19]
        #expect(maxDifference(parameters.require("w").scalars, expected) < 1e-6)
    }

    @Test func adamByHand() {
        var optimizer = Adam(learningRate: 0.01)
        var parameters = start
        optimizer.step(&parameters, gradients: gradient)
        // First step: m̂ = g, v̂ = g², so the update is lr · g / (|g| + ε) = ±lr.
        #expect(maxDifference(parameters.require("w").scalars, [1 - 0.01, 2 + 0.01]) < 1e-6)
        optimizer.step(&parameters, gradients: gradient.map { $0 * 2 })
        // Second step by hand for the first entry: g1 = 0.5, g2 = 1.
        let m = 0.9 * 0.1 * 0.5 + 0.1 * 1.0, v = 0.999 * 0.001 * 0.25 + 0.001 * 1.0
        let update = 0.01 * (m / (1 - 0.81)) / ((v / (1 - 0.998001)).squareRoot() + 1e-8)
        #expect(abs(Double(parameters.require("w").scalars[0]) - (0.99 - update)) < 1e-6)
    }

    @Test func restoredStateContinuesExactly() throws {
        var original = Adam(learningRate: 0.01)
        var parameters = start
        for _ in 0..<3 { original.step(&parameters, gradients: gradient) }
        let saved = try JSONEncoder().encode(original.state)
        var resumed = Adam(learningRate: 0.01)
        resumed.state = try JSONDecoder().decode(OptimizerState.self, from: saved)
        var continued = parameters, restarted = parameters
        original.step(&continued, gradients: gradient)
        resumed.step(&restarted, gradients: gradient)
        #expect(continued.isIdentical(to: restarted))
        #expect(resumed.state.step == 4)
    }

    private func maxDifference(_ a: [Float], _ b: [Float]) -> Float {
        zip(a, b).map { abs($0 - $1) }.max() ?? 0
    }
}
