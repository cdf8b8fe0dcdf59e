import ArgumentParser
import Experiments

/// `--root`: points a spec at another copy of its data set, shared by the commands that read specs.
struct DatasetRootOption: ParsableArguments {
    @Option(
        help:
            "Use this data set folder instead of the spec's dataset.root (repeat for several roots); a run's spec.json records it."
    )
    var root: [String] = []

    /// The spec with its roots replaced when `--root` was given.
    func apply(to spec: ExperimentSpec) -> ExperimentSpec {
        guard !root.isEmpty else { return spec }
        var changed = spec
        changed.dataset.roots = root
        return changed
    }
}
