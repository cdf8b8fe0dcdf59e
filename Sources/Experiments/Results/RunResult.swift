import Foundation
import MetaLearning
import PosixFiles
import Specs

/// A run's `result.json`: what was run and how well the chosen parameters did on the test episodes.
/// Encoded with sorted keys and two-space indentation; accuracies are fractions in [0, 1].
public struct RunResult: Codable, Sendable, Equatable {
    /// The final test.
    public struct TestSummary: Codable, Sendable, Equatable {
        /// Mean accuracy over the test episodes.
        public var accuracy: Double
        /// Half-width of the 95% confidence interval: 1.96 · sd / √episodes.
        public var ci95: Double
        /// The number of test episodes.
        public var episodes: Int
        /// Each episode's accuracy, in episode order.
        public var episodeAccuracies: [Double]
        /// Each episode's query logits [queries][ways], in episode order, when asked for (`eval
        /// --logits`); nil, and left out of the JSON, otherwise (always in `result.json`).
        public var episodeLogits: [[[Float]]]?

        /// The summary of `episodeAccuracies` (not empty).
        public init(episodeAccuracies: [Double]) {
            let summary = AccuracySummary(episodeAccuracies)
            accuracy = summary.mean
            ci95 = summary.ci95
            episodes = summary.count
            self.episodeAccuracies = episodeAccuracies
        }
    }

    /// The test of one source of a run with `dataset.sources`.
    public struct SourceTest: Codable, Sendable, Equatable {
        /// The source's name.
        public var name: String
        /// Whether training episodes came from it (false: a domain unseen in training).
        public var seenInTraining: Bool
        /// Its own test episodes' figures.
        public var test: TestSummary

        /// A source's test figures.
        public init(name: String, seenInTraining: Bool, test: TestSummary) {
            self.name = name
            self.seenInTraining = seenInTraining
            self.test = test
        }
    }

    /// The validation that chose the tested parameters.
    public struct ValidationSummary: Codable, Sendable, Equatable {
        /// The highest mean validation accuracy reached.
        public var bestAccuracy: Double
        /// The iteration it was reached at (the tested checkpoint's).
        public var bestIteration: Int

        /// The best validation accuracy and its iteration.
        public init(bestAccuracy: Double, bestIteration: Int) {
            self.bestAccuracy = bestAccuracy
            self.bestIteration = bestIteration
        }
    }

    /// The pre-training phase that gave the learner its body.
    public struct PretrainingSummary: Codable, Sendable, Equatable {
        /// Epochs trained.
        public var epochs: Int
        /// The validation that chose the body, absent when the phase did not validate (its last epoch's body was used).
        public var validation: ValidationSummary?
        /// Wall-clock seconds of the phase (validation included), summed across resumed sessions.
        public var seconds: Double

        /// A phase's summary from its parts; `validation.bestIteration` is an epoch.
        public init(epochs: Int, validation: ValidationSummary?, seconds: Double) {
            self.epochs = epochs
            self.validation = validation
            self.seconds = seconds
        }
    }

    /// The spec's name.
    public var name: String
    /// The learner's registered name.
    public var learner: String
    /// The model's name (`conv4`, `mlp`).
    public var model: String
    /// Classes per test episode (the most the rule draws, when episodes vary).
    public var ways: Int
    /// Support images per class (the most the rule draws, when episodes vary).
    public var shots: Int
    /// Queries per class (the most the rule draws, when episodes vary).
    public var queries: Int
    /// The rule test episodes are drawn by when they vary (`EpisodeRule.description`: "5-20-way
    /// 1-5-shot 15-query", "meta-dataset"); absent for fixed N-way K-shot episodes.
    public var episodes: String?
    public var seed: Int
    /// Meta-training iterations completed.
    public var iterations: Int
    /// The final test. With `dataset.sources`, every source's test episodes pooled, in source order:
    /// since each source runs `evaluation.episodes` episodes, its accuracy is the mean over the test
    /// sources of their accuracies (its interval is over all those episodes).
    public var test: TestSummary
    /// With `dataset.sources`, each source's own test, in the spec's order; absent for a run of one data set.
    public var sources: [SourceTest]?
    /// Absent when the run did not validate (its final parameters were tested).
    public var validation: ValidationSummary?
    /// The pre-training phase, absent when the run had none.
    public var pretraining: PretrainingSummary?
    /// Wall-clock seconds of training (both phases, validation included, test excluded), summed across
    /// resumed sessions.
    public var trainSeconds: Double
    /// `ExperimentSpec.specSHA256` of the resolved spec.
    public var specSHA256: String
    /// What the test episodes' images were: `ExperimentData.testDataDigest`; absent from results
    /// written before it was recorded.
    public var testDataDigest: String?
    /// `MetaLearnVersion.current` of the software that produced it.
    public var version: String
    /// How the numbers were computed; absent from results written before it was recorded (all fast).
    public var numerics: NumericsRecord?
    /// The batch-norm mode of the model (`model.batchNorm`); absent for a model without batch norm and
    /// from results written before it was recorded (all transductive).
    public var batchNorm: BatchNormMode?
    /// The learner's resolved hyperparameters, written as plain JSON values. An integral real reads back
    /// as `.integer` (JSON does not tell `1.0` from `1`); `Hyperparameters.real` widens it.
    public var hyperparameters: [String: HyperparameterValue] {
        get { storedHyperparameters.mapValues(\.value) }
        set { storedHyperparameters = newValue.mapValues(PlainHyperparameterValue.init) }
    }
    private var storedHyperparameters: [String: PlainHyperparameterValue]

