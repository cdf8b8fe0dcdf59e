import SpecTestSupport
import MetaLearning
import Specs
import Testing

@Suite struct SpecErrorTests {
    @Test(arguments: [
        // Unknown keys, with suggestions.
        (#""learner": {"name": "maml", "inner_lr": 0.1}"#,
         ["learner.inner_lr: unknown key 'inner_lr' in learner; did you mean 'innerLR'?"]),
        (#""nmae": "x""#, ["nmae: unknown key 'nmae' in the top level; did you mean 'name'?"]),
        (#""episodes": {"way": 5}"#, ["episodes.way: unknown key 'way' in episodes; did you mean 'ways'?"]),
        (#""evaluation": {"zzz": 1}"#, ["evaluation.zzz: unknown key 'zzz' in evaluation; expected one of 'episodes'"]),
        (#""training": {"optimizer": {"name": "adam", "momentum": 0.9}}"#,
         ["training.optimizer.momentum: 'momentum' applies to optimizer 'sgd', not 'adam'"]),
        (#""model": {"name": "mlp", "hiddenChannels": 8}"#, ["model.hiddenChannels: 'hiddenChannels' applies to model 'conv4', not 'mlp'"]),
        // Wrong types.
        (#""seed": "1""#, [#"seed: expected an integer of at least 0, found the string "1"; write it without quotes: 1"#]),
        (#""episodes": {"ways": 5.5}"#, ["episodes.ways: expected an integer from 2 to 10000, found the number 5.5"]),
        (#""dataset": {"root": "d", "invert": "yes"}"#, [#"dataset.invert: expected true or false, found the string "yes""#]),
        (#""dataset": {"root": 3}"#, ["dataset.root: expected a non-empty string, found the integer 3"]),
        (#""dataset": {"root": ["a", ""]}"#, ["dataset.root[1]: must not be empty"]),
        (#""dataset": {"root": []}"#, ["dataset.root: must not be empty"]),
        (#""episodes": [5]"#, ["episodes: expected an object, found an array"]),
        (#""learner": {"name": "maml", "innerSteps": 1.5}"#, ["learner.innerSteps: expected an integer from 1 to 100, found the number 1.5"]),
        (#""learner": {"name": "maml", "firstOrder": "true"}"#,
         [#"learner.firstOrder: expected true or false, found the string "true"; write it without quotes: true"#]),
        // Out of range.
        (#""episodes": {"ways": 1, "shots": 0, "queries": -1}"#,
         ["episodes.ways: must be an integer from 2 to 10000, found 1", "episodes.shots: must be an integer from 1 to 10000, found 0",
          "episodes.queries: must be an integer from 1 to 10000, found -1"]),
        (#""dataset": {"root": "d", "imageSize": 2000}"#, ["dataset.imageSize: must be an integer from 4 to 1024, found 2000"]),
        (#""learner": {"name": "maml", "innerLR": 50}"#, ["learner.innerLR: must be a number in [0, 10], found 50.0"]),
        (#""learner": {"name": "protonet", "distance": "cosin"}"#,
         [#"learner.distance: expected one of "euclidean", "cosine", found "cosin"; did you mean 'cosine'?"#]),
        (#""training": {"optimizer": {"name": "sgd", "lr": 0, "momentum": 1}}"#,
         ["training.optimizer.lr: must be a number greater than 0, found 0.0", "training.optimizer.momentum: must be a number in [0, 1), found 1.0"]),
        (#""dataset": {"root": "d", "rotations": [0, 45, 0]}"#,
         ["dataset.rotations[1]: must be one of 0, 90, 180, 270, found 45"]),
        (#""dataset": {"root": "d", "rotations": [0, 90, 0]}"#, ["dataset.rotations[2]: 0 is listed twice; list each value once"]),
        (#""dataset": {"root": "d", "rotations": []}"#, ["dataset.rotations: must not be empty"]),
        (#""name": "a/b""#, ["name: '/' is not allowed; use letters, digits, '.', '_' and '-' (it names the run directory runs/<name>)"]),
        (#""name": ".hidden""#, ["name: must not start with '.'; it names the run directory runs/<name>"]),
        // Unknown words.
        (#""learner": {"name": "mamll"}"#, [#"learner.name: expected one of "maml", "protonet", found "mamll"; did you mean 'maml'?"#]),
        (#""training": {"optimizer": {"name": "adamw"}}"#,
         [#"training.optimizer.name: expected one of "adam", "sgd", found "adamw"; did you mean 'adam'?"#]),
        (#""model": {"name": "resnet18"}"#, [#"model.name: expected one of "conv4", "mlp", "resnet12", found "resnet18"; did you mean 'resnet12'?"#]),
        (#""numerics": "portabel""#, [#"numerics: expected one of "fast", "portable", "bf16", found "portabel"; did you mean 'portable'?"#]),
        // Missing required keys.
        (#""learner": {"innerLR": 0.1}"#, [#"learner.name: missing required key 'name' in learner; add for example "name": "maml""#]),
        (#""dataset": {"imageSize": 28}"#, [#"dataset.root: missing required key 'root' in dataset; add for example "root": "datasets/omniglot""#]),
        // Splits.
        (#""dataset": {"root": "d", "split": {"train": ["A", "B"], "test": ["C", "A"], "validation": ["B"]}}"#,
         ["dataset.split.validation[0]: 'B' is already in dataset.split.train; each class or alphabet belongs to one split",
          "dataset.split.test[1]: 'A' is already in dataset.split.train; each class or alphabet belongs to one split"]),
        (#""dataset": {"root": "d", "split": {"train": ["A"], "seed": 3}}"#,
         [#"dataset.split.test: missing required key 'test' in dataset.split; list names, name list files, give "file", or give "fractions" instead"#,
          #"dataset.split.seed: 'seed' belongs to a split by fractions; add "fractions" or remove 'seed'"#]),
        (#""dataset": {"root": "d", "split": {"train": [], "test": ["C", 1]}}"#,
         [#"dataset.split.train: must name at least one class or alphabet; list names, name list files, give "file", or give "fractions" instead"#,
          "dataset.split.test[1]: expected a non-empty string, found the integer 1"]),
        (#""dataset": {"root": "d", "split": {"fractions": {"train": 0.5, "test": 0.4}, "train": ["A"]}}"#,
         ["dataset.split.fractions: the fractions sum to 0.9, not 1; adjust dataset.split.fractions.train, dataset.split.fractions.validation, dataset.split.fractions.test",
          #"dataset.split.train: give either names, files or "fractions", not both; move 'train' into dataset.split.fractions or remove "fractions""#]),
        (#""dataset": {"root": "d", "split": {"fractions": {"train": 1, "test": 0, "tset": 0}, "of": "alphabet"}}"#,
         [#"dataset.split.of: expected one of "alphabets", "characters", "classes", found "alphabet"; did you mean 'alphabets'?"#,
          "dataset.split.fractions.test: must be greater than 0; the test split needs classes",
          "dataset.split.fractions.tset: unknown key 'tset' in dataset.split.fractions; did you mean 'test'?"]),
        (#""dataset": {"root": "d", "split": {"fractions": {"train": 1.5}}}"#,
         [#"dataset.split.fractions.test: missing required key 'test' in dataset.split.fractions; add for example "test": 0.2"#,
          "dataset.split.fractions.train: must be a number in [0, 1], found 1.5"]),
        (#""dataset": {"root": "d", "split": {"train": "t.txt", "test": ["C"], "seed": 1}}"#,
         ["dataset.split.test: expected a file name like the other phases, found an array; give every phase as a list of names or every one as a file",
          #"dataset.split.seed: 'seed' belongs to a split by fractions; add "fractions" or remove 'seed'"#]),
        (#""dataset": {"root": "d", "split": {"validation": "v.txt"}}"#,
         [#"dataset.split.train: missing required key 'train' in dataset.split; add for example "train": "splits/train.txt""#,
          #"dataset.split.test: missing required key 'test' in dataset.split; add for example "test": "splits/test.txt""#]),
        (#""dataset": {"root": "d", "split": {"file": "s.json", "train": ["A"]}}"#,
         [#"dataset.split.train: "file" holds the whole split; remove 'train' or remove "file""#]),
        (#""dataset": {"root": "d", "layout": "csv", "split": {"train": ["A"], "test": ["B"]}}"#,
         ["dataset.split: the csv layout takes its split from the roots' train.csv, val.csv and test.csv; remove dataset.split, or choose another dataset.layout"]),
        (#""dataset": {"root": "d", "layout": "tree"}"#,
         [#"dataset.layout: expected one of "automatic", "omniglot", "flat", "csv", found "tree""#]),
        // Impossible combinations.
        (#""episodes": {"ways": 5, "trainWays": 3}"#,
         ["episodes.trainWays: must be at least episodes.ways (5), found 3; training episodes cannot have fewer classes than test episodes"]),
        (#""episodes": {"trainWays": 20}"#,
         ["episodes.trainWays: learner 'maml' classifies exactly episodes.ways (5) classes, so trainWays must equal it; remove trainWays or use a metric learner"]),
        (#""dataset": {"root": "d", "imageSize": 12}"#,
         ["dataset.imageSize: model 'conv4' needs images of at least 16 pixels, found 12; use a larger imageSize or another model"]),
        (#""training": {"iterations": 100, "validateEvery": 200, "checkpointEvery": 101, "logEvery": 100}"#,
         ["training.validateEvery: 200 is more than training.iterations (100), so it would never happen; use at most 100, or 0 not to validate",
          "training.checkpointEvery: 101 is more than training.iterations (100), so it would never happen; use at most 100"]),
        // Augmentation.
        (#""dataset": {"root": "d", "augmentation": {"colorJitter": {"brightness": 0.2}, "horizontalFlip": -1}}"#,
         ["dataset.augmentation.horizontalFlip: must be a number in [0, 1], found -1.0",
          #"dataset.augmentation.colorJitter: colour jitter changes colour images, but dataset.color is "gray"; set "color": "rgb" or remove colorJitter"#]),
        (#""dataset": {"root": "d", "color": "rgb", "augmentation": {"randomResizedCrop": {"scale": [0.9, 0.2], "ratio": [0, 2]}}}"#,
         ["dataset.augmentation.randomResizedCrop.scale: low end 0.9 is above high end 0.2; give [low, high]",
          "dataset.augmentation.randomResizedCrop.ratio[0]: must be a number in [0.1, 10], found 0.0"]),
        (#""dataset": {"root": "d", "augmentation": {"horizontalFlip": 2, "affine": {"degrees": 200, "scale": [1.2]}, "flip": 1}}"#,
         ["dataset.augmentation.affine.degrees: must be a number in [0, 180], found 200.0",
          "dataset.augmentation.affine.scale: must list exactly 2 values, found 1",
          "dataset.augmentation.horizontalFlip: must be a number in [0, 1], found 2.0",
          "dataset.augmentation.flip: unknown key 'flip' in dataset.augmentation; expected one of 'affine', 'randomResizedCrop', 'horizontalFlip', 'colorJitter'"]),
        (#""dataset": {"root": "d", "color": "rgb", "normalize": {"mean": [0.5], "std": [0.2]}}"#,
         [#"dataset.normalize: give one mean and one std per channel: 3 for "color": "rgb", got 1 and 1"#]),
        (#""dataset": {"root": "d", "normalize": {"mean": [0.5], "std": [0]}, "resize": "fit", "storage": "uint16"}"#,
         [#"dataset.resize: expected one of "squash", "crop", found "fit""#,
          #"dataset.storage: expected one of "float32", "uint8", found "uint16"; did you mean 'uint8'?"#,
          "dataset.normalize.std[0]: must be a number in (0, 1000000], found 0.0"]),
        // Issue 28: one limit, declared once, and no value the engine cannot hold.
        (#""dataset": {"root": "d", "synthetic": {"drawers": 200}}"#, ["dataset.synthetic.drawers: must be an integer from 1 to 99, found 200"]),
        (#""dataset": {"root": "d", "synthetic": {"alphabets": 1000}}"#, ["dataset.synthetic.alphabets: must be an integer from 1 to 999, found 1000"]),
        (#""dataset": {"root": "d", "normalize": {"mean": [0.5], "std": [1e-46]}}"#,
         ["dataset.normalize.std[0]: 1e-46 cannot be held as a 32-bit float, the engine's number type: use 0 or a magnitude from 1.1754944e-38 to 3.4028235e+38"]),
        (#""learner": {"name": "maml", "innerLR": 1e-40}"#,
         ["learner.innerLR: 1e-40 cannot be held as a 32-bit float, the engine's number type: use 0 or a magnitude from 1.1754944e-38 to 3.4028235e+38"]),
        ("\"name\": \"\(String(repeating: "a", count: 201))\"",
         ["name: is 201 characters long; at most 200, as it names the run directory runs/<name>"]),
        // An error in one key does not cause a second message about a combination.
        (#""training": {"iterations": 0, "validateEvery": 5000}"#,
         ["training.iterations: 0 meta-updates leaves nothing trained; add a `pretraining` section, start from a trained run (model.initialization) or set iterations"]),
        (#""pretraining": {"batchSize": 64, "ghostBatchSize": 24}"#,
         ["pretraining.ghostBatchSize: 24 does not divide batchSize (64); use a divisor such as 16"]),
        (#""pretraining": {"optimizer": {"name": "sgd", "nesterov": true}}"#,
         ["pretraining.optimizer.nesterov: Nesterov momentum needs a momentum; set pretraining.optimizer.momentum (0.9 is usual) or remove nesterov"]),
        (#""pretraining": {"labelSmoothing": 1}"#,
         ["pretraining.labelSmoothing: must be a number in [0, 1), found 1.0"]),
        (#""pretraining": {"epochs": 10, "validateEvery": 20}"#,
         ["pretraining.validateEvery: 20 is more than epochs (10), so it would never happen; use at most 10, or 0 not to validate"]),
        (#""pretraining": {"classifier": "cosin"}"#,
         [#"pretraining.classifier: expected one of "linear", "cosine", found "cosin"; did you mean 'cosine'?"#]),
        (#""episodes": {"ways": 0, "trainWays": 3}"#, ["episodes.ways: must be an integer from 2 to 10000, found 0"]),
    ])
    func reportsPathAndFix(members: String, expected: [String]) {
        #expect(errorsWith(members).map(\.description) == expected)
    }

    @Test func reportsEveryErrorAtOnce() {
        let errors = specErrors(#"{"name": "x", "seed": -1, "dataset": {"root": "d", "imagesize": 28}, "episodes": {"shots": 0}, "learner": {"name": "maml", "innerLr": 1}, "extra": true}"#)
        #expect(errors.map(\.path) == ["seed", "dataset.imagesize", "episodes.shots", "learner.innerLr", "extra"])
    }

    @Test func missingSectionsAndNonObjectDocument() {
        #expect(specErrors(#"{"name": "x"}"#).map(\.description) == [
            #"dataset: missing required key 'dataset' in the top level; add for example "dataset": {"root": "datasets/omniglot"}"#,
            #"dataset.root: missing required key 'root' in dataset; add for example "root": "datasets/omniglot""#,
            #"learner: missing required key 'learner' in the top level; add for example "learner": {"name": "maml"}"#,
        ])
        #expect(specErrors("[1]").map(\.description) == ["expected an object, found an array"])
    }

    @Test func syntaxErrorIsOneErrorWithLineAndColumn() {
        #expect(specErrors("{\n  \"name\": \"x\",\n}").map(\.description) == ["not valid JSON: line 3, column 1: expected a key in double quotes"])
    }

    /// A learner that takes no meta-optimizer steps (Reptile) refuses the settings that would act on them.
    @Test func settingsOfAnUnusedMetaOptimizerAreRefused() {
        var registry = LearnerRegistry()
        registry.register([LearnerDescriptor(name: "reptile", summary: "stands in for Reptile", hyperparameters: [],
                                             usesMetaOptimizer: false) { _ in preconditionFailure("spec tests never build a learner") }])
        func errors(_ training: String) -> [String] {
            let text = minimalSpec(#""learner": {"name": "reptile"}, "training": {\#(training)}"#)
            do {
                _ = try ExperimentSpec(json: text, learners: registry)
                return []
            } catch {
                return error.errors.map(\.description)
            }
        }
        #expect(errors(#""optimizer": {"name": "adam", "lr": 0.001}, "schedule": {"name": "constant"}"#).isEmpty)
        let refusal = "takes no meta-optimizer steps (its own hyperparameters set any outer step), so this setting would do nothing; remove it"
        #expect(errors(#""schedule": {"name": "cosine"}, "warmupIterations": 10, "weightDecay": 0.01"#) == [
            "training.schedule: learner 'reptile' " + refusal,
            "training.warmupIterations: learner 'reptile' " + refusal,
            "training.weightDecay: learner 'reptile' " + refusal,
        ])
    }

    @Test func errorsListOneLineEach() {
        let errors = SpecErrors([SpecError(path: "a.b", message: "bad"), SpecError(path: "", message: "worse")])
        #expect(errors.description == "a.b: bad\nworse")
    }
}
