import ArgumentParser
import Experiments

/// `metalearn validate SPEC`: every problem of a spec at once.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a spec: every error with its JSON path (exit 1), or 'ok' (exit 0).")

    @Argument(help: "The JSON experiment spec.")
    var spec: String

    @OptionGroup var dataset: DatasetRootOption

    func run() throws {
        let experiment = dataset.apply(to: try SpecLoading.load(spec))
        let problems = DataCheck.problems(experiment)
        guard problems.isEmpty else {
            throw Failure(description: problems.map { "\(spec): \($0)" }.joined(separator: "\n"))
        }
        print("ok")
    }
}
