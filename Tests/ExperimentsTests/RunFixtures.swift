import Foundation
import TestSupport
import BuiltinLearners
import Experiments
import FewShotData
import MetaLearning

/// A small synthetic data set shared by the run tests (6 alphabets × 8 characters × 10 drawers),
/// generated once per test process.
enum RunFixtures {
    static let dataset: String = {
        let root = processFolder(named: "ExperimentsTests-synthetic").path
        if !FileManager.default.fileExists(atPath: root) {
            _ = try! SyntheticOmniglot.write(to: root, alphabets: 6, characters: 8, drawers: 10, seed: 3)
        }
        return root
    }()

    /// A spec over the shared data set; `learner`, `training` and `episodes` are JSON object bodies.
    static func spec(name: String = "fixture", learner: String = #""name": "maml""#, model: String = #""name": "mlp", "hiddenUnits": [32]"#,
                     training: String = #""iterations": 12, "metaBatchSize": 2, "validateEvery": 4, "validationEpisodes": 10, "checkpointEvery": 4, "logEvery": 2"#,
                     numerics: NumericsMode = .fast, episodes: String = #""ways": 3, "shots": 1, "queries": 3"#, cache: String) -> String {
        """
        {
          "name": "\(name)", "seed": 5, "numerics": "\(numerics.rawValue)",
          "dataset": { "root": "\(dataset)", "imageSize": 16, "invert": true, "cacheDirectory": "\(cache)",
                       "split": { "fractions": { "train": 0.5, "validation": 0.25, "test": 0.25 }, "of": "alphabets" } },
          "episodes": { \(episodes) },
          "model": { \(model) },
          "learner": { \(learner) },
          "training": { \(training) },
          "evaluation": { "episodes": 20 }
        }
        """
    }

    static func decode(_ text: String) throws -> ExperimentSpec {
        try ExperimentSpec(json: text, learners: BuiltinLearners.registry)
    }

    /// Runs `text` quietly into `directory`.
    @discardableResult
    static func run(_ text: String, in directory: URL, threads: Int = 2, resume: Bool = false) throws -> RunResult {
        try ExperimentRunner(spec: decode(text), registry: BuiltinLearners.registry,
                             options: RunOptions(directory: directory, resume: resume, progress: .quiet, threads: threads)).run()
    }

    /// Starts `executable` (the built `metalearn`) with `arguments` and `--quiet`, its standard output
    /// discarded, and returns the running process.
    static func launch(_ executable: URL, _ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments + ["--quiet"]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// The built `metalearn` executable beside the test bundle, if it was built.
    static var executable: URL? { builtExecutable(named: "metalearn") }
}
