import ArgumentParser
import MetaLearning

/// The `metalearn` command line as a library: an executable calls `MetaLearnCLI.main(registry:)`
/// with the learners it offers (the built-in ones, plus its own in an outside package).
public enum MetaLearnCLI {
    /// Parses the process's arguments and runs the chosen subcommand with `registry`'s learners.
    /// A failure prints its message and exits the process with a non-zero status.
    public static func main(registry: LearnerRegistry) {
        CommandContext.registry = registry
        MetaLearnCommand.main()
    }
}

/// What every subcommand shares: the learners this executable was built with. Set once, before
/// the arguments are parsed, and only read afterwards.
enum CommandContext {
    nonisolated(unsafe) static var registry = LearnerRegistry()
}

/// The `metalearn` command: one small subcommand type per file.
struct MetaLearnCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metalearn",
        abstract: "Few-shot image classification by meta-learning: run JSON experiment specs, build accuracy tables.",
        subcommands: [RunCommand.self, SweepCommand.self, ValidateCommand.self, LearnersCommand.self, SchemaCommand.self, TableCommand.self,
                      EvalCommand.self, PredictCommand.self, EpisodesCommand.self, DatasetCommand.self, SynthCommand.self,
                      BenchCommand.self])
}
