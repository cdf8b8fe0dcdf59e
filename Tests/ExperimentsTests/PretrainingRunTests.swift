import Experiments
import Foundation
import MetaLearning
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Runs with a pre-training phase keep every promise a meta-training run keeps.
@Suite struct PretrainingRunTests {
    /// A fixture spec with `pretraining` (a JSON object body) before its training section.
    static func spec(
        pretraining: String, learner: String = #""name": "protonet""#,
        model: String = #""name": "conv4", "hiddenChannels": 8, "batchNorm": "inference""#,
        training: String = #""iterations": 4, "metaBatchSize": 1, "validateEvery": 2, "validationEpisodes": 10, "checkpointEvery": 2, "logEvery": 1"#,
        cache: String
    ) -> String {
        RunFixtures.spec(learner: learner, model: model, training: training, cache: cache)
            .replacingOccurrences(of: #""training":"#, with: #""pretraining": { \#(pretraining) }, "training":"#)
    }

    static func metrics(_ url: URL) throws -> [[Double]] {
        try MetricsLog(url: url).records().map { [Double($0.iteration), $0.loss, $0.accuracy] }
    }

    /// Pre-training with ghost batches, inference batch norm (running statistics recorded and handed
    /// to the learner), label smoothing, Nesterov momentum and validation, then meta-training: the
    /// same numbers on one or two threads, and metrics lines of both phases.
    @Test func sameNumbersOnOneOrTwoThreads() throws {
        let directory = try TemporaryDirectory()
        let pretraining = #""epochs": 3, "batchSize": 16, "ghostBatchSize": 8, "labelSmoothing": 0.1, "optimizer": {"name": "sgd", "lr": 0.05, "momentum": 0.9, "nesterov": true}, "validateEvery": 1, "validationEpisodes": 10"#
        let spec = Self.spec(pretraining: pretraining, cache: directory.file("cache").path)
        let one = try RunFixtures.run(spec, in: directory.file("one"), threads: 1)
        let two = try RunFixtures.run(spec, in: directory.file("two"), threads: 2)
        #expect(one.test.episodeAccuracies == two.test.episodeAccuracies)
        #expect(one.pretraining?.validation == two.pretraining?.validation && one.validation == two.validation)
        #expect(one.pretraining?.epochs == 3 && one.pretraining?.validation != nil)
        #expect(try Self.metrics(directory.file("one/metrics.jsonl")) == Self.metrics(directory.file("two/metrics.jsonl")))
        let phases = try MetricsLog(url: directory.file("one/metrics.jsonl")).records().map(\.phase)
        #expect(phases.filter { $0 == .pretraining }.count == 3 && phases.filter { $0 == .pretrainingValidation }.count == 3)
        #expect(phases.filter { $0 == .train }.count == 4)
    }

    /// With no meta-training (iterations 0) the learner tests the pre-trained body: the phase's loss
    /// falls epoch after epoch, the chosen epoch is the validation's best, and no meta-training line
    /// is written.
    @Test func aPretrainedBodyTestsWithoutMetaTraining() throws {
        let directory = try TemporaryDirectory()
        let pretraining = #""epochs": 8, "batchSize": 16, "optimizer": {"name": "sgd", "lr": 0.05, "momentum": 0.9}, "validateEvery": 2, "validationEpisodes": 20"#
        let spec = Self.spec(pretraining: pretraining, training: #""iterations": 0"#, cache: directory.file("cache").path)
        let result = try RunFixtures.run(spec, in: directory.file("run"))
        let records = try MetricsLog(url: directory.file("run/metrics.jsonl")).records()
        let losses = records.filter { $0.phase == .pretraining }.map(\.loss)
        #expect(losses.count == 8 && losses.last! < losses.first! / 2, "losses \(losses)")
        let validations = records.filter { $0.phase == .pretrainingValidation }
        let best = validations.max { $0.accuracy < $1.accuracy }!
        #expect(validations.map(\.iteration) == [2, 4, 6, 8])
        #expect(result.pretraining?.validation?.bestIteration == best.iteration)
        #expect(result.pretraining?.validation?.bestAccuracy == best.accuracy)
        #expect(result.iterations == 0 && result.validation == nil && !records.contains { !$0.phase.isPretraining })
        // curves.svg draws the phase against epochs, and no empty meta-training panels.
        let curves = try String(contentsOf: directory.file("run/curves.svg"), encoding: .utf8)
        #expect(curves.contains(">Pre-training loss<") && curves.contains(">epoch<") && !curves.contains(">iteration<"))
    }

    /// A learner with no network to start refuses the phase before anything is trained or written.
    @Test func aLearnerWithoutABodyIsRefusedBeforeTraining() throws {
        let directory = try TemporaryDirectory()
        let spec = Self.spec(
            pretraining: #""epochs": 2, "batchSize": 16"#, learner: #""name": "nearest-centroid""#,
            model: #""name": "conv4", "hiddenChannels": 8"#, training: #""iterations": 0"#,
            cache: directory.file("cache").path)
        #expect {
            try RunFixtures.run(spec, in: directory.file("run"))
        } throws: { error in
            (error as? RunError)?.description == "pretraining: the learner has no network to start from a backbone"
        }
        #expect(!FileManager.default.fileExists(atPath: directory.file("run/metrics.jsonl").path))
    }

    /// A run started from another run's pre-trained body (`model.initialization`) with the same
    /// learner and no training of its own tests exactly as that run did; a body of another model,
    /// a folder that is not a finished run, and a spec asking for both sources are refused.
    @Test func aRunStartsFromAnotherRunsBody() throws {
        let directory = try TemporaryDirectory()
        let cache = directory.file("cache").path
        let pretrained = try RunFixtures.run(
            Self.spec(pretraining: #""epochs": 3, "batchSize": 16, "validateEvery": 0"#, training: #""iterations": 0"#, cache: cache),
            in: directory.file("pretrained"))
        let path = directory.file("pretrained").path
        let started = try RunFixtures.run(
            Self.spec(
                pretraining: "", model: #""name": "conv4", "hiddenChannels": 8, "batchNorm": "inference", "initialization": "\#(path)""#,
                training: #""iterations": 0"#, cache: cache
            ).replacingOccurrences(of: #""pretraining": {  }, "#, with: ""),
            in: directory.file("started"))
        #expect(started.test.episodeAccuracies == pretrained.test.episodeAccuracies)
        #expect(started.pretraining == nil)

        func failure(_ model: String, pretraining: String = "", in name: String) -> String? {
            var text = Self.spec(pretraining: pretraining, model: model, training: #""iterations": 0"#, cache: cache)
            if pretraining.isEmpty { text = text.replacingOccurrences(of: #""pretraining": {  }, "#, with: "") }
            do {
                try RunFixtures.run(text, in: directory.file(name))
                return nil
            } catch {
                #expect(!FileManager.default.fileExists(atPath: directory.file("\(name)/metrics.jsonl").path))
                return "\(error)"
            }
        }
        let otherModel = failure(#""name": "conv4", "hiddenChannels": 4, "initialization": "\#(path)""#, in: "narrow")
        #expect(otherModel?.hasPrefix("model.initialization: \(path): the backbone's 'block1.conv.weight' has shape") == true, "\(otherModel ?? "")")
        let unfinished = failure(#""name": "conv4", "hiddenChannels": 8, "initialization": "\#(directory.file("cache").path)""#, in: "unfinished")
        #expect(unfinished?.hasPrefix("model.initialization: \(directory.file("cache").path): ") == true, "\(unfinished ?? "")")
        let both = failure(
            #""name": "conv4", "hiddenChannels": 8, "initialization": "\#(path)""#, pretraining: #""epochs": 1"#, in: "both")
        #expect(both?.contains("model.initialization: the body comes either from this spec's pretraining phase") == true, "\(both ?? "")")
    }

    /// Killed with SIGKILL once during pre-training and once during meta-training, and resumed each
    /// time: the same result and the same metrics lines as a run never stopped.
    @Test func killedRunResumesToTheSameResultFromEitherPhase() throws {
        guard let executable = RunFixtures.executable else {
            Issue.record("the metalearn executable was not built beside the tests")
            return
        }
        let directory = try TemporaryDirectory()
        let specFile = directory.file("spec.json")
        try Self.spec(
            pretraining: #""epochs": 150, "batchSize": 16, "ghostBatchSize": 8, "optimizer": {"name": "sgd", "lr": 0.02, "momentum": 0.9}, "validateEvery": 50, "validationEpisodes": 5"#,
            model: #""name": "mlp", "hiddenUnits": [32]"#,
            training: #""iterations": 300, "metaBatchSize": 2, "validateEvery": 100, "validationEpisodes": 10, "checkpointEvery": 25, "logEvery": 5"#,
            cache: directory.file("cache").path
        ).write(to: specFile, atomically: true, encoding: .utf8)
        let whole = try RunFixtures.launch(executable, ["run", specFile.path, "--out", directory.file("whole").path])
        whole.waitUntilExit()
        #expect(whole.terminationStatus == 0)

        let interrupted = directory.file("interrupted")
        let exists = { (name: String) in FileManager.default.fileExists(atPath: interrupted.appendingPathComponent(name).path) }
        var killedIn: [String] = []
        var process = try RunFixtures.launch(executable, ["run", specFile.path, "--out", interrupted.path])
        while killedIn.count < 2 && process.isRunning {
            let pretrainingCheckpointed = exists("pretraining-checkpoint.json")
            let metaCheckpointed = exists("checkpoint.json")
            if killedIn.isEmpty ? pretrainingCheckpointed && !metaCheckpointed : metaCheckpointed {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                killedIn.append(metaCheckpointed ? "meta-training" : "pre-training")
                process = try RunFixtures.launch(executable, ["run", specFile.path, "--out", interrupted.path, "--resume"])
            } else {
                usleep(1_000)
            }
        }
        process.waitUntilExit()
        #expect(killedIn == ["pre-training", "meta-training"])
        #expect(process.terminationStatus == 0)
        let expected = try RunResult(contentsOf: directory.file("whole/result.json"))
        let actual = try RunResult(contentsOf: interrupted.appendingPathComponent("result.json"))
        #expect(actual.test.episodeAccuracies == expected.test.episodeAccuracies)
        #expect(actual.validation == expected.validation && actual.pretraining?.validation == expected.pretraining?.validation)
        #expect(try Self.metrics(interrupted.appendingPathComponent("metrics.jsonl")) == Self.metrics(directory.file("whole/metrics.jsonl")))
        // The TensorBoard log continued across both kills: every record once, pre-training's included.
        let records = try TensorBoardFixtures.expectLogMatchesMetrics(in: interrupted)
        #expect(records.contains { $0.phase == .pretrainingValidation && $0.iteration == 150 })
    }
}
