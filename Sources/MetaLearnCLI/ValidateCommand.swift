import ArgumentParser
import Experiments
import Foundation
import MetaLearning

/// `metalearn validate SPEC_OR_SWEEP`: every problem of a spec, or of every combination of a sweep, at once.
struct ValidateCommand: LearnerCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a spec or a sweep file: every error with its JSON path (exit 1), or 'ok' (exit 0).")

    @Argument(help: "The JSON experiment spec, or a sweep file (one with a 'base' key): every combination is checked.")
    var spec: String

    @OptionGroup var dataset: DatasetRootOption

    @OptionGroup var overrides: SpecOverridesOption

    func run(registry: LearnerRegistry) throws {
        if let text = try? String(contentsOfFile: spec, encoding: .utf8), let document = try? JSONValue(parsing: text),
            SweepSpec.isSweep(document)
        {
            guard overrides.assignments.isEmpty else {
                throw ValidationError("--set applies to specs; a sweep sets keys in its grid or variants")
            }
            let (_, runs) = try SweepLoading.load(spec, registry: registry, folder: nil, dataset: dataset)
            let problems = SweepLoading.dataProblems(runs, path: spec, registry: registry)
            guard problems.isEmpty else { throw Failure(description: problems.joined(separator: "\n")) }
            print("ok: \(runs.count) combinations")
            return
        }
        let experiment = try dataset.apply(
            to: try SpecLoading.load(spec, registry: registry, overrides: overrides.overrides()))
        let learner = registry.descriptor(named: experiment.learner.name)
        let (problems, memoryNeeded) = DataCheck.check(experiment, learner: learner)
        guard problems.isEmpty else {
            throw Failure(description: problems.map { "\(spec): \($0)" }.joined(separator: "\n"))
        }
        if let memoryNeeded {
            print(
                String(
                    format: "ok: about %.2f GiB at the run's peak, %.1f GiB available", memoryNeeded / 1_073_741_824,
                    DataCheck.availableMemory / 1_073_741_824))
        } else {
            print("ok")
        }
    }
}
