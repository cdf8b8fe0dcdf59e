import Foundation
import Testing
import MetaLearning
import FrozenHeads

private func context(_ classifier: FineTuneHead.Classifier, seed: UInt64 = 1) -> LearnerContext {
    LearnerContext(hyperparameters: FineTuneHead.descriptor.resolve(["classifier": .text(classifier.rawValue)]),
                   ways: 5, shots: 2, queries: 1, makeModel: { MLP(inputSize: 8, hiddenSizes: [], outputs: $0) },
                   metaOptimizer: Adam(), iterations: 0, seed: seed, threads: 1)
}

/// Separable support features: 5 classes of 2 (and, to test unequal shots, one of 3), each near
/// 2·e_class in 8 dimensions.
private let supportLabels = [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 4]
private let supportFeatures: Tensor = {
    var generator = SeededGenerator(seed: 11)
    return Tensor(shape: [supportLabels.count, 8], scalars: supportLabels.flatMap { label in
        (0..<8).map { (label == $0 ? 2 : 0) + 0.3 * Float(generator.nextNormal()) }
    })
}()

@Test(arguments: FineTuneHead.Classifier.allCases) func theHeadFitsSeparableSupportFeatures(classifier: FineTuneHead.Classifier) {
    let head = FineTuneHead(context(classifier))
    let logits = head.logits(supportFeatures: supportFeatures, supportLabels: supportLabels, ways: 5,
                             queryFeatures: supportFeatures, state: head.initialState())
    #expect(logits.shape == [supportLabels.count, 5])
    #expect(logits.accuracy(labels: supportLabels) == 1)
    #expect(!logits.requiresGradient)
    let trained = head.trainedHead(supportFeatures: supportFeatures, supportLabels: supportLabels, ways: 5)
    #expect(trained.names == (classifier == .linear ? ["weight", "bias"] : ["weight"]))
}

@Test(arguments: FineTuneHead.Classifier.allCases) func anEpisodesLogitsArePureFunctionsOfItsFeaturesAndTheSeed(
    classifier: FineTuneHead.Classifier
) {
    func logits(_ head: FineTuneHead) -> Tensor {
        head.logits(supportFeatures: supportFeatures, supportLabels: supportLabels, ways: 5,
                    queryFeatures: supportFeatures.slice(0..<3), state: head.initialState())
    }
    let first = logits(FineTuneHead(context(classifier))), second = logits(FineTuneHead(context(classifier)))
    #expect(first.isIdentical(to: second))
    #expect(!logits(FineTuneHead(context(classifier, seed: 2))).isIdentical(to: first))
}

@Test func theCosineHeadScoresScaledCosines() {
    // After training, the cosine head's logits are 2·cos(query, weight row): within [−2, 2].
    let head = FineTuneHead(context(.cosine))
    let logits = head.logits(supportFeatures: supportFeatures, supportLabels: supportLabels, ways: 5,
                             queryFeatures: supportFeatures, state: head.initialState())
    #expect(logits.scalars.allSatisfy { abs($0) <= 2 + 1e-5 })
    #expect(logits.scalars.contains { abs($0) > 1 })
}
