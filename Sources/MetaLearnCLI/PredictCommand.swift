import ArgumentParser
import Experiments
import Foundation
import MetaLearning

/// `metalearn predict RUN_DIR --support DIR --query PATH...`: classify new images with a trained learner.
struct PredictCommand: LearnerCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract:
            "Adapt a saved run's learner to a support folder (one subfolder of images per class) and classify query images."
    )

    @Argument(help: "A run directory written by 'metalearn run'.")
    var runDirectory: String

    @Option(help: "The support folder: one subfolder per class, named after it, holding its labelled images.")
    var support: String

    @Option(parsing: .upToNextOption, help: "Query image files or folders (searched recursively for images).")
    var query: [String]

    @Option(help: "table, csv or json.")
    var format: PredictionFormat = .table

    @OptionGroup var parallelism: ThreadsOption

    func run(registry: LearnerRegistry) throws {
        let table = try Failure.wrapping {
            let trained = try TrainedLearner(
                runDirectory: URL(fileURLWithPath: runDirectory), registry: registry,
                threads: parallelism.threads)
            let adapted = try trained.adapt(support: SupportClass.folder(support))
            let queries = try ImagePaths.expand(query)
            return PredictionTable(
                classNames: adapted.classNames, queries: queries,
                predictions: try adapted.classify(imagesAtPaths: queries))
        }
        print(table.rendered(as: format), terminator: "")
    }
}

extension PredictionFormat: ExpressibleByArgument {}
