import Foundation
import PosixFiles

/// The classes and image files of one or more data set roots, in a stable order.
///
/// Roots keep the order given; inside a root, alphabets, classes and files are sorted by
/// name (Swift's Unicode-aware string order), so class ids never depend on the file system's
/// listing order. Hidden entries (names starting with ".") and files whose extension is not one
/// of `ImageFile.fileExtensions` (in any case; today `.png`) are ignored. Each file's size and
/// modification time are recorded: they key the cache.
public struct DatasetIndex: Sendable, Hashable {
    /// One image file as indexed.
    public struct File: Sendable, Hashable {
        /// Full path.
        public let path: String
        public let size: Int64
        /// Modification time in nanoseconds since 1970.
        public let modificationTime: Int64
    }

    /// One class: a character folder (Omniglot layout) or a class folder (flat layout).
    public struct Class: Sendable, Hashable {
        /// The root this class was found under.
        public let root: String
        /// The alphabet folder's name; nil in a flat layout.
        public let alphabet: String?
        /// The class folder's name.
        public let name: String
        /// The folder's full path.
        public let path: String
        /// Image files, sorted by name.
        public let files: [File]

        /// `alphabet/name`, or `name` in a flat layout: how messages name the class.
        public var qualifiedName: String { alphabet.map { "\($0)/\(name)" } ?? name }
    }

    public let roots: [String]
    /// The layout found under each root, in root order.
    public let layouts: [DatasetLayout]
    /// All classes, root by root, each root's classes sorted by (alphabet, name).
    public let classes: [Class]

    /// Indexes `roots` in order. Throws `DatasetError` for a missing root, an unlistable folder,
    /// a root without classes, an empty alphabet folder or an empty class folder.
    public init(roots: [String], layout: DatasetLayout = .automatic) throws(DatasetError) {
        var classes: [Class] = []
        var layouts: [DatasetLayout] = []
        for root in roots {
            let found = try DatasetIndex.index(root: root, layout: layout)
            layouts.append(found.layout)
            classes += found.classes
        }
        self.roots = roots
        self.layouts = layouts
        self.classes = classes
    }

    /// Indexes a single root.
    public init(root: String, layout: DatasetLayout = .automatic) throws(DatasetError) {
        try self.init(roots: [root], layout: layout)
    }

    /// Distinct alphabet names in class order (empty for flat layouts).
    public var alphabets: [String] {
        var seen = Set<String>()
        return classes.compactMap(\.alphabet).filter { seen.insert($0).inserted }
    }

    /// Total number of image files.
    public var imageCount: Int { classes.reduce(0) { $0 + $1.files.count } }

    /// Every file, class by class: the order images are decoded and cached in.
    public var files: [File] { classes.flatMap(\.files) }

    private static func index(root: String, layout: DatasetLayout) throws(DatasetError) -> (layout: DatasetLayout, classes: [Class]) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory) else { throw .missingRoot(path: root) }
        guard isDirectory.boolValue else { throw .notADirectory(path: root) }
        let topLevel = try listing(root)
        let folders = topLevel.filter { FileIO.isDirectory(join(root, $0)) }
        var resolved = layout
        if layout == .automatic {
            resolved = .flat
            for folder in folders where try listing(join(root, folder)).contains(where: { FileIO.isDirectory(join(join(root, folder), $0)) }) {
                resolved = .omniglot
                break
            }
        }
        var classes: [Class] = []
        for folder in folders {
            let folderPath = join(root, folder)
            if resolved == .flat {
                classes.append(try makeClass(root: root, alphabet: nil, name: folder, path: folderPath))
            } else {
                let characters = try listing(folderPath).filter { FileIO.isDirectory(join(folderPath, $0)) }
                if characters.isEmpty { throw .emptyAlphabet(path: folderPath) }
                for character in characters {
                    classes.append(try makeClass(root: root, alphabet: folder, name: character,
                                                 path: join(folderPath, character)))
                }
            }
        }
        if classes.isEmpty { throw .noClasses(root: root) }
        return (resolved, classes)
    }

    private static func makeClass(root: String, alphabet: String?, name: String, path: String) throws(DatasetError) -> Class {
        var files: [File] = []
        for entry in try listing(path) where hasImageExtension(entry) {
            let filePath = join(path, entry)
            guard !FileIO.isDirectory(filePath) else { continue }
            // A file that cannot be stat'ed is kept: decoding it reports the problem by name.
            let metadata = FileIO.sizeAndModificationTime(filePath) ?? (-1, -1)
            files.append(File(path: filePath, size: metadata.size, modificationTime: metadata.modified))
        }
        if files.isEmpty { throw .emptyClass(path: path) }
        return Class(root: root, alphabet: alphabet, name: name, path: path, files: files)
    }

    /// Whether `name` is a stem, a dot and one of the known formats' extensions (in any case).
    private static func hasImageExtension(_ name: String) -> Bool {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return false }
        return ImageFile.fileExtensions.contains(name[name.index(after: dot)...].lowercased())
    }

    /// Sorted visible entries of a folder.
    private static func listing(_ path: String) throws(DatasetError) -> [String] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: path)
                .filter { !$0.hasPrefix(".") }
                .sorted()
        } catch {
            throw .unreadableDirectory(path: path, reason: (error as NSError).localizedDescription)
        }
    }

    private static func join(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }
}
