import FewShotData
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
                                            split: .names(train: ["Korean", "Latin"], validation: [], test: ["Greek"]),
                                            cacheDirectory: nil, skipUnreadable: false))
        #expect(spec.episodes == EpisodeSpec(ways: 5...5, shots: 1...1, queries: 15, trainWays: 5))
        #expect(spec.model.name == "conv4")
        #expect(spec.model.parameters == Hyperparameters([
            "hiddenChannels": .integer(64), "batchNorm": .text("transductive"), "initialization": .text("random"),
        ]))
        #expect(spec.learner.name == "maml")
        #expect(spec.learner.parameters == Hyperparameters([
            "innerLR": .real(0.4), "innerSteps": .integer(1), "evalInnerSteps": .integer(3), "firstOrder": .boolean(false),
        ]))
        #expect(spec.training == TrainingSpec(iterations: 2000, metaBatchSize: 32,
                                              optimizer: ChoiceSpec(OptimizerCatalog.adam, ["lr": .real(0.001)]),
                                              schedule: ChoiceSpec(ScheduleCatalog.constant), warmupIterations: 0, weightDecay: 0,
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

    /// Each form of `dataset.split` decodes to its case; the csv layout takes its split from its files,
    /// and the layout is left out of `spec.json` at its default so that existing specs keep their SHA-256.
    @Test func decodesEverySplitFormAndTheLayout() throws {
        func dataset(_ json: String) throws -> DatasetSpec {
            try ExperimentSpec(json: minimalSpec(#""dataset": "# + json), learners: TestLearners.all).dataset
        }
        let files = try dataset(#"{"root": "d", "layout": "flat", "split": {"train": "s/train.txt", "test": "s/test.json"}}"#)
        #expect(files.layout == .flat && files.split == .listFiles(train: "s/train.txt", validation: nil, test: "s/test.json"))
        #expect(!files.split.hasValidation)
        let file = try dataset(#"{"root": "d", "split": {"file": "vinyals.json"}}"#)
        #expect(file.layout == .automatic && file.split == .file("vinyals.json") && file.split.hasValidation)
        let csv = try dataset(#"{"root": "d", "layout": "csv"}"#)
        #expect(csv.split == .csvFiles && csv.split.hasValidation)
        let classes = try dataset(#"{"root": "d", "split": {"fractions": {"train": 0.5, "test": 0.5}, "of": "classes"}}"#)
        #expect(classes.split == .fractions(of: .classes, train: 0.5, validation: 0, test: 0.5, seed: 0))
        let names = try dataset(#"{"root": "d", "split": {"train": ["Greek/alpha", "Latin"], "test": ["Korean"]}}"#)
        #expect(names.split == .names(train: ["Greek/alpha", "Latin"], validation: [], test: ["Korean"]))

        let automatic = try ExperimentSpec(json: minimalSpec(), learners: TestLearners.all)
        #expect(!automatic.canonicalJSON.contains("layout"))
        let csvSpec = try ExperimentSpec(json: minimalSpec(#""dataset": {"root": "d", "layout": "csv"}"#), learners: TestLearners.all)
        #expect(csvSpec.canonicalJSON.contains(#""layout": "csv""#) && !csvSpec.canonicalJSON.contains(#""split""#))
    }

    @Test(arguments: [
        designSpec,
        minimalSpec(),
        minimalSpec(#""dataset": {"root": ["a", "b"], "color": "rgb", "cacheDirectory": "c", "skipUnreadable": true, "split": {"fractions": {"train": 0.75, "test": 0.25}, "of": "alphabets", "seed": 7}}"#),
        minimalSpec(#""model": {"name": "mlp", "hiddenUnits": [32, 16]}, "training": {"iterations": 7, "optimizer": {"name": "sgd", "lr": 1, "momentum": 0.5}}"#),
        minimalSpec(#""dataset": {"root": "d", "layout": "flat", "split": {"train": "splits/train.txt", "test": "splits/test.json"}}"#),
        minimalSpec(#""dataset": {"root": "d", "layout": "omniglot", "split": {"file": "vinyals.json"}}"#),
        minimalSpec(#""dataset": {"root": "d", "layout": "csv"}"#),
        minimalSpec(#""dataset": {"root": "d", "split": {"fractions": {"train": 0.5, "test": 0.5}, "of": "classes"}}"#),
        minimalSpec(#""learner": {"name": "protonet", "distance": "cosine"}, "episodes": {"ways": 5, "trainWays": 20, "shots": 5}"#),
        minimalSpec(#""learner": {"name": "maml", "innerLR": 1, "firstOrder": true}, "seed": 4294967296"#),
        minimalSpec(#""dataset": {"root": "d", "color": "rgb", "augmentation": {"randomResizedCrop": {}, "horizontalFlip": 0.5, "colorJitter": {"saturation": 0}}}"#),
        minimalSpec(#""dataset": {"root": "d", "augmentation": {"affine": {"degrees": 15, "scale": [0.8, 1]}}}"#),
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

    /// Every augmentation setting is resolved into `spec.json`, so a run records what it did; a spec
    /// without the key keeps its text and hash.
    @Test func augmentationIsResolvedIntoTheSpec() throws {
        let spec = try ExperimentSpec(json: minimalSpec(#""dataset": {"root": "d", "color": "rgb", "augmentation": {"randomResizedCrop": {}, "colorJitter": {"contrast": 0}}}"#),
                                      learners: TestLearners.all)
        #expect(spec.dataset.augmentation == ImageAugmentation(
            crop: RandomResizedCrop(scale: 0.08...1, ratio: 0.75...(4.0 / 3)), horizontalFlipProbability: 0,
            colorJitter: ColorJitter(brightness: 0.4, contrast: 0, saturation: 0.4)))
        #expect(spec.canonicalJSON.contains("""
            "augmentation": {
              "randomResizedCrop": {
                "scale": [0.08, 1.0],
                "ratio": [0.75, 1.3333333333333333]
              },
              "horizontalFlip": 0.0,
              "colorJitter": {
                "brightness": 0.4,
                "contrast": 0.0,
                "saturation": 0.4
              }
            }
        """))
        let affine = try ExperimentSpec(json: minimalSpec(#""dataset": {"root": "d", "augmentation": {"affine": {}}}"#), learners: TestLearners.all)
        #expect(affine.dataset.augmentation?.affine == RandomAffine(degrees: 10, shear: 10, scale: 0.9...1.1, translate: 0.1, fill: 0))
        let plain = try ExperimentSpec(json: minimalSpec(), learners: TestLearners.all)
        #expect(plain.dataset.augmentation == nil && !plain.canonicalJSON.contains("augmentation"))
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
