import SpecTestSupport
import Experiments
import Foundation
import Testing

/// `metalearn table --compare`: paired differences of per-episode accuracies.
@Suite struct PairedComparisonTests {
    let spec = try! ExperimentSpec(json: designSpec, learners: TestLearners.all)

    /// A = [1, 0.5, 0.8], B = [0.5, 0.5, 0.6]: differences [0.5, 0, 0.2], mean 0.7/3 = 0.23333,
    /// sd = √((0.26667² + 0.23333² + 0.03333²)/2) = √0.063333 = 0.25166, ci95 = 1.96 · 0.25166/√3 = 0.28478.
    /// A alone: 0.76667 ± 0.28478 (its deviations are those of the differences); B alone: 0.53333,
    /// sd = √(0.0066667/2) = 0.057735, ± 1.96 · 0.057735/√3 = 0.065333.
    @Test func meanDifferenceAndItsPairedInterval() throws {
        let comparison = try PairedComparison(makeResult("maml", ways: 5, shots: 1, accuracies: [1, 0.5, 0.8]), spec: spec.resolvedJSON, path: "a",
                                              makeResult("protonet", ways: 5, shots: 1, accuracies: [0.5, 0.5, 0.6]), spec: spec.resolvedJSON, path: "b")
        #expect(comparison.episodes == 3)
        #expect(abs(comparison.difference - 0.7 / 3) < 1e-12)
        #expect(abs(comparison.ci95 - 1.96 * (0.19 / 3).squareRoot() / 3.0.squareRoot()) < 1e-12)
        #expect(!comparison.isSignificant)   // 0.233 ± 0.285 holds 0
        #expect(comparison.rendered(as: .markdown) == """
        | Run | Learner | Test accuracy (%) |
        |---|---|---:|
        | A: omniglot-5w1s-maml | maml | 76.7 ± 28.5 |
        | B: omniglot-5w1s-maml | protonet | 53.3 ± 6.5 |
        | A − B paired over 3 episodes |  | +23.3 ± 28.5 |

        A − B is not significant at the 95% level: its interval holds 0.

        """)
        // The same difference on many episodes is significant: pairing removes what episodes share.
        let many = try PairedComparison(makeResult("maml", ways: 5, shots: 1, accuracies: (0..<100).map { 0.5 + Double($0 % 5) / 10 }),
                                        spec: spec.resolvedJSON, path: "a",
                                        makeResult("protonet", ways: 5, shots: 1, accuracies: (0..<100).map { 0.45 + Double($0 % 5) / 10 }),
                                        spec: spec.resolvedJSON, path: "b")
        #expect(abs(many.difference - 0.05) < 1e-12 && many.ci95 < 1e-12 && many.isSignificant)
    }

    /// Runs with equal keys whose test images differ (the files under the root were rewritten
    /// between them) are not paired; results without a digest still pair by the keys.
    @Test func runsOfOtherTestImagesAreRefused() throws {
        var a = try makeResult("maml", ways: 5, shots: 1, accuracies: [1, 0.5]), b = try makeResult("protonet", ways: 5, shots: 1, accuracies: [0.5, 0.5])
        (a.testDataDigest, b.testDataDigest) = ("1111", "2222")
        let error = #expect(throws: PairedComparisonError.self) {
            try PairedComparison(a, spec: spec.resolvedJSON, path: "a", b, spec: spec.resolvedJSON, path: "b")
        }
        #expect(error?.description.hasPrefix("a and b were not tested on the same episodes: their test images differ") == true)
        b.testDataDigest = nil
        #expect(throws: Never.self) { try PairedComparison(a, spec: self.spec.resolvedJSON, path: "a", b, spec: self.spec.resolvedJSON, path: "b") }
    }

    @Test func runsOfOtherEpisodesAreRefusedNamingWhatDiffers() throws {
        let a = try makeResult("maml", ways: 5, shots: 1, accuracies: [1, 0.5])
        var reseeded = spec
        reseeded.seed = 2
        let error = #expect(throws: PairedComparisonError.self) {
            try PairedComparison(a, spec: spec.resolvedJSON, path: "runs/a", a, spec: reseeded.resolvedJSON, path: "runs/b")
        }
        #expect(error?.description == "runs/a and runs/b were not tested on the same episodes: seed is 1 and 2; "
                + "a paired comparison needs runs of the same data set, split, seed and episode shape")
        var within = spec
        within.episodes.withinAlphabet = true
        let protocolError = #expect(throws: PairedComparisonError.self) {
            try PairedComparison(a, spec: spec.resolvedJSON, path: "a", a, spec: within.resolvedJSON, path: "b")
        }
        #expect(protocolError?.description.contains("episodes.withinAlphabet is absent") == false)
        #expect(protocolError?.description.contains("episodes.withinAlphabet is false and true") == true)
        #expect(throws: PairedComparisonError.differentEpisodes(first: "a", second: "b", what: "they have 2 and 1 test episodes")) {
            try PairedComparison(a, spec: spec.resolvedJSON, path: "a", makeResult("maml", ways: 5, shots: 1, accuracies: [1]),
                                 spec: spec.resolvedJSON, path: "b")
        }
        // Learner, model and images may differ: that is what is compared.
        var other = spec
        other.dataset.imageSize = 84
        other.learner.name = "protonet"
        _ = try PairedComparison(a, spec: spec.resolvedJSON, path: "a", a, spec: other.resolvedJSON, path: "b")
    }

    @Test func loadsRunDirectoriesAndRefusesAResultWithoutItsSpec() throws {
        let directory = try TemporaryDirectory()
        for (name, accuracies) in [("a", [0.9, 0.7]), ("b", [0.8, 0.6])] {
            try FileManager.default.createDirectory(at: directory.file(name), withIntermediateDirectories: true)
            try makeResult(name, ways: 5, shots: 1, accuracies: accuracies).jsonData().write(to: directory.file("\(name)/result.json"))
            try spec.canonicalJSON.write(to: directory.file("\(name)/spec.json"), atomically: true, encoding: .utf8)
        }
        let comparison = try PairedComparison.load(directory.file("a").path, directory.file("b/result.json").path)
        #expect(comparison.first.learner == "a" && comparison.second.learner == "b" && abs(comparison.difference - 0.1) < 1e-12)
        try FileManager.default.removeItem(at: directory.file("b/spec.json"))
        let error = #expect(throws: RunFileError.self) { try PairedComparison.load(directory.file("a").path, directory.file("b").path) }
        #expect(error?.description.hasPrefix("cannot read \(directory.file("b/spec.json").path): No such file or directory; "
                                             + "a paired comparison reads the spec") == true, "\(error.map { "\($0)" } ?? "")")
    }
}
