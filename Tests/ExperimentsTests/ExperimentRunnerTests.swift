import BuiltinLearners
import Testing
import Foundation
import MetaLearning
import Experiments

/// The run loop end to end on a small synthetic data set.
@Suite(.serialized) struct ExperimentRunnerTests {
    @Test func runWritesEveryFile() throws {
        let directory = try TemporaryDirectory()
        let result = try RunFixtures.run(RunFixtures.spec(cache: directory.file("cache").path), in: directory.file("run"))
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.file("run").path).sorted()
        #expect(files == [".lock", "best.json", "checkpoint.json", "curves.svg", "metrics.jsonl", "report.md", "result.json", "spec.json", "tensorboard"])
        let reread = try RunResult(contentsOf: directory.file("run/result.json"))
        #expect(reread.test.episodeAccuracies == result.test.episodeAccuracies)
        #expect(result.test.episodes == 20 && result.iterations == 12)
        #expect(result.validation != nil)
        let sha = try String(contentsOf: directory.file("run/spec.json"), encoding: .utf8)
        #expect(RunFixtures.decodeSHA(sha) == result.specSHA256)
    }

    /// MAML on an MLP with meta-batches (task parallelism), and ProtoNet on a Conv-4 with one
    /// episode per step (its convolutions and batch norms split over the threads instead).
    @Test(arguments: [(#""name": "maml""#, #""name": "mlp", "hiddenUnits": [32]"#, 2),
                      (#""name": "protonet""#, #""name": "conv4", "hiddenChannels": 8"#, 1)])
    func sameNumbersOnOneOrTwoThreads(learner: String, model: String, metaBatch: Int) throws {
        let directory = try TemporaryDirectory()
        let training = #""iterations": 12, "metaBatchSize": \#(metaBatch), "validateEvery": 4, "validationEpisodes": 10, "checkpointEvery": 4, "logEvery": 2"#
        let spec = RunFixtures.spec(learner: learner, model: model, training: training, cache: directory.file("cache").path)
        let one = try RunFixtures.run(spec, in: directory.file("one"), threads: 1)
        let two = try RunFixtures.run(spec, in: directory.file("two"), threads: 2)
        #expect(one.test.episodeAccuracies == two.test.episodeAccuracies)
        #expect(one.validation == two.validation)
        let metricsOne = try MetricsLog(url: directory.file("one/metrics.jsonl")).records().map { [$0.loss, $0.accuracy] }
        let metricsTwo = try MetricsLog(url: directory.file("two/metrics.jsonl")).records().map { [$0.loss, $0.accuracy] }
        #expect(metricsOne == metricsTwo)
    }

    /// Augmented training is as reproducible as plain training, and `spec.json` records it.
    @Test func augmentedRunGivesTheSameNumbersOnOneOrTwoThreads() throws {
        let directory = try TemporaryDirectory()
        let plain = RunFixtures.spec(cache: directory.file("cache").path)
        let spec = plain.replacingOccurrences(of: #""invert": true,"#, with: #""invert": true, "augmentation": "#
            + #"{"affine": {}, "randomResizedCrop": {"scale": [0.6, 1]}, "horizontalFlip": 0.5},"#)
        let one = try RunFixtures.run(spec, in: directory.file("one"), threads: 1)
        let two = try RunFixtures.run(spec, in: directory.file("two"), threads: 2)
        #expect(one.test.episodeAccuracies == two.test.episodeAccuracies && one.validation == two.validation)
        let metrics = { (run: String) in try MetricsLog(url: directory.file("\(run)/metrics.jsonl")).records().map { [$0.loss, $0.accuracy] } }
        #expect(try metrics("one") == metrics("two"))
        try RunFixtures.run(plain, in: directory.file("plain"), threads: 2)
        #expect(try metrics("plain") != metrics("one"))
        let recorded = try String(contentsOf: directory.file("one/spec.json"), encoding: .utf8)
        #expect(recorded.contains(#""horizontalFlip": 0.5"#) && recorded.contains(#""translate": 0.1"#))
    }

    /// MAML, and MAML++ with inference batch norm whose kills fall before and after both annealing
    /// phases (multi-step loss to iteration 100, first order to 150), so the learned rates, per-step
    /// running statistics and annealing position all come back from checkpoints; ProtoNet on
    /// Meta-Dataset's varying episodes, which resume to the same episodes; and second-order MAML on a
    /// convolutional network in bf16 numerics (where the CPU has AVX512-BF16).
    @Test(arguments: [(#""name": "maml""#, #""name": "mlp", "hiddenUnits": [32]"#, #""ways": 3, "shots": 1, "queries": 3"#, NumericsMode.fast),
                      (#""name": "mamlpp", "innerLR": 0.1, "innerSteps": 2, "evalInnerSteps": 2, "multiStepLossIterations": 100, "firstOrderIterations": 150"#,
                       #""name": "conv4", "hiddenChannels": 4, "batchNorm": "inference""#, #""ways": 3, "shots": 1, "queries": 3"#, .fast),
                      (#""name": "protonet""#, #""name": "mlp", "hiddenUnits": [32]"#, #""sampling": "meta-dataset", "ways": [5, 8]"#, .fast),
                      (#""name": "maml""#, #""name": "conv4", "hiddenChannels": 4"#, #""ways": 3, "shots": 1, "queries": 3"#, .bf16)])
    func killedRunResumesToTheSameResult(learner: String, model: String, episodes: String, numerics: NumericsMode) throws {
        guard let executable = RunFixtures.executable else {
            Issue.record("the metalearn executable was not built beside the tests")
            return
        }
        guard numerics.missingFeature == nil else { return }  // bf16 on a CPU without AVX512-BF16
        let directory = try TemporaryDirectory()
        let training = #""iterations": 400, "metaBatchSize": 2, "validateEvery": 100, "validationEpisodes": 10, "checkpointEvery": 25, "logEvery": 5"#
        let specFile = directory.file("spec.json")
        try RunFixtures.spec(name: "killed", learner: learner, model: model, training: training, numerics: numerics,
                             episodes: episodes, cache: directory.file("cache").path)
            .write(to: specFile, atomically: true, encoding: .utf8)
        let whole = try RunFixtures.launch(executable, ["run", specFile.path, "--out", directory.file("whole").path])
        whole.waitUntilExit()
        #expect(whole.terminationStatus == 0)

        let interrupted = directory.file("interrupted")
        var kills = 0
        var process = try RunFixtures.launch(executable, ["run", specFile.path, "--out", interrupted.path])
        // Kill it with SIGKILL twice at arbitrary moments after checkpoints exist, resuming each time.
        while kills < 2 {
            let lines = (try? String(contentsOf: interrupted.appendingPathComponent("metrics.jsonl"), encoding: .utf8))?
                .split(separator: "\n").count ?? 0
            if lines >= 12 + 30 * kills {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                kills += 1
                process = try RunFixtures.launch(executable, ["run", specFile.path, "--out", interrupted.path, "--resume"])
            } else if !process.isRunning {
                break
            } else {
                usleep(2_000)
            }
        }
        process.waitUntilExit()
        #expect(kills == 2)
        #expect(process.terminationStatus == 0)
        let expected = try RunResult(contentsOf: directory.file("whole/result.json"))
        let actual = try RunResult(contentsOf: interrupted.appendingPathComponent("result.json"))
        #expect(actual.test.episodeAccuracies == expected.test.episodeAccuracies)
        #expect(actual.validation == expected.validation)
        let expectedMetrics = try MetricsLog(url: directory.file("whole/metrics.jsonl")).records().map { [$0.loss, $0.accuracy] }
        let actualMetrics = try MetricsLog(url: interrupted.appendingPathComponent("metrics.jsonl")).records().map { [$0.loss, $0.accuracy] }
        #expect(actualMetrics == expectedMetrics)
        // Each TensorBoard log holds its metrics.jsonl, every step once, and the same numbers.
        let expectedLog = try TensorBoardFixtures.expectLogMatchesMetrics(in: directory.file("whole"))
        let actualLog = try TensorBoardFixtures.expectLogMatchesMetrics(in: interrupted)
        #expect(actualLog.map(TensorBoardFixtures.deterministic) == expectedLog.map(TensorBoardFixtures.deterministic))
    }

    @Test func evalRetestsTheSavedBestCheckpoint() throws {
        let directory = try TemporaryDirectory()
        let result = try RunFixtures.run(RunFixtures.spec(cache: directory.file("cache").path), in: directory.file("run"))
        let saved = try SavedRun(directory: directory.file("run"), registry: BuiltinLearners.registry, threads: 2)
        let again = try saved.test()
        #expect(again == result.test)
        #expect(try saved.test(episodes: 5).episodes == 5)
        #expect(throws: SpecErrors.self) { try SavedRun(directory: directory.url, registry: BuiltinLearners.registry, threads: 1) }  // not a run directory: no spec.json
    }

    @Test func existingRunsAreNeverOverwritten() throws {
        let directory = try TemporaryDirectory()
        let spec = RunFixtures.spec(cache: directory.file("cache").path)
        try RunFixtures.run(spec, in: directory.file("run"))
        let before = try Data(contentsOf: directory.file("run/result.json"))
        #expect(throws: RunError.self) { try RunFixtures.run(spec, in: directory.file("run")) }
        #expect(try Data(contentsOf: directory.file("run/result.json")) == before)
        #expect(throws: RunError.self) { try RunFixtures.run(spec, in: directory.file("fresh"), resume: true) }
        let changed = RunFixtures.spec(learner: #""name": "maml", "innerLR": 0.1"#, cache: directory.file("cache").path)
        #expect(throws: RunError.self) { try RunFixtures.run(changed, in: directory.file("run"), resume: true) }
    }

    @Test func divergenceStopsWithTheLastGoodCheckpoint() throws {
        let directory = try TemporaryDirectory()
        let spec = RunFixtures.spec(learner: #""name": "maml", "innerLR": 10"#,
                                    training: #""iterations": 50, "metaBatchSize": 2, "validateEvery": 0, "checkpointEvery": 1, "optimizer": {"name": "sgd", "lr": 1e30}"#,
                                    cache: directory.file("cache").path)
        do {
            try RunFixtures.run(spec, in: directory.file("run"))
            Issue.record("a run with learning rate 1e30 should diverge")
        } catch let error as RunError {
            #expect(error.description.contains("diverged"))
        }
        #expect(!FileManager.default.fileExists(atPath: directory.file("run/result.json").path))
    }

    @Test func specProblemsFoundInTheDataNameTheirPath() throws {
        let directory = try TemporaryDirectory()
        let spec = RunFixtures.spec(cache: directory.file("cache").path)
            .replacingOccurrences(of: #""ways": 3, "shots": 1, "queries": 3"#, with: #""ways": 3, "shots": 4, "queries": 8"#)
        let problems = DataCheck.problems(try RunFixtures.decode(spec))
        #expect(problems.map(\.path).contains("episodes.shots"))
        #expect(throws: SpecErrors.self) { try RunFixtures.run(spec, in: directory.file("run")) }
        // Nothing was written: fixing the spec and running again needs no clean-up.
        #expect(!FileManager.default.fileExists(atPath: directory.file("run").path))
    }

    @Test func aRunStoppedBeforeItsFirstCheckpointStartsOver() throws {
        let directory = try TemporaryDirectory()
        let spec = RunFixtures.spec(cache: directory.file("cache").path)
        let whole = try RunFixtures.run(spec, in: directory.file("whole"))
        // What a run killed before its first checkpoint leaves: its spec.json and a partial log.
        let stopped = directory.file("stopped")
        try FileManager.default.createDirectory(at: stopped, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: directory.file("whole/spec.json"), to: stopped.appendingPathComponent("spec.json"))
        try Data(#"{"accuracy":0.5,"iteration":2,"loss":1,"phase":"train","seconds":0.1}"#.utf8 + [10, 123])
            .write(to: stopped.appendingPathComponent("metrics.jsonl"))
        let restarted = try RunFixtures.run(spec, in: stopped)
        #expect(restarted.test.episodeAccuracies == whole.test.episodeAccuracies)
        let wholeLog = try MetricsLog(url: directory.file("whole/metrics.jsonl")).records().map { [$0.loss, $0.accuracy] }
        let restartedLog = try MetricsLog(url: stopped.appendingPathComponent("metrics.jsonl")).records().map { [$0.loss, $0.accuracy] }
        #expect(restartedLog == wholeLog)
    }
}

extension RunFixtures {
    static func decodeSHA(_ text: String) -> String { SHA256.hexDigest(of: Array(text.utf8)) }
}

/// `training.schedule` reaches the meta-optimizer: schedules that keep the rate at `lr` give the
/// constant schedule's numbers bit for bit, and a decaying one gives others.
@Suite struct ScheduleTests {
    func accuracies(_ schedule: String) throws -> [Double] {
        let directory = try TemporaryDirectory()
        let training = #""iterations": 8, "metaBatchSize": 2, "validateEvery": 0, "optimizer": {"name": "sgd", "lr": 0.5}, "schedule": \#(schedule)"#
        return try RunFixtures.run(RunFixtures.spec(learner: #""name": "protonet""#, training: training, cache: directory.file("cache").path),
                                   in: directory.file("run")).test.episodeAccuracies
    }

    @Test func schedulesReachTheOptimizer() throws {
        let constant = try accuracies(#"{"name": "constant"}"#)
        #expect(try accuracies(#"{"name": "step", "every": 1, "factor": 1}"#) == constant)
        #expect(try accuracies(#"{"name": "cosine", "minimumLR": 0.5}"#) == constant)
        #expect(try accuracies(#"{"name": "step", "every": 2, "factor": 0.01}"#) != constant)
        #expect(try accuracies(#"{"name": "cosine"}"#) != constant)
    }
}
