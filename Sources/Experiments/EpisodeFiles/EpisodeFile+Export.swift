import FewShotData
import Foundation
import Specs

/// The episode streams of a spec's run: what `metalearn episodes export --split` names.
public enum EpisodeSplit: String, Sendable, CaseIterable {
    /// Training episodes (`episodes.trainRule`); episode `i` is task `i % metaBatchSize` of
    /// iteration `i / metaBatchSize`.
    case train
    /// The fixed validation episodes.
    case validation
    /// The fixed test episodes: the first `evaluation.episodes` are the run's test.
    case test
}

extension EpisodeFile {
    /// Episodes `0..<count` of `split` exactly as a run of `spec` draws them, by file: each image's
    /// path relative to `root` (default: `defaultRoot(of: spec.dataset)`), its class named by its
    /// folder relative to `root`, or by its label in the csv layout, whose classes share one folder
    /// (with ` @90` for a class made by rotating, whose images carry their rotation). Evaluating the file gives the run's own figures for those episodes.
    /// - Throws: what loading the spec's data throws, `EpisodeFileError.splitNotDrawn` for
    ///   validation episodes of a spec that does not validate, `.imageOutsideRoot` for an image
    ///   not under `root`.
    /// Why a spec with `dataset.sources` has no episode file: its episodes come from several trees.
    static let severalSourcesError = SpecErrors([
        SpecError(
            path: "dataset.sources",
            message: "episode files hold the episodes of one data set; export from a spec with dataset.root "
                + "(one source's root, layout and split)")
    ])

    public static func export(
        spec: ExperimentSpec, split: EpisodeSplit, count: Int, root: String? = nil,
        threads: Int
    ) throws -> EpisodeFile {
        guard spec.dataset.sources.isEmpty else { throw EpisodeFile.severalSourcesError }
        let data = try ExperimentData(spec: spec, threads: threads)
        let sampler: EpisodeSampler
        switch split {
        case .train: sampler = data.train
        case .test: sampler = data.test
        case .validation:
            guard let validation = data.validation else {
                throw EpisodeFileError.splitNotDrawn(
                    split: "validation",
                    reason: "it does not validate "
                        + "(training.validateEvery is 0 or the validation split is empty)")
            }
            sampler = validation
        }
        let base = URL(fileURLWithPath: root ?? defaultRoot(of: spec.dataset)).standardizedFileURL.path
        let prefix = base.hasSuffix("/") ? base : base + "/"
        func relative(_ path: String) throws(EpisodeFileError) -> String {
            let full = URL(fileURLWithPath: path).standardizedFileURL.path
            guard full.hasPrefix(prefix) else { throw .imageOutsideRoot(image: path, root: base) }
            return String(full.dropFirst(prefix.count))
        }
        var files: [Int: [DatasetIndex.File]] = [:]
        var episodes: [Episode] = []
        episodes.reserveCapacity(count)
        for index in 0..<count {
            let draw = sampler.draw(index)
            var support: [Image] = []
            var query: [Image] = []
            for (label, classIndex) in draw.classIndices.enumerated() {
                let imageClass = sampler.classes[classIndex]
                let source = imageClass.sourceClass
                if files[source] == nil { files[source] = data.images.imageFiles(ofClass: source) }
                let indexed = data.images.index.classes[source]
                let folder = indexed.listedIn == nil ? try relative(indexed.path) : indexed.name
                let name = imageClass.rotation == 0 ? folder : "\(folder) @\(imageClass.rotation)"
                for (position, image) in draw.imageIndices[label].enumerated() {
                    let entry = Image(
                        path: try relative(files[source]![image].path), className: name, rotation: imageClass.rotation)
                    if position < draw.supportCounts[label] { support.append(entry) } else { query.append(entry) }
                }
            }
            episodes.append(Episode(support: support, query: query))
        }
        let shape = sampler.rule.description + (spec.episodes.withinAlphabet ? " within one alphabet" : "")
        return EpisodeFile(
            episodes: episodes,
            source: "\(spec.name): \(split.rawValue) episodes 0..<\(count), seed \(spec.seed), \(shape)")
    }
}
