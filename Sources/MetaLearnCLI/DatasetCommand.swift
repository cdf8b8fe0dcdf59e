import ArgumentParser
import Experiments
import FewShotData
import MetaLearning

/// `metalearn dataset`: inspect data sets.
struct DatasetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dataset",
        abstract: "Inspect a data set.",
        subcommands: [Info.self])

    /// `metalearn dataset info ROOT...` or `--spec SPEC [--root ROOT...]`: layout, alphabets, classes
    /// (per split), images, sizes, unreadable files.
    struct Info: LearnerCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Print the layout, alphabets, classes (per split when known), images, image sizes, unreadable files and the memory the images take once loaded."
        )

        @Argument(help: "One or more roots read as one data set (or give --spec).")
        var roots: [String] = []

        @Option(help: "How classes sit under the roots: automatic, omniglot, flat or csv (ignored with --spec).")
        var layout: String = DatasetLayout.automatic.rawValue

        @Option(help: "Read the roots, layout and split of this spec's dataset section.")
        var spec: String?

        @OptionGroup var dataset: DatasetRootOption

        func validate() throws {
            guard (spec == nil) != roots.isEmpty else { throw ValidationError("give either data set roots or --spec") }
            guard spec != nil || dataset.root.isEmpty else {
                throw ValidationError("--root goes with --spec; without it, give the roots as arguments")
            }
            guard DatasetLayout(rawValue: layout) != nil else {
                throw ValidationError("--layout: expected automatic, omniglot, flat or csv, found '\(layout)'")
            }
            let sizes = DatasetSpec.imageSizes
            guard sizes.contains(imageSize) else {
                throw ValidationError(
                    "--image-size must be from \(sizes.lowerBound) to \(sizes.upperBound) (as dataset.imageSize), found \(imageSize)"
                )
            }
        }

        @Option(help: "Image side for the memory line (bytes held once loaded; with --spec, the spec's).")
        var imageSize = 28

        @Option(help: "Channels for the memory line: gray or rgb.")
        var color: PixelFormat = .gray

        @Option(help: "Sample storage for the memory line: float32 or uint8.")
        var storage: SampleStorage = .float32

        func run(registry: LearnerRegistry) throws {
            let info: DatasetInfo
            let transform: ImageTransform
            if let spec {
                let dataset = try self.dataset.apply(to: SpecLoading.load(spec, registry: registry)).dataset
                guard dataset.sources.isEmpty else {
                    throw Failure(
                        description: "\(spec): dataset.sources names several data sets; "
                            + "run `metalearn dataset info` on each source's root")
                }
                let rule = try Failure.wrapping { try SplitLists.rule(dataset) }
                info = try Failure.wrapping {
                    try DatasetInfo.scan(roots: dataset.roots, layout: dataset.layout, rule: rule)
                }
                transform = dataset.transform
            } else {
                info = try Failure.wrapping {
                    try DatasetInfo.scan(roots: roots, layout: DatasetLayout(rawValue: layout)!)
                }
                transform = ImageTransform(imageSize: imageSize, format: color, storage: storage)
            }
            print(info.description)
            print(info.bytesHeldLine(transform))
        }
    }
}

extension PixelFormat: ExpressibleByArgument {}
extension SampleStorage: ExpressibleByArgument {}
