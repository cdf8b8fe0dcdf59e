import MetaLearning

/// A resolved experiment spec: what `metalearn run` trains and tests, with every default filled in.
///
/// Decode one with `init(json:context:)` (strict: every error is reported with its JSON path),
/// write it back with `canonicalJSON` (the run directory's `spec.json`), identify it by
/// `specSHA256`. Every key is declared once, in the `fields` of its section; `SpecSchema` and
/// `SpecReference` are generated from those declarations.
public struct ExperimentSpec: Sendable, Equatable {
    /// `name`: the experiment's name; the default run directory is `runs/<name>`.
    public var name: String
    /// `seed`: the seed of everything random in the run (initialisation, episodes).
    public var seed: Int
    /// `numerics`: the engine's floating-point order and elementary functions for the run.
    public var numerics: NumericsMode
    /// `dataset`: the images and how they are split into classes.
    public var dataset: DatasetSpec
    /// `episodes`: the shape of the few-shot episodes.
    public var episodes: EpisodeSpec
    /// `model`: the network the learner adapts (`ModelCatalog`).
    public var model: ChoiceSpec
    /// `learner`: the learner and its resolved hyperparameters (the registry's).
    public var learner: ChoiceSpec
    /// `pretraining`: supervised pre-training of the body before meta-training; nil: none.
    public var pretraining: PretrainingSpec?
    /// `training`: the meta-training loop.
    public var training: TrainingSpec
    /// `evaluation`: the final test.
    public var evaluation: EvaluationSpec

    /// Whether the run validates: `training.validateEvery` is positive and the validation split has
    /// classes (with sources, a training source's does: `DatasetSpec.hasValidation`). When false, no
    /// best checkpoint is chosen and the final parameters are tested.
    public var validates: Bool { training.validateEvery > 0 && dataset.hasValidation }

    /// The run directory whose trained body starts the learner (`model.initialization`), or nil.
    public var initialization: String? {
        guard case .text(let path)? = model.parameters.values[ModelCatalog.initialization.name],
            path != ModelCatalog.random
        else {
            return nil
        }
        return path
    }

    /// Whether the pre-training phase validates: it has one, `pretraining.validateEvery` is positive
    /// and the validation split has classes (`DatasetSpec.hasValidation`).
    public var validatesPretraining: Bool {
        (pretraining?.validateEvery ?? 0) > 0 && dataset.hasValidation
    }

    /// A spec from its sections, as decoding produces it; no validation happens here.
    public init(
        name: String, seed: Int, numerics: NumericsMode = .fast, dataset: DatasetSpec, episodes: EpisodeSpec,
        model: ChoiceSpec, learner: ChoiceSpec, pretraining: PretrainingSpec? = nil, training: TrainingSpec,
        evaluation: EvaluationSpec
    ) {
        self.name = name
        self.seed = seed
        self.numerics = numerics
        self.dataset = dataset
        self.episodes = episodes
        self.model = model
        self.learner = learner
        self.pretraining = pretraining
        self.training = training
        self.evaluation = evaluation
    }
}

extension ExperimentSpec: SpecSection {
    init() {
        self.init(
            name: "", seed: 0, dataset: DatasetSpec(), episodes: EpisodeSpec(), model: ChoiceSpec(),
            learner: ChoiceSpec(),
            training: TrainingSpec(), evaluation: EvaluationSpec())
    }

    /// The models as choices of `model`.
    static let models: [any SpecChoice] = ModelCatalog.all

    static var fields: [SpecField<Self>] {
        [
            .custom(
                "name", default: "the file's name",
                "run name: letters, digits, `.`, `_`, `-`; default run directory `runs/<name>`",
                schema: {
                    .object([
                        .init("description", .string("run name; default run directory runs/<name>")),
                        .init("type", .string("string")), .init("pattern", .string("^[A-Za-z0-9_-][A-Za-z0-9._-]*$")),
                        .init("maxLength", .integer(longestName)),
                    ])
                },
                read: readName, write: { .string($0.name) }),
            .value(
                "seed", \.seed, .integer(0...Int.max), default: .value(0),
                "seed of initialisation, episodes, everything random"),
            .value(
                "numerics", \.numerics, NumericsMode.domain, default: .value(.fast),
                "`fast`: the CPU's best kernels (the same digits on one machine); `portable`: one order for every "
                    + "floating-point sum (the same digits on every x86-64 with AVX2 and FMA; slower); `bf16`: matrix "
                    + "products and convolutions on bfloat16 factors with float sums, activations kept in bfloat16 "
                    + "(needs a CPU with AVX512-BF16)"),
            .section("dataset", \.dataset, required: true, "the images and how they become classes"),
            .section("episodes", \.episodes, "the shape of the few-shot episodes"),
            .choice(
                "model", \.model, kind: "model", among: { _ in models }, defaultName: "conv4",
                "the network the learner adapts"),
            .choice(
                "learner", \.learner, kind: "learner",
                among: { context in
                    context.learners.descriptors
                }, defaultName: nil, listsParameters: false,
                "a registered learner; its other keys are its hyperparameters (`metalearn learners`)"),
            .optionalSection(
                "pretraining", \.pretraining, absent: "absent (no pre-training)",
                "supervised pre-training of the model's body on all training images before meta-training"),
            .section("training", \.training, "the meta-training loop"),
            .section("evaluation", \.evaluation, "the final test"),
        ]
    }

    private static func readName(_ reader: ObjectReader, _ context: SpecContext, _ spec: inout Self) {
        readName(reader, context, into: &spec.name, example: "\"omniglot-5w1s-maml\"")
    }

    /// Reads the top-level `name` of a spec or sweep file into `name` (the context's default name when
    /// absent), and reports a name that cannot name its folder under `runs/` (`runs/<name>` plus
    /// `folderSuffix` in the message).
    static func readName(
        _ reader: ObjectReader, _ context: SpecContext, into name: inout String, example: String,
        folderSuffix: String = ""
    ) {
        if let value = reader.value(of: "name") {
            if case .text(let given)? = ValueCoding.read(value, as: .text, at: "name", reader.diagnostics) {
                name = given
            }
        } else if let defaultName = context.defaultName {
            name = defaultName
        } else {
            reader.reportMissing("name", example: example)
        }
        if reader.diagnostics.isClean("name"), let problem = problem(withName: name) {
            reader.diagnostics.report(
                "name", problem.replacingOccurrences(of: "runs/<name>", with: "runs/<name>" + folderSuffix))
        }
    }

    /// The longest name: a folder name and the temporary names of the files written beside it
    /// (`.<name>.json.tmp-<pid>-<n>`) must fit the file systems' 255-byte limit.
    static let longestName = 200

    /// Why `name` cannot name a run directory, or nil when it can.
    static func problem(withName name: String) -> String? {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        if name.isEmpty { return "must not be empty" }
        if name.utf8.count > longestName {
            return
                "is \(name.utf8.count) characters long; at most \(longestName), as it names the run directory runs/<name>"
        }
        if name.hasPrefix(".") { return "must not start with '.'; it names the run directory runs/<name>" }
        if let bad = name.first(where: { !allowed.contains($0) }) {
            return
                "'\(bad)' is not allowed; use letters, digits, '.', '_' and '-' (it names the run directory runs/<name>)"
        }
        return nil
    }
}
