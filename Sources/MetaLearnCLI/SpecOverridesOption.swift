import ArgumentParser
import Experiments

/// `--set PATH=VALUE`: changes a spec's key before it is read, shared by the commands that read specs.
struct SpecOverridesOption: ParsableArguments {
    @Option(
        name: .customLong("set"),
        help:
            "Set a spec key by JSON path before reading it, e.g. --set learner.innerLR=0.1 (repeatable; the value is JSON, a bare word a string); a run's spec.json records it."
    )
    var assignments: [String] = []

    /// The overrides, in the order given.
    func overrides() throws -> [SpecOverride] {
        try assignments.map { assignment in
            do {
                return try SpecOverride(assignment: assignment)
            } catch {
                throw ValidationError(String(describing: error))
            }
        }
    }
}