    private enum CodingKeys: String, CodingKey {
        case name, learner, model, ways, shots, queries, episodes, seed, iterations, test, sources, validation,
            pretraining,
            trainSeconds,
            specSHA256, testDataDigest, version, numerics, batchNorm
        case storedHyperparameters = "hyperparameters"
    }

    /// The result of running `spec`: its identity and settings, and the test of `testAccuracies`
    /// (one per test episode, not empty), at the current version and with this process's numerics.
    public init(spec: ExperimentSpec, testAccuracies: [Double], validation: ValidationSummary?, trainSeconds: Double) {
        name = spec.name
        learner = spec.learner.name
        model = spec.model.name
        ways = spec.episodes.ways.upperBound
        shots = spec.episodes.shots.upperBound
        queries = spec.episodes.queries
        episodes = spec.episodes.isFixed ? nil : spec.episodes.rule.description
        seed = spec.seed
        iterations = spec.training.iterations
        test = TestSummary(episodeAccuracies: testAccuracies)
        self.validation = validation
        self.trainSeconds = trainSeconds
        specSHA256 = spec.specSHA256
        version = MetaLearnVersion.current
        numerics = NumericsRecord(mode: spec.numerics)
        batchNorm =
            spec.model.parameters.values[BatchNormMode.hyperparameter.name] == nil
            ? nil
            : BatchNormMode(modelSettings: spec.model.parameters)
        storedHyperparameters = spec.learner.parameters.values.mapValues(PlainHyperparameterValue.init)
    }

    /// Reads and decodes a `result.json`.
    /// - Throws: `RunFileError` naming the file, and for malformed content the missing or wrong key.
    public init(contentsOf url: URL) throws(RunFileError) {
        let data: Data
        do {
            data = Data(try FileIO.readBytes(url.path))
        } catch {
            throw .unreadable(path: url.path, reason: error.reason)
        }
        do {
            self = try RunJSON.decoder().decode(RunResult.self, from: data)
        } catch {
            throw .malformed(path: url.path, reason: RunJSON.reason(error, decoding: data))
        }
        if let problem = implausibility {
            throw .malformed(path: url.path, reason: problem)
        }
    }

    /// What makes the figures impossible for a run's result (an accuracy outside [0, 1], a count that
    /// disagrees with its list), or nil when they are plausible.
    var implausibility: String? {
        let fractions =
            [("test.accuracy", test.accuracy), ("test.ci95", test.ci95)]
            + test.episodeAccuracies.enumerated().map { ("test.episodeAccuracies[\($0)]", $1) }
            + (validation.map { [("validation.bestAccuracy", $0.bestAccuracy)] } ?? [])
            + (sources ?? []).enumerated().flatMap { position, source in
                [("sources[\(position)].test.accuracy", source.test.accuracy)]
                    + source.test.episodeAccuracies.enumerated().map {
                        ("sources[\(position)].test.episodeAccuracies[\($0)]", $1)
                    }
            }
        if let (key, value) = fractions.first(where: { !(0...1).contains($0.1) }) {
            return "\(key) is \(value), outside [0, 1] (accuracies are fractions)"
        }
        if test.episodes != test.episodeAccuracies.count || test.episodes < 1 {
            return "test.episodes is \(test.episodes) but test.episodeAccuracies holds \(test.episodeAccuracies.count)"
        }
        for (position, source) in (sources ?? []).enumerated()
        where source.test.episodes != source.test.episodeAccuracies.count || source.test.episodes < 1 {
            return "sources[\(position)].test.episodes is \(source.test.episodes) but its episodeAccuracies holds "
                + "\(source.test.episodeAccuracies.count)"
        }
        return nil
    }

    /// The `result.json` text, ending in a newline.
    public func jsonData() -> Data {
        // Encoding plain values with a non-throwing float strategy cannot fail.
        var data = try! RunJSON.encoder(pretty: true).encode(self)
        data.append(UInt8(ascii: "\n"))
        return data
    }
}

/// A hyperparameter value coded as the bare JSON value (`0.4`, `5`, `true`, `"cosine"`, `[64, 64]`).
private struct PlainHyperparameterValue: Codable, Sendable, Equatable {
    let value: HyperparameterValue

    init(_ value: HyperparameterValue) {
        self.value = value
    }

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let flag = try? container.decode(Bool.self) {
            value = .boolean(flag)
        } else if let integer = try? container.decode(Int.self) {
            value = .integer(integer)
        } else if let real = try? container.decode(Double.self) {
            value = .real(real)
        } else if let list = try? container.decode([PlainHyperparameterValue].self) {
            value = .list(list.map(\.value))
        } else {
            value = .text(try container.decode(String.self))
        }
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch value {
        case .real(let real): try container.encode(real)
        case .integer(let integer): try container.encode(integer)
        case .boolean(let flag): try container.encode(flag)
        case .text(let word): try container.encode(word)
        case .list(let values): try container.encode(values.map(PlainHyperparameterValue.init))
        }
    }
}

extension RunResult.TestSummary {
    /// The summary as `result.json` writes its `test`: indented JSON with sorted keys, ending in a newline.
    public var json: String {
        // Encoding plain values with a non-throwing float strategy cannot fail.
        String(decoding: try! RunJSON.encoder(pretty: true).encode(self), as: UTF8.self) + "\n"
    }
}
