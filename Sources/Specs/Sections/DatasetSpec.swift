import FewShotData
import MetaLearning

/// The `dataset` section: an image tree (Omniglot-style `root/alphabet/character/image`, flat
/// `root/class/image`, or miniImageNet's images folder with CSV files) and how its images become classes. Its keys, defaults and bounds are declared in `fields`.
public struct DatasetSpec: Sendable, Equatable {
    /// `dataset.root`: the dataset folders, as written in the spec (relative paths are the caller's
    /// to resolve). Several roots are read as one tree.
    public var roots: [String]
    /// `dataset.layout`: how classes sit under the roots.
    public var layout: DatasetLayout
    /// `dataset.imageSize`: images are resized to this square size.
    public var imageSize: Int
    /// `dataset.color`: gray (1 channel) or RGB (3).
    public var color: PixelFormat
    /// `dataset.invert`: whether pixel values are inverted.
    public var invert: Bool
    /// `dataset.resize`: how non-square images become square.
    public var resize: ResizeMode
    /// `dataset.storage`: how decoded images are held in memory and in the cache.
    public var storage: SampleStorage
    /// `dataset.normalize`: per-channel standardisation of episode images; nil: none.
    public var normalize: ChannelNormalization?
    /// `dataset.rotations`: each rotation of a character is a class of its own.
    public var rotations: [Int]
    /// `dataset.split`: which classes are used for training, validation and test (`.csvFiles`, and only
    /// that, for the csv layout).
    public var split: SplitSpec
    /// `dataset.cacheDirectory`: where decoded images are cached; nil: the user cache folder.
    public var cacheDirectory: String?
    /// `dataset.skipUnreadable`: whether unreadable image files are skipped (and counted).
    public var skipUnreadable: Bool
    /// `dataset.synthetic`: when present, the (single) root is the synthetic data set of these settings.
    public var synthetic: SyntheticSpec?
    /// `dataset.augmentation`: random changes to meta-training images; nil: none.
    public var augmentation: ImageAugmentation?
    /// `dataset.sources`: named data sets used instead of `roots` (then empty); empty: the roots are the one data set.
    public var sources: [SourceSpec]

    /// A dataset section from its keys; no validation happens here.
    public init(
        roots: [String], layout: DatasetLayout = .automatic, imageSize: Int, color: PixelFormat, invert: Bool,
        rotations: [Int],
        split: SplitSpec, cacheDirectory: String?, skipUnreadable: Bool, synthetic: SyntheticSpec? = nil,
        resize: ResizeMode = .squash, storage: SampleStorage = .float32, normalize: ChannelNormalization? = nil,
        augmentation: ImageAugmentation? = nil, sources: [SourceSpec] = []
    ) {
        self.roots = roots
        self.layout = layout
        self.imageSize = imageSize
        self.color = color
        self.invert = invert
        self.resize = resize
        self.storage = storage
        self.normalize = normalize
        self.rotations = rotations
        self.split = split
        self.cacheDirectory = cacheDirectory
        self.skipUnreadable = skipUnreadable
        self.synthetic = synthetic
        self.augmentation = augmentation
        self.sources = sources
    }
}

extension DatasetSpec {
    /// Whether validation episodes can be drawn: the split has validation classes, or with sources, a
    /// training source's split does.
    public var hasValidation: Bool { sources.isEmpty ? split.hasValidation : sources.contains(where: \.validates) }

    /// How `source`'s images become model inputs: its own invert, resize and rotations (the data set's
    /// where it gives none), brought to the data set's size, color and normalization.
    public func transform(of source: SourceSpec) -> ImageTransform {
        var transform = self.transform
        transform.invert = source.invert ?? invert
        transform.resize = source.resize ?? resize
        transform.rotations = source.rotations ?? rotations
        return transform
    }

    /// How the spec's images become model inputs, for training and for classifying new images alike.
    public var transform: ImageTransform {
        ImageTransform(
            imageSize: imageSize, format: color, invert: invert, rotations: rotations, resize: resize, storage: storage,
            normalization: normalize)
    }
}

extension DatasetSpec: SpecSection {
    init() {
        self.init(
            roots: [], imageSize: 0, color: .gray, invert: false, rotations: [], split: .standard, cacheDirectory: nil,
            skipUnreadable: false)
    }

    static var example: String { "{\"root\": \"datasets/omniglot\"}" }

    /// The image sides a spec may ask for.
    public static let imageSizes = 4...1024

