import ArgumentParser
import Experiments
import Foundation
import MetaLearning

/// `metalearn export RUN_DIR --format safetensors --out FILE`: a trained model for other frameworks.
struct ExportCommand: LearnerCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract:
            "Write a saved run's model (best checkpoint, else last) as a file other frameworks load, with PyTorch's names and layouts."
    )

    @Argument(help: "A run directory written by 'metalearn run'.")
    var runDirectory: String

    @Option(help: "The file format.")
    var format: ExportFormat

    @Option(help: "The file to write.")
    var out: String

    @Flag(help: "Replace --out if it exists (a regular file only).")
    var force = false

    func run(registry: LearnerRegistry) throws {
        let export = try Failure.wrapping {
            let export = try ModelExport(runDirectory: URL(fileURLWithPath: runDirectory), registry: registry)
            try export.write(format, to: out, replacing: force)
            return export
        }
        let scalars = export.tensors.reduce(0) { $0 + $1.tensor.count }
        print("wrote \(export.tensors.count) tensors (\(scalars) values) of \(export.checkpoint.path) to \(out)")
    }
}

extension ExportFormat: ExpressibleByArgument {}
