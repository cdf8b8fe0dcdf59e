import FewShotData
import Foundation
import MetaLearning
import PosixFiles
import SeededRandom
import Specs

/// The episodes a spec's run draws: its data sets (the one `dataset.root`, or each of
/// `dataset.sources`) loaded through the cache, split, checked against the episode shape, and
/// wrapped in samplers per source and phase.
///
/// The one data set's samplers draw with the spec's seed; a named source's draw with a seed of its own,
/// a pure function of the spec's seed and the source's name, so its validation and test episodes do
/// not depend on which other sources the spec lists.
public struct ExperimentData: Sendable {
    /// The data sets, in the spec's order: one, unnamed, for `dataset.root`.
    public let sources: [SourceData]
    /// The training episodes, drawn from the training sources by weight.
    public let training: TrainingEpisodes
    /// Every training image of every training source in batches for the pre-training phase, the
    /// sources' classes one label space (each rotation of a class a class of its own, augmented as
    /// `dataset.augmentation` says), or nil when the spec has no such phase.
    public let pretraining: ClassificationBatches?
    /// Image channels and side, for building the model.
    public let channels: Int, imageSize: Int
    /// Lines worth telling the user: where the images came from, files skipped.
    public let notes: [String]

    /// The sources validated on: the mean of their validation accuracies chooses the best checkpoint.
    public var validationSamplers: [EpisodeSampler] { sources.compactMap(\.validation) }

    /// The one data set's training episodes (with sources, the first training source's).
    public var train: EpisodeSampler { training.samplers[0] }
    /// The one data set's fixed validation episodes, nil when the run does not validate (with
    /// sources, the first source's).
    public var validation: EpisodeSampler? { sources[0].validation }
    /// The one data set's fixed test episodes (with sources, the first source's).
    public var test: EpisodeSampler { sources[0].test }
    /// The one data set's decoded images (with sources, the first source's).
    public var images: ImageDataset { sources[0].images }

    /// The only data set of a spec without `dataset.sources`; nil for a spec with them.
    public var single: SourceData? { sources.count == 1 && sources[0].name == nil ? sources[0] : nil }

    /// The SHA-256 of the test classes' image files as indexed (each file's path, size, modification
    /// and change times, in class order; with sources, each source's name and files in turn), in hex:
    /// two runs whose test episodes were drawn from the same keys but from rewritten files differ here
    /// (`table --compare` refuses to pair them).
    public var testDataDigest: String {
        if let single { return SHA256.hexDigest(of: single.testFileBytes) }
        return SHA256.hexDigest(of: sources.flatMap { Array(($0.name ?? "").utf8) + [0] + $0.testFileBytes })
    }

    /// The seed of the samplers of the source named `name` in a spec of `seed`.
    public static func sourceSeed(_ seed: Int, name: String) -> UInt64 {
        let digest = SHA256.digest(of: Array(name.utf8))
        let nameKey = digest.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        var generator = SeededGenerator(seed: UInt64(seed), stream: [TrainingEpisodes.choiceStream, nameKey])
        return generator.next()
    }

    /// Generates `spec`'s synthetic data set when it has one and its root is missing; whether it did.
    /// A sweep calls it before starting runs that would otherwise race to generate the same folder.
    /// - Throws: `SpecErrors` when the root holds another data set than `dataset.synthetic` says
    ///   (`syntheticDataProblem`); the generator's errors.
    public static func generateSyntheticData(of spec: ExperimentSpec) throws -> Bool {
        let dataset = spec.dataset
        guard let synthetic = dataset.synthetic else { return false }
        guard FileIO.isAbsent(dataset.roots[0]) else {
            if let problem = syntheticDataProblem(of: spec) { throw SpecErrors([problem]) }
            return false
        }
        _ = try SyntheticOmniglot.write(
            to: dataset.roots[0], alphabets: synthetic.alphabets,
            characters: synthetic.characters, drawers: synthetic.drawers,
            seed: UInt64(synthetic.seed))
        return true
    }

