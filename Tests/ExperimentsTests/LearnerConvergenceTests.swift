import Testing
import TestSupport
import Foundation
import Experiments
import FewShotData

/// Every built-in learner, trained briefly on the synthetic data set, beats chance (20% for
/// 5-way) by a wide margin on held-out alphabets. A small Conv-4 (16 channels) keeps the whole
/// group within a couple of minutes in release mode.
@Suite(.serialized) struct LearnerConvergenceTests {
    static let dataset: String = {
        let root = processFolder(named: "ConvergenceTests-synthetic").path
        if !FileManager.default.fileExists(atPath: root) {
            _ = try! SyntheticOmniglot.write(to: root, alphabets: 10, characters: 12, drawers: 10, seed: 4)
        }
        return root
    }()

    /// (learner object, iterations, meta-batch size): budgets sized to a few seconds each.
    static let budgets: [(learner: String, iterations: Int, metaBatch: Int)] = [
        (#""name": "maml", "innerLR": 0.4, "evalInnerSteps": 3"#, 100, 4),
        (#""name": "fomaml", "innerLR": 0.4, "evalInnerSteps": 3"#, 100, 4),
        (#""name": "metasgd""#, 100, 4),
        (#""name": "anil", "innerLR": 0.4, "evalInnerSteps": 10"#, 60, 4),
        (#""name": "reptile", "innerLR": 0.01, "innerSteps": 8, "evalInnerSteps": 20"#, 150, 5),
        (#""name": "protonet""#, 60, 4),
        (#""name": "matching", "temperature": 0.1"#, 60, 4),
        (#""name": "relationnet""#, 100, 4),
        (#""name": "r2d2""#, 60, 4),
    ]

    @Test(arguments: budgets.indices)
    func learnerBeatsChance(index: Int) throws {
        let budget = Self.budgets[index]
        let directory = try TemporaryDirectory()
        let spec = """
        {
          "name": "convergence", "seed": 2,
          "dataset": { "root": "\(Self.dataset)", "imageSize": 28, "invert": true, "cacheDirectory": "\(directory.file("cache").path)",
                       "split": { "fractions": { "train": 0.7, "test": 0.3 }, "of": "alphabets" } },
          "episodes": { "ways": 5, "shots": 1, "queries": 5 },
          "model": { "name": "conv4", "hiddenChannels": 16 },
          "learner": { \(budget.learner) },
          "training": { "iterations": \(budget.iterations), "metaBatchSize": \(budget.metaBatch), "validateEvery": 0 },
          "evaluation": { "episodes": 100 }
        }
        """
        let result = try RunFixtures.run(spec, in: directory.file("run"))
        // Chance is 0.2; 0.4 is far outside what an untrained learner reaches on 100 episodes
        // (its 95% interval is about ±0.04).
        #expect(result.test.accuracy > 0.4, "\(result.learner): test accuracy \(result.test.accuracy)")
        print("convergence \(result.learner): \(result.test.accuracy) ± \(result.test.ci95) in \(result.trainSeconds)s")
    }
}
