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
    /// Where the decoded, resized images are cached between runs; absent (the default): no cache.
    public var cacheDirectory: String?
    /// Whether unreadable image files are skipped (and counted) instead of failing the run. Default false.
    public var skipUnreadable: Bool

    /// A dataset section from its keys; no validation happens here.
    public init(roots: [String], imageSize: Int, color: ImageColor, invert: Bool, rotations: [Int],
                split: SplitSpec, cacheDirectory: String?, skipUnreadable: Bool) {
        self.roots = roots
        self.imageSize = imageSize
        self.color = color
        self.invert = invert
        self.rotations = rotations
        self.split = split
        self.cacheDirectory = cacheDirectory
        self.skipUnreadable = skipUnreadable
    }
}
