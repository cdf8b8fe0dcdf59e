import BuiltinLearners
import Experiments
import FewShotData
import Foundation
import Specs
import Testing

/// Runs on varying episodes: Meta-Dataset's rule and ranges through training, test, episode files,
/// result.json, tables and the memory estimate.
@Suite(.serialized) struct VariableEpisodeRunTests {
    static let metaDataset = #""sampling": "meta-dataset", "ways": [5, 8]"#
    static let protonet = (learner: #""name": "protonet""#, model: #""name": "conv4", "hiddenChannels": 4"#)
    static let training =
        #""iterations": 6, "metaBatchSize": 2, "validateEvery": 3, "validationEpisodes": 6, "checkpointEvery": 3, "logEvery": 2"#

    /// ProtoNet on synthetic data with Meta-Dataset sampling: the same numbers on 1 or 2 threads, the
    /// rule in result.json, and the exported test episodes evaluating to the run's own figures.
    @Test func metaDatasetRunEndToEnd() throws {
        let directory = try TemporaryDirectory()
        let text = RunFixtures.spec(
            learner: Self.protonet.learner, model: Self.protonet.model, training: Self.training,
            episodes: Self.metaDataset, cache: directory.file("cache").path)
        let one = try RunFixtures.run(text, in: directory.file("one"), threads: 1)
        let two = try RunFixtures.run(text, in: directory.file("two"), threads: 2)
        #expect(one.test.episodeAccuracies == two.test.episodeAccuracies && one.validation == two.validation)
        #expect(one.episodes == "meta-dataset 5-8-way" && one.ways == 8 && one.shots == 100 && one.queries == 10)
        #expect(one.test.accuracy > 0.3, "ProtoNet learns something on the synthetic glyphs")

        let spec = try RunFixtures.decode(text)
        let exported = try EpisodeFile.export(spec: spec, split: .test, count: spec.evaluation.episodes, threads: 2)
        #expect(Set(exported.episodes.map(\.classNames.count)).count > 1, "the test episodes vary in ways")
        #expect(
            exported.episodes.contains { episode in
                Set(episode.classNames.map { name in episode.support.filter { $0.className == name }.count }).count > 1
            }, "and in support images per class")
        #expect(exported.source?.hasSuffix("meta-dataset 5-8-way") == true)
        let file = directory.file("test-episodes.json").path
        try exported.write(to: file)
        let trained = try TrainedLearner(
            runDirectory: directory.file("one"), registry: BuiltinLearners.registry, threads: 2)
        #expect(try trained.test(on: EpisodeFile(contentsOf: file), file: file) == one.test)
    }

    /// Ranges of ways and shots with ProtoNet, and a fixed run beside it: the result records
    /// the rule only for the varying one, and the table gives each its own column.
    @Test func rangesAreRecordedAndTabledByTheirRule() throws {
        let directory = try TemporaryDirectory()
        let cache = directory.file("cache").path
        let varying = try RunFixtures.run(
            RunFixtures.spec(
                learner: Self.protonet.learner, model: Self.protonet.model, training: Self.training,
                episodes: #""ways": [3, 5], "shots": [1, 3], "queries": 2"#, cache: cache),
            in: directory.file("varying"))
        let fixed = try RunFixtures.run(
            RunFixtures.spec(
                learner: Self.protonet.learner, model: Self.protonet.model, training: Self.training,
                episodes: #""ways": 5, "shots": 3, "queries": 2"#, cache: cache),
            in: directory.file("fixed"))
        #expect(varying.episodes == "3-5-way 1-3-shot 2-query" && varying.ways == 5 && varying.shots == 3)
        #expect(fixed.episodes == nil)
        func topLevel(_ run: String) throws -> [String: Any] {
            try #require(
                JSONSerialization.jsonObject(with: Data(contentsOf: directory.file("\(run)/result.json")))
                    as? [String: Any])
        }
        #expect(try topLevel("fixed")["episodes"] == nil, "a fixed run's result.json is as before")
        #expect(try topLevel("varying")["episodes"] as? String == "3-5-way 1-3-shot 2-query")
        #expect(try RunResult(contentsOf: directory.file("varying/result.json")).episodes == varying.episodes)

        for runs in [
            try ResultTable.loadRuns(from: [directory.file("varying").path, directory.file("fixed").path]),
            [TabledRun(result: varying), TabledRun(result: fixed)],
        ] {
            let table = ResultTable(runs: runs, learnerOrder: BuiltinLearners.registry.names)
            #expect(table.columns.map(\.title) == ["5-way 3-shot", "3-5-way 1-3-shot 2-query"])
            #expect(table.rows.count == 1 && table.rows[0].cells.allSatisfy { $0 != nil })
        }
    }

    /// The memory estimate sizes a run by the largest episode its rule can draw.
    @Test func memoryIsEstimatedForTheLargestEpisode() throws {
        let directory = try TemporaryDirectory()
        func memory(_ episodes: String) throws -> Double {
            let spec = try RunFixtures.decode(
                RunFixtures.spec(
                    learner: Self.protonet.learner, model: Self.protonet.model,
                    episodes: episodes, cache: directory.file("cache").path))
            return try #require(
                DataCheck.check(spec, learner: BuiltinLearners.registry.descriptor(named: "protonet")).memoryNeeded)
        }
        let fixed = try memory(#""ways": 5, "shots": 5, "queries": 10"#)
        #expect(try memory(#""ways": [2, 5], "shots": [1, 5], "queries": 10"#) == fixed)
        #expect(try memory(#""sampling": "meta-dataset""#) > fixed)
    }

    /// A split too small for the largest episode is one error before anything is run.
    @Test func splitsTooSmallForTheRuleAreRefused() throws {
        let directory = try TemporaryDirectory()
        let spec = try RunFixtures.decode(
            RunFixtures.spec(
                learner: Self.protonet.learner, model: Self.protonet.model,
                episodes: #""ways": [3, 30], "queries": 3"#, cache: directory.file("cache").path))
        let problems = DataCheck.problems(spec)
        #expect(problems.count == 3 && problems.allSatisfy { $0.path == "episodes.ways" }, "\(problems)")
        #expect(
            problems.first?.message == "episodes of up to 30 ways need 30 classes, but the train split has 24; "
                + "lower the high end of episodes.ways or give the train split more classes")
        #expect(throws: SpecErrors.self) {
            try RunFixtures.run(
                RunFixtures.spec(
                    learner: Self.protonet.learner, model: Self.protonet.model,
                    episodes: #""ways": [3, 30], "queries": 3"#,
                    cache: directory.file("cache").path), in: directory.file("run"))
        }
    }
}