    static var fields: [SpecField<Self>] {
        [
            .custom(
                "root", default: "required unless `sources` is given",
                "a folder, or an array of folders read as one data set (alphabet names distinct across roots)",
                schema: rootSchema,
                read: { reader, _, section in
                    if reader.contains("root") || !reader.contains("sources") { section.roots = readRoots(reader) }
                },
                write: { rootJSON($0.roots) }),
            .value(
                "layout", \.layout, DatasetLayout.domain, default: .value(.automatic), writtenAtDefault: false,
                "how classes sit under the roots: `omniglot` (ROOT/alphabet/character/images), `flat` (ROOT/class/images), "
                    + "`csv` (ROOT/images with ROOT/train.csv, val.csv, test.csv of `filename,label` rows, which give the split), "
                    + "or `automatic` (omniglot when a folder under a root holds folders, flat otherwise)"),
            .value(
                "imageSize", \.imageSize, .integer(imageSizes), default: .value(28),
                "images are resized (area filter) to this square size"),
            .value("color", \.color, PixelFormat.domain, default: .value(.gray), "channels the images are decoded to"),
            .value(
                "invert", \.invert, .boolean, default: .value(false),
                "flip pixel values (Omniglot's black strokes become 1.0)"),
            .value(
                "resize", \.resize, ResizeMode.domain, default: .value(.squash), writtenAtDefault: false,
                "how an image becomes square: the whole image resized (squash), or the shorter side resized and the centre cropped (crop)"
            ),
            .value(
                "storage", \.storage, SampleStorage.domain, default: .value(.float32), writtenAtDefault: false,
                "decoded images held as float32 (exact) or uint8 (a quarter of the memory, values rounded to 1/255)"),
            .optionalSection(
                "normalize", \.normalize, absent: "absent (values in [0, 1])",
                "per-channel (value - mean) / std of episode images, applied when episodes are assembled"),
            .value(
                "rotations", \.rotations, .list(.integerChoice([0, 90, 180, 270]), count: 1...4, unique: true),
                default: .value([0]),
                "each rotation (degrees) of a character is a class of its own"),
            .custom(
                "split", default: "0.6/0.2/0.2 of characters; the CSV files for the csv layout", SplitSpec.summary,
                schema: SplitSpec.schema,
                read: { reader, _, section in section.split = SplitSpec.read(reader, layout: section.layout) },
                write: { $0.sources.isEmpty ? $0.split.json : nil }),
            .optional(
                "cacheDirectory", \.cacheDirectory, .text,
                absent: "`$XDG_CACHE_HOME/metalearn` or `~/.cache/metalearn`",
                "where decoded images are cached"),
            .value(
                "skipUnreadable", \.skipUnreadable, .boolean, default: .value(false),
                "skip and count unreadable images instead of failing"),
            .optionalSection(
                "synthetic", \.synthetic, absent: "absent",
                "the root is the synthetic data set of these settings, generated there on first use"),
            .optionalSection(
                "augmentation", \.augmentation, absent: "absent (no augmentation)",
                "random changes to meta-training images (validation and test images never change); "
                    + "each image's draws depend only on the seed, the episode index and the image's slot"),
            .sectionList(
                "sources", \.sources,
                "named data sets instead of `root`, each with its own root, layout, split and image keys; every "
                    + "source is brought to imageSize and color, training episodes come from one source at a time "
                    + "(by weight), validation and test run per source"),
        ]
    }

    func checkAcrossKeys(_ reader: ObjectReader) {
        checkSources(reader)
        if synthetic != nil, sources.isEmpty, roots.count != 1, reader.diagnostics.isClean(reader.path(of: "root")) {
            reader.diagnostics.report(
                reader.path(of: "synthetic"), "a synthetic data set has one root; give \"root\" as one folder")
        }
        let colorJitter = reader.path(of: "augmentation") + ".colorJitter"
        if color == .gray, augmentation?.colorJitter != nil,
            reader.diagnostics.isClean(reader.path(of: "color"), colorJitter)
        {
            reader.diagnostics.report(
                colorJitter,
                "colour jitter changes colour images, but dataset.color is \"gray\"; set \"color\": \"rgb\" or remove colorJitter"
            )
        }
        if let normalize, reader.diagnostics.isClean(reader.path(of: "normalize")),
            normalize.mean.count != color.channels || normalize.std.count != color.channels
        {
            reader.diagnostics.report(
                reader.path(of: "normalize"),
                "give one mean and one std per channel: \(color.channels) for \"color\": \"\(color.rawValue)\", "
                    + "got \(normalize.mean.count) and \(normalize.std.count)")
        }
    }

