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

    /// AdamW: θ·(1 − lr·λ) − lr·m̂/(√v̂ + ε); with lr 0.01, λ 0.5 the first step is θ·0.995 ∓ 0.01.
    @Test func adamDecaysWeightsDecoupledByHand() {
        var optimizer = Adam(learningRate: 0.01, weightDecay: 0.5)
        var parameters = start
        optimizer.step(&parameters, gradients: gradient)
        #expect(maxDifference(parameters.require("w").scalars, [1 * 0.995 - 0.01, 2 * 0.995 + 0.01]) < 1e-6)
        // With a zero gradient (m = v = 0) the step is the decay alone: θ·(1 − 0.1·2).
        var decayOnly = Adam(learningRate: 0.1, weightDecay: 2)
        var weights = start
        decayOnly.step(&weights, gradients: start.zeros())
        #expect(maxDifference(weights.require("w").scalars, [0.8, 1.6]) < 1e-6)
    }

    /// SGD's L2: g + λθ, carried by momentum: with lr 0.1, λ 0.2, μ 0.9, two steps by hand.
    @Test func sgdAddsWeightDecayToTheGradientByHand() {
        var optimizer = SGD(learningRate: 0.1, momentum: 0.9, weightDecay: 0.2)
        var parameters = start
        optimizer.step(&parameters, gradients: gradient)
        // g' = (0.5 + 0.2, −1 + 0.4) = (0.7, −0.6); θ = (1 − 0.07, 2 + 0.06) = (0.93, 2.06).
        #expect(maxDifference(parameters.require("w").scalars, [0.93, 2.06]) < 1e-6)
        optimizer.step(&parameters, gradients: gradient)
        // g' = (0.5 + 0.186, −1 + 0.412) = (0.686, −0.588); v = 0.9·(0.7, −0.6) + g' = (1.316, −1.128).
        #expect(maxDifference(parameters.require("w").scalars, [0.93 - 0.1316, 2.06 + 0.1128]) < 1e-6)
    }

    /// Nesterov: θ ← θ − lr·(g + μ·v) after v ← μ·v + g; with lr 0.1, μ 0.9 the two steps move by
    /// 1.9·lr·g and 2.71·lr·g, where classical momentum moves by lr·g and 1.9·lr·g.
    @Test func sgdWithNesterovMomentumByHand() {
        var optimizer = SGD(learningRate: 0.1, momentum: 0.9, nesterov: true)
        var parameters = start
        optimizer.step(&parameters, gradients: gradient)
        #expect(maxDifference(parameters.require("w").scalars, [1 - 0.19 * 0.5, 2 + 0.19]) < 1e-6)
        optimizer.step(&parameters, gradients: gradient)
        #expect(maxDifference(parameters.require("w").scalars, [1 - 0.461 * 0.5, 2 + 0.461]) < 1e-6)
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

    @Test func sgdFollowsItsScheduleFromTheFirstStep() {
        // Rate 1 halved after every update: steps of 1, 0.5 and 0.25 times the gradient.
        var optimizer = SGD(learningRate: 1, schedule: .step(every: 1, factor: 0.5))
        var parameters = start
        for _ in 0..<3 { optimizer.step(&parameters, gradients: gradient) }
        #expect(parameters.require("w").scalars == [1 - 1.75 * 0.5, 2 + 1.75])
        #expect(optimizer.currentLearningRate == 0.125)
    }

    @Test func adamEvaluatesTheScheduleAtTheStepsTaken() {
        // The second update of a halving schedule is a constant-rate update at half the rate.
        var scheduled = Adam(learningRate: 0.01, schedule: .step(every: 1, factor: 0.5))
        var constant = Adam(learningRate: 0.01)
        var a = start, b = start
        scheduled.step(&a, gradients: gradient)
        constant.step(&b, gradients: gradient)
        #expect(a.isIdentical(to: b))
        constant.learningRate = 0.005
        scheduled.step(&a, gradients: gradient.map { $0 * 2 })
        constant.step(&b, gradients: gradient.map { $0 * 2 })
        #expect(a.isIdentical(to: b))
    }

    @Test func restoredStateContinuesTheScheduleExactly() throws {
        func gradient(_ k: Int) -> Parameters { self.gradient.map { $0 * Float(k + 1) } }
        for schedule in [LearningRateSchedule.cosine(iterations: 6, minimum: 1e-3), .step(every: 2, factor: 0.3)] {
            var uninterrupted = Adam(learningRate: 0.05, schedule: schedule)
            var parameters = start
            for k in 0..<4 { uninterrupted.step(&parameters, gradients: gradient(k)) }
            var resumed = Adam(learningRate: 0.05, schedule: schedule)
            resumed.state = try JSONDecoder().decode(OptimizerState.self, from: JSONEncoder().encode(uninterrupted.state))
            var continued = parameters, restarted = parameters
            for k in 4..<8 {
                uninterrupted.step(&continued, gradients: gradient(k))
                resumed.step(&restarted, gradients: gradient(k))
                #expect(continued.isIdentical(to: restarted))
            }
            #expect(resumed.currentLearningRate == Float(schedule.rate(base: 0.05, step: 8)))
        }
    }

    private func maxDifference(_ a: [Float], _ b: [Float]) -> Float {
        zip(a, b).map { abs($0 - $1) }.max() ?? 0
    }
}
