import ArgumentParser
import FewShotData

/// `metalearn dataset`: inspect data sets.
struct DatasetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dataset",
        abstract: "Inspect a data set.",
        subcommands: [Info.self])

    /// `metalearn dataset info ROOT...`: alphabets, classes, images, sizes, unreadable files.
    struct Info: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print alphabets, classes, images, image sizes and unreadable files of an Omniglot-style or flat PNG tree.")

        @Argument(help: "One or more roots read as one data set.")
        var roots: [String]

        func run() throws {
            let info = try Failure.wrapping { try DatasetInfo.scan(roots: roots) }
            print(info.description)
        }
    }
}
