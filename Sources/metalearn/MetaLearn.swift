import ArgumentParser

/// The `metalearn` command-line tool: one small subcommand type per file.
@main
struct MetaLearn: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metalearn",
        abstract: "Few-shot image classification by meta-learning: run JSON experiment specs, build accuracy tables.",
        subcommands: [RunCommand.self, ValidateCommand.self, LearnersCommand.self, TableCommand.self, EvalCommand.self,
                      DatasetCommand.self, SynthCommand.self, BenchCommand.self])
}
