import SpecTestSupport
import Specs
import MetaLearning
import Testing

@Suite struct ExperimentSpecTests {
    @Test func decodesTheDesignExample() throws {
        let spec = try ExperimentSpec(json: designSpec, learners: TestLearners.all)
        #expect(spec.name == "omniglot-5w1s-maml")
        #expect(spec.seed == 1)
        #expect(spec.numerics == .fast)
        #expect(spec.dataset == DatasetSpec(roots: ["datasets/omniglot"], imageSize: 28, color: .gray, invert: true,
                                            rotations: [0, 90, 180, 270],
                                            split: .alphabets(train: ["Korean", "Latin"], validation: [], test: ["Greek"]),
                                            cacheDirectory: nil, skipUnreadable: false))
        #expect(spec.episodes == EpisodeSpec(ways: 5, shots: 1, queries: 15, trainWays: 5))
        #expect(spec.model.name == "conv4")
        #expect(spec.model.parameters == Hyperparameters(["hiddenChannels": .integer(64), "batchNorm": .text("transductive")]))
        #expect(spec.learner.name == "maml")
        #expect(spec.learner.parameters == Hyperparameters([
            "innerLR": .real(0.4), "innerSteps": .integer(1), "evalInnerSteps": .integer(3), "firstOrder": .boolean(false),
        ]))
        #expect(spec.training == TrainingSpec(iterations: 2000, metaBatchSize: 32,
                                              optimizer: ChoiceSpec(OptimizerCatalog.adam, ["lr": .real(0.001)]),
                                              validateEvery: 200, validationEpisodes: 100, checkpointEvery: 200, logEvery: 20))
        #expect(spec.evaluation.episodes == 600)
        #expect(!spec.validates)  // the validation list is empty
    }

    /// Every default, in the order and format `spec.json` has.
    @Test func fillsEveryDefault() throws {
        let spec = try ExperimentSpec(json: minimalSpec(), learners: TestLearners.all)
        #expect(spec.canonicalJSON == """
        {
          "name": "t",
          "seed": 0,
          "numerics": "fast",
          "dataset": {
            "root": "d",
            "imageSize": 28,
            "color": "gray",
            "invert": false,
            "rotations": [0],
            "split": {
              "fractions": {
                "train": 0.6,
                "validation": 0.2,
                "test": 0.2
              },
              "of": "characters",
              "seed": 0
            },
            "skipUnreadable": false
          },
          "episodes": {
            "ways": 5,
            "shots": 1,
            "queries": 15,
            "trainWays": 5
          },
          "model": {
            "name": "conv4",
            "hiddenChannels": 64
          },
          "learner": {
            "name": "maml",
            "innerLR": 0.4,
            "innerSteps": 1,
            "evalInnerSteps": 3,
            "firstOrder": false
          },
          "training": {
            "iterations": 2000,
            "metaBatchSize": 32,
            "optimizer": {
              "name": "adam",
              "lr": 0.001,
              "beta1": 0.9,
              "beta2": 0.999,
              "epsilon": 1e-08
            },
            "schedule": {
              "name": "constant"
            },
            "validateEvery": 200,
            "validationEpisodes": 100,
            "checkpointEvery": 200,
            "logEvery": 20
          },
          "evaluation": {
            "episodes": 600
          }
        }

        """)
        #expect(spec.validates)
    }

    @Test(arguments: [
        designSpec,
        minimalSpec(),
        minimalSpec(#""dataset": {"root": ["a", "b"], "color": "rgb", "cacheDirectory": "c", "skipUnreadable": true, "split": {"fractions": {"train": 0.75, "test": 0.25}, "of": "alphabets", "seed": 7}}"#),
        minimalSpec(#""model": {"name": "mlp", "hiddenUnits": [32, 16]}, "training": {"iterations": 7, "optimizer": {"name": "sgd", "lr": 1, "momentum": 0.5}}"#),
        minimalSpec(#""learner": {"name": "protonet", "distance": "cosine"}, "episodes": {"ways": 5, "trainWays": 20, "shots": 5}"#),
        minimalSpec(#""learner": {"name": "maml", "innerLR": 1, "firstOrder": true}, "seed": 4294967296"#),
    ])
    func resolvedSpecDecodesToItself(text: String) throws {
        let spec = try ExperimentSpec(json: text, learners: TestLearners.all)
        let again = try ExperimentSpec(json: spec.canonicalJSON, learners: TestLearners.all)
        #expect(again == spec)
        #expect(again.canonicalJSON == spec.canonicalJSON)
    }

    @Test func realHyperparametersWrittenAsIntegersAreReals() throws {
        let spec = try ExperimentSpec(json: minimalSpec(#""learner": {"name": "maml", "innerLR": 1}"#), learners: TestLearners.all)
        #expect(spec.learner.parameters.values["innerLR"] == .real(1))
    }

    @Test func hashIsOfTheCanonicalTextAndIgnoresHowDefaultsWereWritten() throws {
        let short = try ExperimentSpec(json: minimalSpec(), learners: TestLearners.all)
        let explicit = try ExperimentSpec(json: minimalSpec(#""seed": 0, "episodes": {"ways": 5, "shots": 1}, "evaluation": {"episodes": 600}"#),
                                          learners: TestLearners.all)
        let other = try ExperimentSpec(json: minimalSpec(#""seed": 1"#), learners: TestLearners.all)
        #expect(short.specSHA256 == SHA256.hexDigest(of: Array(short.canonicalJSON.utf8)))
        #expect(short.specSHA256 == explicit.specSHA256)
        #expect(short.specSHA256 != other.specSHA256)
        #expect(short.specSHA256.count == 64)
    }

    /// `episodes.withinAlphabet` came after runs had been made: at its default it is left out of
    /// `spec.json`, so their specs keep their text and hash; set, it is written and read back.
    @Test func withinAlphabetIsWrittenOnlyWhenSet() throws {
        let plain = try ExperimentSpec(json: minimalSpec(), learners: TestLearners.all)
        let explicitFalse = try ExperimentSpec(json: minimalSpec(#""episodes": {"withinAlphabet": false}"#), learners: TestLearners.all)
        let within = try ExperimentSpec(json: minimalSpec(#""episodes": {"withinAlphabet": true}"#), learners: TestLearners.all)
        #expect(!plain.episodes.withinAlphabet && within.episodes.withinAlphabet)
        #expect(explicitFalse.canonicalJSON == plain.canonicalJSON && !plain.canonicalJSON.contains("withinAlphabet"))
        #expect(within.canonicalJSON.contains(#""withinAlphabet": true"#))
        #expect(try ExperimentSpec(json: within.canonicalJSON, learners: TestLearners.all) == within)
        #expect(errorsWith(#""episodes": {"withinAlphabet": 1}"#).map(\.path) == ["episodes.withinAlphabet"])
    }

    @Test func nameDefaultsToTheGivenOne() throws {
        let text = #"{"dataset": {"root": "d"}, "learner": {"name": "maml"}}"#
        #expect(try ExperimentSpec(json: text, learners: TestLearners.all, defaultName: "quickstart").name == "quickstart")
        #expect(specErrors(text).map(\.description) == [
            #"name: missing required key 'name' in the top level; add for example "name": "omniglot-5w1s-maml""#,
        ])
    }

    @Test func derivedDefaultsFollowIterations() throws {
        let spec = try ExperimentSpec(json: minimalSpec(#""training": {"iterations": 5}"#), learners: TestLearners.all)
        #expect(spec.training.validateEvery == 1)
        #expect(spec.training.checkpointEvery == 1)
        #expect(spec.training.logEvery == 1)
        let noValidation = try ExperimentSpec(json: minimalSpec(#""training": {"iterations": 3000, "validateEvery": 0}"#),
                                              learners: TestLearners.all)
        #expect(noValidation.training.checkpointEvery == 300)
        #expect(noValidation.training.logEvery == 30)
        #expect(!noValidation.validates)
    }
}
