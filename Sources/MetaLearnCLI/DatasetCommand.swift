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
            abstract: "Print alphabets, classes, images, image sizes, unreadable files and the memory the images take once loaded, of an Omniglot-style or flat tree of PNG and JPEG files.")

        @Argument(help: "One or more roots read as one data set.")
        var roots: [String]

        @Option(help: "Image side for the memory line (bytes held once loaded).")
        var imageSize = 28

        @Option(help: "Channels for the memory line: gray or rgb.")
        var color: PixelFormat = .gray

        @Option(help: "Sample storage for the memory line: float32 or uint8.")
        var storage: SampleStorage = .float32

        func run() throws {
            let info = try Failure.wrapping { try DatasetInfo.scan(roots: roots) }
            print(info.description)
            print(info.bytesHeldLine(ImageTransform(imageSize: imageSize, format: color, storage: storage)))
        }
    }
}

extension PixelFormat: ExpressibleByArgument {}
extension SampleStorage: ExpressibleByArgument {}
