import ArgumentParser
import MetaLearning

/// The `metalearn` command line as a library: an executable calls `MetaLearnCLI.main(registry:)`
/// with the learners it offers (the built-in ones, plus its own in an outside package).
public enum MetaLearnCLI {
    /// Parses the process's arguments and runs the chosen subcommand with `registry`'s learners.
    /// A failure prints its message and exits the process with a non-zero status.
    public static func main(registry: LearnerRegistry) {
        do {
            var command = try MetaLearnCommand.parseAsRoot()
            if let command = command as? any LearnerCommand {
                try command.run(registry: registry)
            } else {
                try command.run()
            }
        } catch {
            MetaLearnCommand.exit(withError: error)
        }
    }
}

/// A subcommand that works with the learners the executable was built with, passed down from
/// `MetaLearnCLI.main(registry:)`.
protocol LearnerCommand: ParsableCommand {
    /// Runs the subcommand with `registry`'s learners.
    func run(registry: LearnerRegistry) throws
}

extension LearnerCommand {
    /// Never called: `MetaLearnCLI.main(registry:)` calls `run(registry:)`.
    func run() throws {
        preconditionFailure("\(Self.self) runs through MetaLearnCLI.main(registry:)")
    }
}

/// The `metalearn` command: one small subcommand type per file.
struct MetaLearnCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metalearn",
        abstract: "Few-shot image classification by meta-learning: run JSON experiment specs, build accuracy tables.",
        subcommands: [
            RunCommand.self, SweepCommand.self, ValidateCommand.self, LearnersCommand.self, SchemaCommand.self,
            TableCommand.self, ReportCommand.self,
            EvalCommand.self, PredictCommand.self, EpisodesCommand.self, ExportCommand.self, DatasetCommand.self,
            SynthCommand.self,
            BenchCommand.self,
        ])
}
