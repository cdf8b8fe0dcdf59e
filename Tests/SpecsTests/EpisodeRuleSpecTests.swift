import FewShotData
import MetaLearning
import SpecTestSupport
import Specs
import Testing

/// `episodes.ways` and `episodes.shots` as ranges, and `episodes.sampling`.
@Suite struct EpisodeRuleSpecTests {
    static func spec(_ episodes: String, learner: String = "protonet") throws -> ExperimentSpec {
        try ExperimentSpec(
            json: minimalSpec(#""learner": {"name": "\#(learner)"}, "episodes": {\#(episodes)}"#),
            learners: TestLearners.all)
    }

    static func errors(_ episodes: String, learner: String = "protonet") -> [String] {
        specErrors(minimalSpec(#""learner": {"name": "\#(learner)"}, "episodes": {\#(episodes)}"#)).map(\.description)
    }

    @Test func rangesReadAsRulesAndWriteBackAsGiven() throws {
        let spec = try Self.spec(#""ways": [5, 20], "shots": [1, 5], "queries": 10"#)
        #expect(spec.episodes.rule == .uniform(ways: 5...20, shots: 1...5, queries: 10))
        #expect(spec.episodes.trainRule == spec.episodes.rule && spec.episodes.trainWays == 20)
        #expect(spec.canonicalJSON.contains(#""ways": [5, 20],"#) && spec.canonicalJSON.contains(#""shots": [1, 5],"#))
        let again = try ExperimentSpec(json: spec.canonicalJSON, learners: TestLearners.all)
        #expect(again.episodes == spec.episodes)
        // A range of one number is that number.
        let single = try Self.spec(#""ways": [5, 5], "shots": 1"#)
        let five = try Self.spec(#""ways": 5"#)
        #expect(single.episodes.isFixed && single.canonicalJSON == five.canonicalJSON)
    }

    @Test func fixedSpecsResolveAsBefore() throws {
        let spec = try Self.spec(#""ways": 5, "shots": 1, "trainWays": 20"#)
        #expect(spec.episodes.rule == .fixed(ways: 5, shots: 1, queries: 15))
        #expect(spec.episodes.trainRule == .fixed(ways: 20, shots: 1, queries: 15))
        #expect(!spec.canonicalJSON.contains("sampling"))
    }

    @Test func metaDatasetSamplingTakesThePapersBounds() throws {
        let spec = try Self.spec(#""sampling": "meta-dataset""#)
        #expect(spec.episodes.rule == .metaDataset(.standard))
        #expect(spec.episodes.ways == 5...50 && spec.episodes.shots == 1...100 && spec.episodes.queries == 10)
        #expect(spec.canonicalJSON.contains("\"sampling\": \"meta-dataset\""))
        // The resolved spec reads back to the same rule.
        #expect(try ExperimentSpec(json: spec.canonicalJSON, learners: TestLearners.all).episodes == spec.episodes)
        let narrower = try Self.spec(#""sampling": "meta-dataset", "ways": [5, 20], "queries": 5"#)
        #expect(narrower.episodes.rule == .metaDataset(MetaDatasetSampling(ways: 5...20, maxQueries: 5)))
    }

    @Test func badRangesAreOneClearErrorEach() {
        #expect(Self.errors(#""ways": [20, 5]"#) == ["episodes.ways: low end 20 is above high end 5; give [low, high]"])
        #expect(Self.errors(#""shots": [0, 5]"#) == ["episodes.shots[0]: must be an integer from 1 to 10000, found 0"])
        #expect(Self.errors(#""ways": [2, 3, 4]"#) == ["episodes.ways: must list exactly 2 values, found 3"])
        #expect(
            Self.errors(#""ways": "5""#) == [
                #"episodes.ways: expected an integer from 2 to 10000, found the string "5"; write it without quotes: 5"#
            ])
        #expect(
            Self.errors(#""sampling": "metadataset""#)
                == [
                    #"episodes.sampling: expected one of "fixed", "meta-dataset", found "metadataset"; did you mean 'meta-dataset'?"#
                ])
        #expect(
            Self.errors(#""sampling": "meta-dataset", "shots": 5"#) == [
                #"episodes.shots: meta-dataset sampling draws each class's support images itself (1 to 100); remove episodes.shots or use "sampling": "fixed""#
            ])
        #expect(
            Self.errors(#""ways": [5, 10], "trainWays": 30"#) == [
                "episodes.trainWays: training episodes draw their ways by the same rule as test episodes when ways vary; "
                    + "remove trainWays or give episodes.ways as one number"
            ])
    }

    /// The refusal names the learners that take varying ways, from the registry.
    @Test func aFixedHeadRefusesVaryingWays() {
        let expected =
            #"episodes.ways: learner 'maml' has a fixed-size head, so every episode needs the same ways; give episodes.ways as one number with "sampling": "fixed", or use a learner that takes varying ways: protonet"#
        #expect(Self.errors(#""ways": [3, 5]"#, learner: "maml") == [expected])
        #expect(Self.errors(#""sampling": "meta-dataset""#, learner: "maml") == [expected])
        // Varying shots alone need no head of another size, nor Meta-Dataset's rule with its ways fixed.
        #expect(Self.errors(#""shots": [1, 5]"#, learner: "maml").isEmpty)
        #expect(Self.errors(#""sampling": "meta-dataset", "ways": 5"#, learner: "maml").isEmpty)
        var registry = TestLearners.all
        registry.register([
            LearnerDescriptor(name: "wide", summary: "takes any ways", hyperparameters: [], acceptsTrainWays: true) {
                _ in
                preconditionFailure("never built")
            },
            LearnerDescriptor(name: "equal", summary: "takes equal shots only", hyperparameters: []) { _ in
                preconditionFailure("never built")
            },
        ])
        func errors(_ text: String) -> [String] {
            do {
                _ = try ExperimentSpec(json: text, learners: registry)
                return []
            } catch {
                return error.errors.map(\.description)
            }
        }
        #expect(errors(minimalSpec(#""episodes": {"ways": [3, 5]}"#)) == [expected + ", wide"])
        #expect(
            errors(minimalSpec(#""learner": {"name": "equal"}, "episodes": {"shots": [1, 5]}"#)) == [
                #"episodes.shots: learner 'equal' needs as many support images of every class; give episodes.shots as one number with "sampling": "fixed", or use a learner that takes unequal ones: maml, protonet"#
            ])
    }

    @Test func dataTooSmallForTheLargestEpisodeIsRefused() throws {
        let ranges = try Self.spec(#""ways": [3, 8], "shots": [1, 4], "queries": 2"#)
        #expect(
            ranges.dataErrors(classImageCounts: [
                "train": Array(repeating: 6, count: 8), "test": Array(repeating: 6, count: 8),
            ]).isEmpty)
        #expect(
            ranges.dataErrors(classImageCounts: [
                "train": Array(repeating: 6, count: 8), "test": [6, 6, 6, 6, 5, 6, 6],
            ]).map(\.description) == [
                "episodes.ways: episodes of up to 8 ways need 8 classes, but the test split has 7; lower the high end of episodes.ways or give the test split more classes",
                "episodes.shots: up to 4 shots + 2 queries need 6 images per class, but the smallest class of the test split has 5; lower episodes.shots or episodes.queries",
            ])
        let metaDataset = try Self.spec(#""sampling": "meta-dataset""#)
        #expect(
            metaDataset.dataErrors(classImageCounts: [
                "train": Array(repeating: 2, count: 5), "test": Array(repeating: 40, count: 9),
            ]).isEmpty)
        #expect(
            metaDataset.dataErrors(classImageCounts: [
                "train": [2, 2, 2, 1, 2, 2], "test": Array(repeating: 40, count: 4),
            ]).map(\.description) == [
                #"episodes.sampling: meta-dataset sampling needs 2 images per class (a support image and a query), but the smallest class of the train split has 1; leave such classes out or use "sampling": "fixed""#,
                "episodes.ways: meta-dataset episodes of at least 5 ways need 5 classes, but the test split has 4; lower the low end of episodes.ways or give the test split more classes",
            ])
    }

    @Test func schemaAndReferenceDescribeTheRanges() throws {
        let schema = SpecSchema.document(learners: TestLearners.all).formatted()
        #expect(schema.contains("\"oneOf\"") && schema.contains("meta-dataset"))
    }
}
