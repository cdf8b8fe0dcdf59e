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
        check(spec, learner: learner).problems
    }

    /// The problems found, as `problems(_:learner:)` gives them, and the memory in bytes a run
    /// meta-trained by `learner` needs at its peak with all cores (nil without a learner, or when a
    /// problem stopped the check before the data set's classes were known).
    public static func check(_ spec: ExperimentSpec, learner: LearnerDescriptor?) -> (
        problems: [SpecError], memoryNeeded: Double?
    ) {
        let dataset = spec.dataset
        guard dataset.sources.isEmpty else { return checkSources(spec, learner: learner) }
        let missing = dataset.roots.filter { !FileManager.default.fileExists(atPath: $0) }
        if !missing.isEmpty {
            return (
                dataset.synthetic != nil
                    ? []
                    : missing.map {
                        SpecError(path: "dataset.root", message: "folder '\($0)' does not exist")
                    }, nil
            )
        }
        if let problem = ExperimentData.syntheticDataProblem(of: spec) { return ([problem], nil) }
        let index: DatasetIndex
        do {
            index = try DatasetIndex(roots: dataset.roots, layout: dataset.layout)
        } catch {
            return (error.all.map { SpecError(path: "dataset.root", message: $0.description) }, nil)
        }
        let alphabetErrors = spec.alphabetErrors(available: index.alphabets)
        guard alphabetErrors.isEmpty else { return (alphabetErrors, nil) }
        let memory = learner.map {
            MemoryEstimate(
                spec: spec, learner: $0, imageCount: index.imageCount, channels: spec.dataset.color.channels,
                threads: ProcessInfo.processInfo.activeProcessorCount)
        }
        if let memory, let problem = memory.problem(), let largest = memory.largest {
            return ([SpecError(path: largest.path, message: problem.description)], memory.bytes)
        }
        let splits: DatasetSplits
        do {
            splits = try SplitLists.splits(index: index, dataset: dataset)
        } catch {
            return (error.errors, memory?.bytes)
        }
        func counts(_ ids: [Int]) -> [Int] {
            Array(repeating: ids.map { index.classes[$0].files.count }, count: dataset.rotations.count).flatMap { $0 }
        }
        func alphabets(_ ids: [Int]) -> [String?] {
            Array(repeating: ids.map { index.classes[$0].alphabet }, count: dataset.rotations.count).flatMap { $0 }
        }
        let problems =
            spec.dataErrors(classImageCounts: [
                "train": counts(splits.train), "validation": counts(splits.validation),
                "test": counts(splits.test),
            ])
            + spec.withinAlphabetErrors(classAlphabets: [
                "train": alphabets(splits.train), "validation": alphabets(splits.validation),
                "test": alphabets(splits.test),
            ])
        return (problems, memory?.bytes)
    }

    /// `check` for a spec with `dataset.sources`: each source's tree, split and counts, at its JSON path,
    /// then the memory of all of them together.
    private static func checkSources(_ spec: ExperimentSpec, learner: LearnerDescriptor?) -> (
        problems: [SpecError], memoryNeeded: Double?
    ) {
        var problems: [SpecError] = []
        var rotatedImages = 0
        for (position, source) in spec.dataset.sources.enumerated() {
            let path = "dataset.sources[\(position)]"
            let missing = source.roots.filter { !FileManager.default.fileExists(atPath: $0) }
            guard missing.isEmpty else {
                problems += missing.map { SpecError(path: "\(path).root", message: "folder '\($0)' does not exist") }
                continue
            }
            let plan: SourcePlan
            do { plan = try SourcePlan(spec: spec, source: position) } catch {
                problems += error.all.map { SpecError(path: "\(path).root", message: $0.description) }
                continue
            }
            let index = plan.index
            rotatedImages += index.imageCount * plan.transform.rotations.count
            let splits: DatasetSplits
            do {
                splits = try SplitLists.splits(
                    index: index, split: source.split, roots: source.roots, at: "\(path).split")
            } catch {
                problems += error.errors
                continue
            }
            let rotations = plan.transform.rotations.count
            func counts(_ ids: [Int]) -> [Int] {
                Array(repeating: ids.map { index.classes[$0].files.count }, count: rotations).flatMap { $0 }
            }
            func alphabets(_ ids: [Int]) -> [String?] {
                Array(repeating: ids.map { index.classes[$0].alphabet }, count: rotations).flatMap { $0 }
            }
            problems += plan.dataProblems(
                spec: spec,
                counts: [
                    "train": counts(splits.train), "validation": counts(splits.validation), "test": counts(splits.test),
                ],
                alphabets: [
                    "train": alphabets(splits.train), "validation": alphabets(splits.validation),
                    "test": alphabets(splits.test),
                ])
        }
        let rotations = spec.dataset.rotations.count
        let memory = learner.map {
            MemoryEstimate(
                spec: spec, learner: $0, imageCount: (rotatedImages + rotations - 1) / rotations,
                channels: spec.dataset.color.channels, threads: ProcessInfo.processInfo.activeProcessorCount)
        }
        if let memory, let problem = memory.problem(), let largest = memory.largest {
            problems.append(SpecError(path: largest.path, message: problem.description))
        }
        return (problems, memory?.bytes)
    }

    /// The memory this process may use in bytes: the machine's, or its control group's limit when lower.
    public static var availableMemory: Double { MemoryEstimate.availableBytes }
}
