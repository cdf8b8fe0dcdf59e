import Foundation
import Testing
import MetaLearning
import FrozenHeads

/// `count` unit-length random rows of length `length`, labels `0..<classes` each `count / classes` times.
private func normalisedFeatures(_ count: Int, _ length: Int, classes: Int, seed: UInt64) -> (Tensor, [Int]) {
    var generator = SeededGenerator(seed: seed)
    let features = Tensor(shape: [count, length], scalars: (0..<(count * length)).map { _ in Float(generator.nextNormal()) })
    return (withoutGradients { features.rowNormalized() }, (0..<count).map { $0 * classes / count })
}

/// The gradient of Σᵢ −log softmax(W xᵢ + b)_{yᵢ} + ‖W‖²/(2C) at the fitted W and b, in Float64, written
/// out here rather than taken from the solver: its largest entry.
private func largestGradient(_ regression: MultinomialLogisticRegression, _ features: Tensor, _ labels: [Int], c: Double) -> Double {
    let (k, d) = (regression.classes, regression.featureCount)
    let x = features.scalars.map(Double.init)
    var weightGradient = regression.weights.map { $0 / c }, biasGradient = [Double](repeating: 0, count: k)
    for (row, label) in labels.enumerated() {
        let logits = (0..<k).map { cls in regression.bias[cls] + (0..<d).reduce(0.0) { $0 + regression.weights[cls * d + $1] * x[row * d + $1] } }
        let largest = logits.max()!, exponentials = logits.map { exp($0 - largest) }, total = exponentials.reduce(0, +)
        for cls in 0..<k {
            let residual = exponentials[cls] / total - (cls == label ? 1 : 0)
            biasGradient[cls] += residual
            for index in 0..<d { weightGradient[cls * d + index] += residual * x[row * d + index] }
        }
    }
    return (weightGradient + biasGradient).map(abs).max()!
}

@Test(arguments: [1, 5]) func theFitIsTheRegularisedOptimum(shots: Int) {
    // 5-way episodes of 640-wide unit features, at the learner's defaults (C = 1, 30 Newton steps).
    let (features, labels) = normalisedFeatures(5 * shots, 640, classes: 5, seed: UInt64(shots))
    let regression = MultinomialLogisticRegression(
        fitting: features, labels: labels, classes: 5, inverseRegularization: LogisticHead.inverseRegularization.defaultValue,
        newtonSteps: LogisticHead.newtonSteps.defaultValue)
    #expect(largestGradient(regression, features, labels, c: 1) < 1e-9)
    #expect(abs(regression.bias.reduce(0, +)) < 1e-9)
    // Not the trivial point: the optimum classifies its own support set.
    #expect(regression.logits(features).accuracy(labels: labels) == 1)
}

@Test func rankDeficientSupportSetsAndOtherStrengthsReachTheOptimum() {
    // Each image twice (a support set of 10 rows spanning 5 directions), weak and strong penalties,
    // and unequal shots.
    let (base, baseLabels) = normalisedFeatures(5, 64, classes: 5, seed: 9)
    let rows = [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 4]
    let features = base.gatheringRows(rows), labels = rows.map { baseLabels[$0] }
    for c in [0.1, 1, 100] {
        let regression = MultinomialLogisticRegression(
            fitting: features, labels: labels, classes: 5, inverseRegularization: c, newtonSteps: 30)
        #expect(largestGradient(regression, features, labels, c: c) < 1e-8, "C = \(c)")
    }
}

@Test func theHeadNormalisesAndScoresByTheRegression() {
    let descriptor = LogisticHead.descriptor
    let context = LearnerContext(hyperparameters: descriptor.resolve(["C": .real(2)]), ways: 3, shots: 2, queries: 2,
                                 makeModel: { MLP(inputSize: 8, hiddenSizes: [], outputs: $0) }, metaOptimizer: Adam(),
                                 iterations: 0, seed: 1, threads: 1)
    var generator = SeededGenerator(seed: 3)
    func images(_ count: Int) -> Tensor { Tensor(shape: [count, 8], scalars: (0..<(count * 8)).map { _ in 3 * generator.nextUnitFloat() }) }
    let support = images(6), query = images(4), labels = [0, 0, 1, 1, 2, 2]
    let learner = LogisticHead(context)
    let logits = learner.predict(FewShotTask(support: support, supportLabels: labels, query: query, ways: 3), with: learner.initialState())
    let expected = withoutGradients {
        MultinomialLogisticRegression(fitting: support.rowNormalized(), labels: labels, classes: 3, inverseRegularization: 2,
                                      newtonSteps: 30).logits(query.rowNormalized())
    }
    #expect(logits.isIdentical(to: expected))
}
