import FewShotData
import Foundation
import MetaLearning
import Specs

/// The checks `metalearn validate` can make against the data set without decoding images:
/// the tree (or the csv layout's files) is whole, the split's files read and its names exist, the run fits in memory on this machine (with all cores), and
/// every split has enough classes and images per class (counted from the file tree; rotations
/// multiply classes, not images), and, for episodes within one alphabet, enough classes per alphabet.
public enum DataCheck {
    /// The problems found, each at its JSON path; empty when the data fits the spec. The memory a
    /// run needs is checked when `learner`, the one that meta-trains it, is given.
    /// A missing root is reported at `dataset.root` unless `dataset.synthetic` will generate it; a root
    /// holding another data set than `dataset.synthetic` generates, at `dataset.synthetic`.
    public static func problems(_ spec: ExperimentSpec, learner: LearnerDescriptor? = nil) -> [SpecError] {
        let dataset = spec.dataset
        let missing = dataset.roots.filter { !FileManager.default.fileExists(atPath: $0) }
        if !missing.isEmpty {
            return dataset.synthetic != nil
                ? []
                : missing.map {
                    SpecError(path: "dataset.root", message: "folder '\($0)' does not exist")
                }
        }
        if let problem = ExperimentData.syntheticDataProblem(of: spec) { return [problem] }
        let index: DatasetIndex
        do {
            index = try DatasetIndex(roots: dataset.roots, layout: dataset.layout)
        } catch {
            return error.all.map { SpecError(path: "dataset.root", message: $0.description) }
        }
        let alphabetErrors = spec.alphabetErrors(available: index.alphabets)
        guard alphabetErrors.isEmpty else { return alphabetErrors }
        if let learner {
            let memory = MemoryEstimate(
                spec: spec, learner: learner, imageCount: index.imageCount, channels: spec.dataset.color.channels,
                threads: ProcessInfo.processInfo.activeProcessorCount)
            if let problem = memory.problem(), let largest = memory.largest {
                return [SpecError(path: largest.path, message: problem.description)]
            }
        }
        let splits: DatasetSplits
        do {
            splits = try SplitLists.splits(index: index, dataset: dataset)
        } catch {
            return error.errors
        }
        func counts(_ ids: [Int]) -> [Int] {
            Array(repeating: ids.map { index.classes[$0].files.count }, count: dataset.rotations.count).flatMap { $0 }
        }
        func alphabets(_ ids: [Int]) -> [String?] {
            Array(repeating: ids.map { index.classes[$0].alphabet }, count: dataset.rotations.count).flatMap { $0 }
        }
        return spec.dataErrors(classImageCounts: [
            "train": counts(splits.train), "validation": counts(splits.validation),
            "test": counts(splits.test),
        ])
            + spec.withinAlphabetErrors(classAlphabets: [
                "train": alphabets(splits.train), "validation": alphabets(splits.validation),
                "test": alphabets(splits.test),
            ])
    }

    /// The memory a run of `spec` meta-trained by `learner` needs at its peak, in bytes, with all
    /// cores, and the memory this process may use; nil when the data set cannot be indexed.
    public static func memory(_ spec: ExperimentSpec, learner: LearnerDescriptor) -> (
        needed: Double, available: Double
    )? {
        guard let index = try? DatasetIndex(roots: spec.dataset.roots, layout: spec.dataset.layout) else { return nil }
        let estimate = MemoryEstimate(
            spec: spec, learner: learner, imageCount: index.imageCount, channels: spec.dataset.color.channels,
            threads: ProcessInfo.processInfo.activeProcessorCount)
        return (estimate.bytes, MemoryEstimate.availableBytes)
    }
}
