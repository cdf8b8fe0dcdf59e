import ArgumentParser
import Experiments
import MetaLearning

/// `metalearn schema`: the JSON Schema of specs (or the README's spec reference), generated from
/// the spec's key declarations and this executable's learners.
struct SchemaCommand: LearnerCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema of experiment specs (experiments/spec.schema.json), learners included.")

    @Flag(help: "Print the spec reference table (Markdown) instead of the schema.")
    var reference = false

    @Flag(help: "Print the JSON Schema of sweep files (experiments/sweep.schema.json) instead.")
    var sweep = false

    func run(registry: LearnerRegistry) {
        print(
            sweep
                ? SweepSchema.text
                : reference
                    ? SpecReference.markdown(learners: registry)
                    : SpecSchema.text(learners: registry), terminator: "")
    }
}
