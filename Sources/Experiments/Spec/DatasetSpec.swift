/// The `dataset` section: an Omniglot-style PNG tree (`root/alphabet/character/image.png`) and how
/// its images become classes.
public struct DatasetSpec: Sendable, Equatable {
    /// The dataset folders, as written in the spec (relative paths are the caller's to resolve).
    /// JSON: `root`, a string or a non-empty array of strings; required. Several roots are read as one
    /// tree (alphabet names must then be distinct across roots).
    public var roots: [String]
    /// Images are resized to `imageSize` × `imageSize` pixels. Default 28; in 4...1024.
    public var imageSize: Int
    /// Gray (1 channel) or RGB (3). JSON: `color`, `"gray"` or `"rgb"`; default `"gray"`.
    public var color: ImageColor
    /// Whether pixel values are inverted (Omniglot's black strokes on white become bright on dark).
    /// Default false: pixels as stored.
    public var invert: Bool
    /// Rotations in degrees, each from 0, 90, 180, 270, no repeats; each rotation of a character is a
    /// class of its own (the usual Omniglot augmentation). Default `[0]`: no augmentation.
    public var rotations: [Int]
    /// Which alphabets (or characters) are used for training, validation and test.
    /// Default: fractions 0.6 / 0.2 / 0.2 of characters, split seed 0.
    public var split: SplitSpec
    /// Where the decoded, resized images are cached between runs; absent (the default): the user cache
    /// folder, `$XDG_CACHE_HOME/metalearn` or `~/.cache/metalearn`.
    public var cacheDirectory: String?
    /// Whether unreadable image files are skipped (and counted) instead of failing the run. Default false.
    public var skipUnreadable: Bool
    /// When present, the (single) root is the synthetic data set of these settings, generated there on
    /// first use if the folder does not exist yet. Absent (the default): the root must exist.
    public var synthetic: SyntheticSpec?

    /// A dataset section from its keys; no validation happens here.
    public init(roots: [String], imageSize: Int, color: ImageColor, invert: Bool, rotations: [Int],
                split: SplitSpec, cacheDirectory: String?, skipUnreadable: Bool, synthetic: SyntheticSpec? = nil) {
        self.roots = roots
        self.imageSize = imageSize
        self.color = color
        self.invert = invert
        self.rotations = rotations
        self.split = split
        self.cacheDirectory = cacheDirectory
        self.skipUnreadable = skipUnreadable
        self.synthetic = synthetic
    }
}

/// The `dataset.synthetic` key: the settings of `metalearn synth` that generate the data set.
public struct SyntheticSpec: Sendable, Equatable {
    /// Alphabets; default 10, in 1...1000.
    public var alphabets: Int
    /// Characters per alphabet; default 20, in 1...1000.
    public var characters: Int
    /// Drawers (images) per character; default 20, in 1...1000.
    public var drawers: Int
    /// The seed of the glyphs and drawer variations; default 1.
    public var seed: Int

    /// Settings for a synthetic data set.
    public init(alphabets: Int = 10, characters: Int = 20, drawers: Int = 20, seed: Int = 1) {
        self.alphabets = alphabets
        self.characters = characters
        self.drawers = drawers
        self.seed = seed
    }
}
