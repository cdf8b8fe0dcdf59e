import Dispatch

/// What `metalearn dataset info ROOT` prints: the shape of a data set tree and every file
/// that cannot be decoded. `description` is the printed report.
public struct DatasetInfo: Sendable {
    /// How many images share one size and format.
    public struct Group: Sendable, Hashable {
        public let label: String
        public let count: Int
        public init(label: String, count: Int) {
            self.label = label
            self.count = count
        }
    }

    public let roots: [String]
    public let layouts: [DatasetLayout]
    public let alphabets: [String]
    public let classCount: Int
    public let imageCount: Int
    /// Image sizes as "WxH", most common first.
    public let imageSizes: [Group]
    /// Source formats such as "gray 1-bit", most common first.
    public let formats: [Group]
    /// The fewest and most images in one class.
    public let imagesPerClass: ClosedRange<Int>
    /// The classes of each split, when a split rule was given or the layout lists one (csv).
    public let splits: DatasetSplits?
    /// Files that cannot be decoded, in index order.
    public let unreadableFiles: [ImageError]

    /// Indexes `roots` and decodes every image on all cores, and splits the classes by `rule` (by
    /// default, `.csvFiles` for the csv layout and no split otherwise). Throws `DatasetError` only when
    /// the tree itself is unusable (missing root, empty class folder, ...) or the split fails; bad
    /// images are listed.
    public static func scan(roots: [String], layout: DatasetLayout = .automatic, rule: SplitRule? = nil)
        throws(DatasetError) -> DatasetInfo
    {
        let index = try DatasetIndex(roots: roots, layout: layout)
        let splitRule = rule ?? (layout == .csv ? .csvFiles : nil)
        let splits = try splitRule.map { rule throws(DatasetError) in try DatasetSplits(index: index, rule: rule) }
        let files = index.files
        var results = [Result<FileFacts, ImageError>?](repeating: nil, count: files.count)
        results.withUnsafeMutableBufferPointer { slots in
            nonisolated(unsafe) let slots = slots
            DispatchQueue.concurrentPerform(iterations: files.count) { i in
                slots[i] = Result { () throws(ImageError) -> FileFacts in try FileFacts(path: files[i].path) }
            }
        }
        var sizes: [String: Int] = [:]
        var formats: [String: Int] = [:]
        var unreadable: [ImageError] = []
        for result in results {
            switch result! {
            case .success(let facts):
                sizes[facts.size, default: 0] += 1
                formats[facts.encoding, default: 0] += 1
            case .failure(let error):
                unreadable.append(error)
            }
        }
        func groups(_ counts: [String: Int]) -> [Group] {
            counts.map { Group(label: $0.key, count: $0.value) }
                .sorted { ($0.count, $1.label) > ($1.count, $0.label) }
        }
        let perClass = index.classes.map(\.files.count)
        return DatasetInfo(
            roots: roots, layouts: index.layouts, alphabets: index.alphabets,
            classCount: index.classes.count, imageCount: files.count,
            imageSizes: groups(sizes), formats: groups(formats),
            imagesPerClass: perClass.min()!...perClass.max()!, splits: splits, unreadableFiles: unreadable)
    }

    /// The bytes the readable images take in memory once loaded with `transform`
    /// (`ImageDataset.bytesHeld`; rotations share their images).
    public func bytesHeld(_ transform: ImageTransform) -> Int {
        (imageCount - unreadableFiles.count) * transform.bytesPerImage
    }

    /// One report line: what `bytesHeld(transform)` comes to, and per image.
    public func bytesHeldLine(_ transform: ImageTransform) -> String {
        let side = transform.imageSize
        return "held in memory at \(side)x\(side) \(transform.format.rawValue), \(transform.storage.rawValue): "
            + "\(bytesHeld(transform)) bytes (\(transform.bytesPerImage) per image)"
    }

    /// Convenience for one root.
    public static func scan(root: String, layout: DatasetLayout = .automatic) throws(DatasetError) -> DatasetInfo {
        try scan(roots: [root], layout: layout)
    }
}

/// What the report counts of one image file.
private struct FileFacts {
    /// "WxH".
    let size: String
    /// The file's own sample layout, e.g. "gray 1-bit".
    let encoding: String

    /// Decodes the file fully, so that damage anywhere is found, but keeps only its facts.
    init(path: String) throws(ImageError) {
        let decoded = try ImageFile.read(atPath: path, as: .gray)
        size = "\(decoded.image.width)x\(decoded.image.height)"
        encoding = decoded.encoding
    }
}

extension DatasetInfo: CustomStringConvertible {
    /// A human-readable multi-line report, one fact per line, unreadable files last.
    public var description: String {
        func list(_ groups: [Group]) -> String {
            groups.map { "\($0.label) (\($0.count))" }.joined(separator: ", ")
        }
        var splitCounts = ""
        if let splits {
            splitCounts =
                " (train \(splits.train.count), validation \(splits.validation.count), test \(splits.test.count))"
        }
        var lines = [
            "roots: " + roots.joined(separator: ", "),
            "layout: " + layouts.map(\.rawValue).joined(separator: ", "),
            "alphabets: \(alphabets.count)" + (alphabets.isEmpty ? "" : " (" + alphabets.joined(separator: ", ") + ")"),
            "classes: \(classCount)" + splitCounts,
            "images: \(imageCount)",
            "images per class: "
                + (imagesPerClass.lowerBound == imagesPerClass.upperBound
                    ? "\(imagesPerClass.lowerBound)" : "\(imagesPerClass.lowerBound) to \(imagesPerClass.upperBound)"),
            "image sizes: " + (imageSizes.isEmpty ? "none readable" : list(imageSizes)),
            "formats: " + (formats.isEmpty ? "none readable" : list(formats)),
            "unreadable files: \(unreadableFiles.count)",
        ]
        lines += unreadableFiles.map { "  " + $0.description }
        return lines.joined(separator: "\n")
    }
}
