import FewShotData
import Foundation
import MetaLearning
import PosixFiles
import Specs

/// The episodes a spec's run draws: its data set loaded (through the cache), split, checked
/// against the episode shape, and wrapped in one sampler per phase.
public struct ExperimentData: Sendable {
    /// Training episodes (`episodes.trainRule`), stream `.training`, augmented as
    /// `dataset.augmentation` says.
    public let train: EpisodeSampler
    /// Every training image in batches for the pre-training phase (each rotation of a class a class
    /// of its own, augmented as `dataset.augmentation` says), or nil when the spec has no such phase.
    public let pretraining: ClassificationBatches?
    /// The fixed validation episodes, or nil when the spec validates neither phase.
    public let validation: EpisodeSampler?
    /// The fixed test episodes.
    public let test: EpisodeSampler
    /// The decoded data set the samplers draw from: `imageFiles(ofClass:)` names the file behind
    /// each image of a class (a sampler class's `sourceClass`).
    public let images: ImageDataset
    /// Image channels and side, for building the model.
    public let channels: Int, imageSize: Int
    /// Lines worth telling the user: where the images came from, files skipped.
    public let notes: [String]

    /// The SHA-256 of the test classes' image files as indexed (each file's path, size, modification
    /// and change times, in class order), in hex: two runs whose test episodes were drawn from the
    /// same keys but from rewritten files differ here (`table --compare` refuses to pair them).
    public var testDataDigest: String {
        var bytes: [UInt8] = []
        for sourceClass in Set(test.classes.map(\.sourceClass)).sorted() {
            for file in images.imageFiles(ofClass: sourceClass) {
                bytes += file.path.utf8
                bytes.append(0)
                for number in [file.size, file.modificationTime, file.changeTime] {
                    withUnsafeBytes(of: number.littleEndian) { bytes += $0 }
                }
            }
        }
        return SHA256.hexDigest(of: bytes)
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
    ///   files, too few classes or images for the episode shape), `DatasetError` and `ImageError` for
    ///   unusable files.
    /// When the data is loaded for meta-training by `learner`, the memory the run needs with
    /// `threads` tasks in flight is estimated before decoding, and a run that cannot fit is refused
    /// (`RunError.needsTooMuchMemory`); nil loads it for evaluation only.
    public init(spec: ExperimentSpec, threads: Int, trainingWith learner: LearnerDescriptor? = nil) throws {
        var notes: [String] = []
        let dataset = spec.dataset
        if try Self.generateSyntheticData(of: spec) {
            notes.append("generated the synthetic data set in \(dataset.roots[0])")
        }
        let index = try DatasetIndex(roots: dataset.roots, layout: dataset.layout)
        let alphabetErrors = spec.alphabetErrors(available: index.alphabets)
        guard alphabetErrors.isEmpty else { throw SpecErrors(alphabetErrors) }
        let transform = dataset.transform
        if let learner {
            try MemoryEstimate(
                spec: spec, learner: learner, imageCount: index.imageCount, channels: transform.channels,
                threads: threads
            ).check()
        }
        let images = try ImageDataset.load(
            index: index, transform: transform,
            options: LoadOptions(
                cache: ImageCache(directory: dataset.cacheDirectory),
                skipUnreadable: dataset.skipUnreadable))
        notes.append("\(images.imageCount) images of \(index.classes.count) classes (\(images.cacheStatus))")
        if !images.skippedFiles.isEmpty {
            notes.append("skipped \(images.skippedFiles.count) unreadable files, first: \(images.skippedFiles[0])")
        }
        let splits = try SplitLists.splits(index: index, dataset: dataset)
        let classes = [
            "train": images.classes(splits.train), "validation": images.classes(splits.validation),
            "test": images.classes(splits.test),
        ]
        let alphabets = classes.mapValues { $0.map { index.classes[$0.sourceClass].alphabet } }
        let dataErrors =
            spec.dataErrors(classImageCounts: classes.mapValues { $0.map(\.imageCount) })
            + spec.withinAlphabetErrors(classAlphabets: alphabets)
        guard dataErrors.isEmpty else { throw SpecErrors(dataErrors) }

        let episodes = spec.episodes
        let seed = UInt64(spec.seed)
        func sampler(
            _ split: String, rule: EpisodeRule, stream: EpisodeStream, augmentation: ImageAugmentation? = nil
        ) throws -> EpisodeSampler {
            try EpisodeSampler(
                classes: classes[split]!, rule: rule, seed: seed, stream: stream, split: split,
                groups: episodes.withinAlphabet ? Self.alphabetGroups(alphabets[split]!) : nil,
                augmentation: augmentation)
        }
        // Only meta-training images are augmented.
        train = try sampler("train", rule: episodes.trainRule, stream: .training, augmentation: dataset.augmentation)
        pretraining = try spec.pretraining.map {
            try ClassificationBatches(
                classes: classes["train"]!, batchSize: $0.batchSize, seed: seed, augmentation: dataset.augmentation)
        }
        validation =
            spec.validates || spec.validatesPretraining
            ? try sampler("validation", rule: episodes.rule, stream: .validation) : nil
        test = try sampler("test", rule: episodes.rule, stream: .test)
        self.images = images
        channels = transform.channels
        imageSize = transform.imageSize
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
