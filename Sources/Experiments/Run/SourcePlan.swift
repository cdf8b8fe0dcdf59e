import FewShotData
import MetaLearning
import Specs

/// A data set of a spec before its images are decoded: the one `dataset.root`, or one of
/// `dataset.sources`, indexed, with its transform, split, seed and use.
struct SourcePlan {
    /// The source's name; nil for the spec's one data set.
    let name: String?
    /// Where errors about the source point: `dataset.sources[1]` (`dataset` for the one data set).
    let path: String
    let index: DatasetIndex
    let transform: ImageTransform
    let split: SplitSpec
    let roots: [String]
    /// The seed of the source's samplers.
    let seed: UInt64
    let weight: Double
    /// Whether training episodes are drawn from it, whether validation episodes are.
    let trains: Bool, validates: Bool

    /// The plans of `spec`'s data sets, each indexed; the one data set's split names checked against its alphabets.
    /// - Throws: `SpecErrors` for split names the data set lacks, `DatasetError` for unusable trees.
    static func plans(of spec: ExperimentSpec) throws -> [SourcePlan] {
        let dataset = spec.dataset
        let validating = spec.validates || spec.validatesPretraining
        guard !dataset.sources.isEmpty else {
            let index = try DatasetIndex(roots: dataset.roots, layout: dataset.layout)
            let alphabetErrors = spec.alphabetErrors(available: index.alphabets)
            guard alphabetErrors.isEmpty else { throw SpecErrors(alphabetErrors) }
            return [
                SourcePlan(
                    name: nil, path: "dataset", index: index, transform: dataset.transform, split: dataset.split,
                    roots: dataset.roots, seed: UInt64(spec.seed), weight: 1, trains: true, validates: validating)
            ]
        }
        return try dataset.sources.indices.map { try SourcePlan(spec: spec, source: $0) }
    }

    /// The plan of `spec`'s source at `position` in `dataset.sources`, its tree indexed.
    /// - Throws: `DatasetError` for an unusable tree.
    init(spec: ExperimentSpec, source position: Int) throws(DatasetError) {
        let dataset = spec.dataset
        let source = dataset.sources[position]
        self.init(
            name: source.name, path: "dataset.sources[\(position)]",
            index: try DatasetIndex(roots: source.roots, layout: source.layout),
            transform: dataset.transform(of: source), split: source.split, roots: source.roots,
            seed: ExperimentData.sourceSeed(spec.seed, name: source.name), weight: source.weight,
            trains: source.trains, validates: (spec.validates || spec.validatesPretraining) && source.validates)
    }

    private init(
        name: String?, path: String, index: DatasetIndex, transform: ImageTransform, split: SplitSpec, roots: [String],
        seed: UInt64, weight: Double, trains: Bool, validates: Bool
    ) {
        self.name = name
        self.path = path
        self.index = index
        self.transform = transform
        self.split = split
        self.roots = roots
        self.seed = seed
        self.weight = weight
        self.trains = trains
        self.validates = validates
    }

    /// Decodes the source's images (through the cache), splits its classes, checks them against the
    /// episode shape and makes its samplers; returns them with the training classes (for pre-training).
    /// Notes about the images go to `notes`.
    /// - Throws: `SpecErrors` for split or data problems (a named source's prefixed with its name, at its
    ///   path), `DatasetError` and `ImageError` for unusable files.
    func load(spec: ExperimentSpec, notes: inout [String]) throws -> (SourceData, trainClasses: [ImageClass]) {
        let dataset = spec.dataset
        let images = try ImageDataset.load(
            index: index, transform: transform,
            options: LoadOptions(
                cache: ImageCache(directory: dataset.cacheDirectory), skipUnreadable: dataset.skipUnreadable))
        let label = name.map { "\($0): " } ?? ""
        notes.append("\(label)\(images.imageCount) images of \(index.classes.count) classes (\(images.cacheStatus))")
        if !images.skippedFiles.isEmpty {
            notes.append(
                "\(label)skipped \(images.skippedFiles.count) unreadable files, first: \(images.skippedFiles[0])")
        }
        let splits = try SplitLists.splits(index: index, split: split, roots: roots, at: "\(path).split")
        let classes = [
            "train": images.classes(splits.train), "validation": images.classes(splits.validation),
            "test": images.classes(splits.test),
        ]
        let alphabets = classes.mapValues { $0.map { index.classes[$0.sourceClass].alphabet } }
        let problems = dataProblems(
            spec: spec, counts: classes.mapValues { $0.map(\.imageCount) }, alphabets: alphabets)
        guard problems.isEmpty else { throw SpecErrors(problems) }

        let episodes = spec.episodes
        func sampler(
            _ split: String, rule: EpisodeRule, stream: EpisodeStream, augmentation: ImageAugmentation? = nil
        ) throws -> EpisodeSampler {
            try EpisodeSampler(
                classes: classes[split]!, rule: rule, seed: seed, stream: stream, split: split,
                groups: episodes.withinAlphabet ? ExperimentData.alphabetGroups(alphabets[split]!) : nil,
                augmentation: augmentation)
        }
        // Only meta-training images are augmented.
        let train =
            trains
            ? try sampler("train", rule: episodes.trainRule, stream: .training, augmentation: dataset.augmentation)
            : nil
        let validation = validates ? try sampler("validation", rule: episodes.rule, stream: .validation) : nil
        let test = try sampler("test", rule: episodes.rule, stream: .test)
        let source = SourceData(
            name: name, train: train, weight: weight, validation: validation, test: test, images: images)
        return (source, classes["train"]!)
    }

    /// The problems of the splits in use against the episode shape (`ExperimentSpec.dataErrors`,
    /// `withinAlphabetErrors`) given each split's class image counts and alphabets; a named source's at
    /// its path, its name first, without the pre-training batch (checked over all sources together).
    func dataProblems(spec: ExperimentSpec, counts: [String: [Int]], alphabets: [String: [String?]]) -> [SpecError] {
        guard let name else {
            return spec.dataErrors(classImageCounts: counts) + spec.withinAlphabetErrors(classAlphabets: alphabets)
        }
        let used = ["train": trains, "validation": validates, "test": true]
        return
            (spec.dataErrors(classImageCounts: counts.filter { used[$0.key]! })
            + spec.withinAlphabetErrors(classAlphabets: alphabets.filter { used[$0.key]! }))
            .filter { $0.path != "pretraining.batchSize" }
            .map { SpecError(path: path, message: "source '\(name)': \($0.message)") }
    }
}