    /// Reports what `sources` rules out: the one data set's own keys beside it, two sources of one name,
    /// and sources none of which trains.
    private func checkSources(_ reader: ObjectReader) {
        guard !sources.isEmpty else { return }
        let path = reader.path(of: "sources")
        let exclusive = [
            "root": "name each data set's folder as a source's root", "split": "give each source its own split",
            "layout": "give each source its own layout",
            "synthetic": "generate the data set with `metalearn synth --out DIR` and name DIR as a source's root",
        ]
        for key in ["root", "layout", "split", "synthetic"] where reader.contains(key) {
            reader.diagnostics.report(
                reader.path(of: key), "\(path) replaces dataset.\(key); \(exclusive[key]!), or remove \(path)")
        }
        var firstOfName: [String: Int] = [:]
        for (position, source) in sources.enumerated() where !source.name.isEmpty {
            if let first = firstOfName[source.name] {
                reader.diagnostics.report(
                    "\(path)[\(position)].name",
                    "'\(source.name)' already names \(path)[\(first)]; give every source a name of its own")
            } else {
                firstOfName[source.name] = position
            }
        }
        if !sources.contains(where: \.trains), reader.diagnostics.isClean(path) {
            reader.diagnostics.report(
                path,
                "no source trains: give at least one source \"use\": \"all\" and a positive weight")
        }
    }

    /// The schema of a `root` key: one folder or an array of them.
    static func rootSchema() -> JSONValue {
        let folder = JSONValue.object(SchemaWriter.constraints(of: .text))
        return .object([
            .init("description", .string("a folder, or an array of folders read as one data set")),
            .init(
                "oneOf",
                .array([
                    folder,
                    .object([.init("type", .string("array")), .init("items", folder), .init("minItems", .integer(1))]),
                ])),
        ])
    }

    /// The folders of the `root` key of `reader`'s object (reported there when missing or invalid).
    static func readRoots(_ reader: ObjectReader) -> [String] {
        guard let value = reader.value(of: "root") else {
            reader.reportMissing("root", example: "\"datasets/omniglot\"")
            return []
        }
        let domain: ValueDomain = if case .array = value { .list(of: .text) } else { .text }
        switch ValueCoding.read(value, as: domain, at: reader.path(of: "root"), reader.diagnostics) {
        case .text(let folder)?: return [folder]
        case .list(let folders)?: return folders.compactMap(String.init(hyperparameterValue:))
        default: return []
        }
    }

    /// A `root` key's JSON: one folder as a string, several as an array; nil for none.
    static func rootJSON(_ roots: [String]) -> JSONValue? {
        switch roots.count {
        case 0: nil
        case 1: .string(roots[0])
        default: .array(roots.map(JSONValue.string))
        }
    }
}

/// The `dataset.synthetic` key: the settings of `metalearn synth` that generate the data set.
public struct SyntheticSpec: Sendable, Equatable {
    /// Alphabets.
    public var alphabets: Int
    /// Characters per alphabet.
    public var characters: Int
    /// Drawers (images) per character.
    public var drawers: Int
    /// The seed of the glyphs and drawer variations.
    public var seed: Int

    /// Settings for a synthetic data set.
    public init(alphabets: Int, characters: Int, drawers: Int, seed: Int) {
        self.alphabets = alphabets
        self.characters = characters
        self.drawers = drawers
        self.seed = seed
    }
}

extension SyntheticSpec: SpecSection {
    init() { self.init(alphabets: 0, characters: 0, drawers: 0, seed: 0) }

    static var fields: [SpecField<Self>] {
        [
            .value(
                "alphabets", \.alphabets, .integer(SyntheticOmniglot.alphabetRange), default: .value(10), "alphabets"),
            .value(
                "characters", \.characters, .integer(SyntheticOmniglot.characterRange), default: .value(20),
                "characters per alphabet"),
            .value(
                "drawers", \.drawers, .integer(SyntheticOmniglot.drawerRange), default: .value(20),
                "drawers (images) per character"),
            .value(
                "seed", \.seed, .integer(0...Int.max), default: .value(1),
                "the seed of the glyphs and drawer variations"),
        ]
    }
}
