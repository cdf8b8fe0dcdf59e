/// A data set decoded into memory: every image of every class of a `DatasetIndex`, resized
/// and scaled by an `ImageTransform`, ready to be split and sampled into episodes.
public struct ImageDataset: Sendable {
    /// Where the images came from.
    public let index: DatasetIndex
    public let transform: ImageTransform
    /// Per index class: how many of its images decoded (all of them unless skipping).
    public let imageCounts: [Int]
    /// Files that could not be decoded and were skipped (empty unless `skipUnreadable`).
    public let skippedFiles: [ImageError]
    /// Whether the images came from the cache.
    public let cacheStatus: CacheStatus
    let storage: ImageStorage
    let firstImages: [Int]
    /// Indices into `index.files` of the files that were skipped.
    let skippedFileIndices: Set<Int>

    /// Decodes every file of `index` (from the cache when it is valid, else on all cores, then
    /// caching the result). Throws `DatasetError.invalidTransform` for bad settings and, unless
    /// `options.skipUnreadable`, `DatasetError.unreadableImage` for the first bad file in index order.
    public static func load(
        index: DatasetIndex, transform: ImageTransform,
        options: LoadOptions = LoadOptions()
    ) throws(DatasetError) -> ImageDataset {
        try transform.validate()
        let key = cacheKey(files: index.files, transform: transform)
        let samples: ImageStorage.Samples
        let failures: [Int: ImageError]
        let status: CacheStatus
        switch transform.storage {
        case .float32:
            let loaded = loadSamples(
                Float.self, files: index.files, key: key, transform: transform, cache: options.cache)
            (samples, failures, status) = (.float32(loaded.samples), loaded.failures, loaded.status)
        case .uint8:
            let loaded = loadSamples(
                UInt8.self, files: index.files, key: key, transform: transform, cache: options.cache)
            (samples, failures, status) = (.uint8(loaded.samples), loaded.failures, loaded.status)
        }
        let ordered = failures.sorted { $0.key < $1.key }.map(\.value)
        if let first = ordered.first, !options.skipUnreadable { throw .unreadableImage(first) }

        var counts: [Int] = []
        var firsts: [Int] = []
        var fileIndex = 0
        var imageIndex = 0
        for entry in index.classes {
            var decoded = 0
            for _ in entry.files {
                if failures[fileIndex] == nil { decoded += 1 }
                fileIndex += 1
            }
            firsts.append(imageIndex)
            counts.append(decoded)
            imageIndex += decoded
        }
        return ImageDataset(
            index: index, transform: transform, imageCounts: counts, skippedFiles: ordered,
            cacheStatus: status,
            storage: ImageStorage(samples: samples, channels: transform.channels, size: transform.imageSize),
            firstImages: firsts, skippedFileIndices: Set(failures.keys))
    }

    /// The samples of `files` from `cache` when its file for `key` is valid, else decoded on all
    /// cores and then cached.
    private static func loadSamples<Sample: StoredSample>(
        _ type: Sample.Type, files: [DatasetIndex.File], key: [UInt8],
        transform: ImageTransform, cache: ImageCache?
    )
        -> (samples: [Sample], failures: [Int: ImageError], status: CacheStatus)
    {
        var missReason = "absent"
        if let cache {
            switch cache.load(key: key, files: files, floatsPerImage: transform.floatsPerImage, as: type) {
            case .success(let contents):
                return (contents.samples, contents.failures, .hit(path: cache.path(forKey: key)))
            case .failure(.absent): break
            case .failure(.stale(let reason)): missReason = "stale cache: \(reason)"
            }
        }
        let (samples, failures) = ImageDecoder.decode(files, transform: transform, as: type)
        guard let cache else { return (samples, failures, .disabled) }
        let path = cache.path(forKey: key)
        do {
            try cache.store(key: key, samples: samples, floatsPerImage: transform.floatsPerImage, failures: failures)
            return (samples, failures, .rebuilt(path: path, reason: missReason))
        } catch {
            return (samples, failures, .writeFailed(path: path, reason: error.reason))
        }
    }

    /// Bytes the decoded images take in memory (`imageCount * transform.bytesPerImage`).
    public var bytesHeld: Int { storage.bytes }

    /// The files behind the images of index class `id`, in image order: image `i` of any class
    /// `classes([id])` returns (whatever its rotation) was decoded from element `i`.
    public func imageFiles(ofClass id: Int) -> [DatasetIndex.File] {
        let firstFile = index.classes[..<id].reduce(0) { $0 + $1.files.count }
        return index.classes[id].files.enumerated()
            .filter { !skippedFileIndices.contains(firstFile + $0.offset) }
            .map(\.element)
    }

    /// Indexes `roots` and loads them: the one call most users need.
    public static func load(
        roots: [String], layout: DatasetLayout = .automatic, transform: ImageTransform,
        options: LoadOptions = LoadOptions()
    ) throws(DatasetError) -> ImageDataset {
        try load(index: DatasetIndex(roots: roots, layout: layout), transform: transform, options: options)
    }

    /// Number of images held (skipped files excluded).
    public var imageCount: Int { imageCounts.reduce(0, +) }

    /// The classes with the given index class ids, each expanded into one class per angle of
    /// `transform.rotations` (class-major: c@0, c@90, ..., then the next class).
    /// Classes whose images were all skipped are left out.
    public func classes(_ ids: [Int]) -> [ImageClass] {
        var result: [ImageClass] = []
        for id in ids where imageCounts[id] > 0 {
            let base = ImageClass(
                name: index.classes[id].qualifiedName, sourceClass: id, rotation: 0,
                storage: storage, firstImage: firstImages[id], imageCount: imageCounts[id],
                normalization: transform.normalization)
            for angle in transform.rotations { result.append(base.rotated(by: angle)) }
        }
        return result
    }

    /// Every class, rotations expanded.
    public var allClasses: [ImageClass] { classes(Array(index.classes.indices)) }

    /// The cache key: format version, transform settings, then every file's path, size and
    /// modification time, as bytes (binary integers keep building and comparing it cheap).
    static func cacheKey(files: [DatasetIndex.File], transform: ImageTransform) -> [UInt8] {
        var key = Array("metalearn image cache v4\n\(transform.cacheKey)\n".utf8)
        key.reserveCapacity(key.count + files.count * 100)
        for file in files {
            key += file.path.utf8
            key.append(0)
            withUnsafeBytes(of: file.size.littleEndian) { key += $0 }
            withUnsafeBytes(of: file.modificationTime.littleEndian) { key += $0 }
        }
        return key
    }
}