    /// The error at `dataset.synthetic` when the spec's root holds a data set other than the one its
    /// settings generate (settings A trained on while spec.json records B); nil when it holds that
    /// very set, is missing, or the spec has no synthetic settings.
    public static func syntheticDataProblem(of spec: ExperimentSpec) -> SpecError? {
        guard let synthetic = spec.dataset.synthetic else { return nil }
        let root = spec.dataset.roots[0]
        return SyntheticOmniglot.difference(
            at: root, alphabets: synthetic.alphabets, characters: synthetic.characters,
            drawers: synthetic.drawers, seed: UInt64(synthetic.seed)
        ).map {
            SpecError(
                path: "dataset.synthetic",
                message: "'\(root)' holds another data set than these settings generate (\($0)); "
                    + "point dataset.root at a new folder, or give the settings it was generated with")
        }
    }

    /// Loads the data of `spec`. When `dataset.synthetic` is set and the root is missing, the
    /// synthetic data set is generated there first.
    /// - Throws: `SpecErrors` for problems the spec can fix (unknown alphabets or classes, unreadable split
    ///   files, too few classes or images for the episode shape, each at its source with sources),
    ///   `DatasetError` and `ImageError` for unusable files.
    /// When the data is loaded for meta-training by `learner`, the memory the run needs with
    /// `threads` tasks in flight is estimated before decoding, and a run that cannot fit is refused
    /// (`RunError.needsTooMuchMemory`); nil loads it for evaluation only.
    public init(spec: ExperimentSpec, threads: Int, trainingWith learner: LearnerDescriptor? = nil) throws {
        var notes: [String] = []
        let dataset = spec.dataset
        if try Self.generateSyntheticData(of: spec) {
            notes.append("generated the synthetic data set in \(dataset.roots[0])")
        }
        let plans = try SourcePlan.plans(of: spec)
        if let learner {
            // The estimate counts images at the data set's rotations; a source of other rotations weighs in proportion.
            let rotatedImages = plans.reduce(0) { $0 + $1.index.imageCount * $1.transform.rotations.count }
            try MemoryEstimate(
                spec: spec, learner: learner,
                imageCount: (rotatedImages + dataset.rotations.count - 1) / dataset.rotations.count,
                channels: dataset.transform.channels, threads: threads
            ).check()
        }
        var sources: [SourceData] = []
        var pretrainingClasses: [ImageClass] = []
        for plan in plans {
            let (source, trainClasses) = try plan.load(spec: spec, notes: &notes)
            sources.append(source)
            if source.seenInTraining { pretrainingClasses += trainClasses }
        }
        if plans.count > 1 || plans[0].name != nil {
            let batchErrors = spec.dataErrors(classImageCounts: ["train": pretrainingClasses.map(\.imageCount)])
                .filter { $0.path == "pretraining.batchSize" }
            guard batchErrors.isEmpty else { throw SpecErrors(batchErrors) }
        }
        let seed = UInt64(spec.seed)
        let trainingSources = sources.filter(\.seenInTraining)
        training = TrainingEpisodes(
            samplers: trainingSources.map { $0.train! }, weights: trainingSources.map(\.weight), seed: seed)
        pretraining = try spec.pretraining.map {
            try ClassificationBatches(
                classes: pretrainingClasses, batchSize: $0.batchSize, seed: seed, augmentation: dataset.augmentation)
        }
        self.sources = sources
        channels = dataset.transform.channels
        imageSize = dataset.transform.imageSize
        self.notes = notes
    }

    /// The sampler groups of a split's classes: one per alphabet, in order of first appearance.
    static func alphabetGroups(_ classAlphabets: [String?]) -> [EpisodeSampler.Group] {
        var order: [String] = []
        var members: [String: [Int]] = [:]
        for (position, alphabet) in classAlphabets.enumerated() {
            guard let alphabet else { continue }
            if members[alphabet] == nil { order.append(alphabet) }
            members[alphabet, default: []].append(position)
        }
        return order.map { EpisodeSampler.Group(name: $0, classes: members[$0]!) }
    }
}
