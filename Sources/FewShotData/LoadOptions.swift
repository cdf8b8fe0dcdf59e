/// How `ImageDataset.load` treats the cache and unreadable images.
public struct LoadOptions: Sendable, Hashable {
    /// The cache to read and write; nil decodes every time and writes nothing.
    public var cache: ImageCache?
    /// When true, images that cannot be decoded are left out, counted and reported in
    /// `ImageDataset.skippedFiles`; when false (the default) the first one, in index order, is an error.
    public var skipUnreadable: Bool

    public init(cache: ImageCache? = ImageCache(), skipUnreadable: Bool = false) {
        self.cache = cache
        self.skipUnreadable = skipUnreadable
    }

    /// No cache, strict: what benchmarks of cold decoding use.
    public static let uncached = LoadOptions(cache: nil)
}
