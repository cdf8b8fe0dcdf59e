import FewShotData
import MetaLearning

/// One entry of `dataset.sources`: a named image tree with its own layout, split and image keys,
/// brought to the model's input (`dataset.imageSize`, `dataset.color`, `dataset.normalize`) by its
/// own transform. Its keys, defaults and bounds are declared in `fields`.
public struct SourceSpec: Sendable, Equatable {
    /// What a source is used for.
    public enum Use: String, Sendable, CaseIterable, HyperparameterWord {
        /// Its split's training classes train, its validation classes validate, its test classes test.
        case all
        /// Only its split's test classes are used, for testing: an unseen domain.
        case test
    }

    /// `name`: how results, tables and errors name the source; unique among the sources.
    public var name: String
    /// `root`: the source's folders, read as one tree.
    public var roots: [String]
    /// `layout`: how classes sit under the roots.
    public var layout: DatasetLayout
    /// `split`: which of its classes train, validate and test.
    public var split: SplitSpec
    /// `invert`: whether pixel values are inverted; nil: `dataset.invert`.
    public var invert: Bool?
    /// `resize`: how non-square images become square; nil: `dataset.resize`.
    public var resize: ResizeMode?
    /// `rotations`: each rotation of a class is a class of its own; nil: `dataset.rotations`.
    public var rotations: [Int]?
    /// `weight`: the source's share of training episodes, relative to the other training sources.
    public var weight: Double
    /// `use`: for training, validation and test by its split, or for testing only.
    public var use: Use

    /// A source from its keys; no validation happens here.
    public init(
        name: String, roots: [String], layout: DatasetLayout = .automatic, split: SplitSpec = .standard,
        invert: Bool? = nil, resize: ResizeMode? = nil, rotations: [Int]? = nil, weight: Double = 1, use: Use = .all
    ) {
        self.name = name
        self.roots = roots
        self.layout = layout
        self.split = split
        self.invert = invert
        self.resize = resize
        self.rotations = rotations
        self.weight = weight
        self.use = use
    }

    /// Whether training episodes are drawn from the source: it is used for all phases with a positive weight.
    public var trains: Bool { use == .all && weight > 0 }

    /// Whether the source's validation classes are validated on: it trains and its split has some.
    public var validates: Bool { trains && split.hasValidation }
}

extension SourceSpec: SpecSection {
    init() { self.init(name: "", roots: []) }

    static var example: String { "{\"name\": \"omniglot\", \"root\": \"datasets/omniglot\"}" }

    static var misplacedKeys: [String: String] { sharedKeys }

    /// Keys of `dataset` that hold for every source alike, and why a source cannot set them.
    private static let sharedKeys = [
        "imageSize": "a source cannot set 'imageSize': every source is brought to dataset.imageSize; set it there",
        "color":
            "a source cannot set 'color': every source is brought to dataset.color (gray to RGB by replicating, RGB to gray by luminance); set it there",
        "normalize":
            "a source cannot set 'normalize': normalization applies to the model's input, dataset.normalize; set it there",
        "storage": "a source cannot set 'storage': sources share dataset.storage; set it there",
        "cacheDirectory": "a source cannot set 'cacheDirectory': sources share dataset.cacheDirectory; set it there",
        "skipUnreadable": "a source cannot set 'skipUnreadable': sources share dataset.skipUnreadable; set it there",
        "augmentation":
            "a source cannot set 'augmentation': augmentation applies to all training episodes, dataset.augmentation; set it there",
        "synthetic":
            "a source cannot set 'synthetic': a source reads an existing tree; generate one with `metalearn synth --out DIR` and name DIR as its root",
    ]

    static var fields: [SpecField<Self>] {
        [
            .value(
                "name", \.name, .text, default: .required(example: "\"omniglot\""),
                "how results, tables and errors name the source (unique among the sources)"),
            .custom(
                "root", default: "required", required: true,
                "a folder, or an array of folders read as one data set",
                schema: DatasetSpec.rootSchema,
                read: { reader, _, section in section.roots = DatasetSpec.readRoots(reader) },
                write: { DatasetSpec.rootJSON($0.roots) }),
            .value(
                "layout", \.layout, DatasetLayout.domain, default: .value(.automatic), writtenAtDefault: false,
                "how classes sit under the source's roots, as `dataset.layout`"),
            .custom(
                "split", default: "0.6/0.2/0.2 of characters; the CSV files for the csv layout",
                "which of the source's classes train, validate and test, in the forms of `dataset.split`",
                schema: SplitSpec.schema,
                read: { reader, _, section in section.split = SplitSpec.read(reader, layout: section.layout) },
                write: { $0.split.json }),
            .optional("invert", \.invert, .boolean, absent: "`dataset.invert`", "flip the source's pixel values"),
            .optional(
                "resize", \.resize, ResizeMode.domain, absent: "`dataset.resize`",
                "how the source's images become square (squash or crop)"),
            .optional(
                "rotations", \.rotations, .list(.integerChoice([0, 90, 180, 270]), count: 1...4, unique: true),
                absent: "`dataset.rotations`", "each rotation (degrees) of a class is a class of its own"),
            .value(
                "weight", \.weight, .real(RealRange(0, .infinity, upperIsOpen: true)), default: .value(1),
                "the source's share of training episodes, relative to the other training sources' weights "
                    + "(0: never drawn for training)"),
            .value(
                "use", \.use, Use.domain, default: .value(.all),
                "`all`: its split's classes train, validate and test; `test`: only its test classes are used, "
                    + "for testing (a domain unseen in training)"),
        ]
    }
}
