import ArgumentParser
import Experiments
import Foundation

/// `--root`: points a spec at another copy of its data set, shared by the commands that read specs.
struct DatasetRootOption: ParsableArguments {
    @Option(
        help:
            "Use this data set folder instead of the spec's dataset.root (repeat for several roots); a run's spec.json records it."
    )
    var root: [String] = []

    /// The spec with its roots replaced when `--root` was given, each made absolute (a relative one
    /// starts at the current folder), so the run's spec.json finds the data from any folder.
    /// - Throws: `Failure` for a spec with `dataset.sources`, whose roots are its sources'.
    func apply(to spec: ExperimentSpec) throws -> ExperimentSpec {
        guard !root.isEmpty else { return spec }
        guard spec.dataset.sources.isEmpty else {
            throw Failure(
                description: "--root replaces dataset.root, but the spec names its data sets in dataset.sources; "
                    + "change each source's root in the spec (or with --set dataset.sources...) instead")
        }
        var changed = spec
        changed.dataset.roots = root.map {
            $0.hasPrefix("/") ? $0 : FileManager.default.currentDirectoryPath + "/" + $0
        }
        return changed
    }
}
