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

    /// One class: a character folder (Omniglot layout), a class folder (flat layout), or a label of
    /// the csv layout.
    public struct Class: Sendable, Hashable {
        /// The root this class was found under.
        public let root: String
        /// The alphabet folder's name; nil in a flat layout.
        public let alphabet: String?
        /// The class folder's name.
        public let name: String
        /// The folder's full path (in the csv layout, the images folder all classes share).
        public let path: String
        /// Image files, sorted by name.
        public let files: [File]
        /// The split part the csv layout's CSV files put the class in; nil in other layouts.
        public let listedIn: SplitPart?

        /// `alphabet/name`, or `name` in a flat layout: how messages name the class.
        public var qualifiedName: String { alphabet.map { "\($0)/\(name)" } ?? name }
    }

    public let roots: [String]
    /// The layout found under each root, in root order.
    public let layouts: [DatasetLayout]
    /// All classes, root by root, each root's classes sorted by (alphabet, name).
    public let classes: [Class]

    /// Indexes `roots` in order. Throws `DatasetError` for two roots that overlap (the same folder,
    /// or one inside the other, once links and ".." are resolved: their classes would count twice),
    /// a missing root, an unlistable folder, a root without classes, or a folder or image file whose
    /// name is not UTF-8; and, each of them at once (`.several`), for empty alphabet and class folders
    /// and, in the csv layout, unreadable or malformed CSV files, rows naming images the images folder
    /// lacks and labels listed in two CSV files.
    public init(roots: [String], layout: DatasetLayout = .automatic) throws(DatasetError) {
        try DatasetIndex.checkDisjoint(roots)
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

    /// Throws `overlappingRoots` for the first pair of roots of which one holds the other (or both
    /// are the same folder). Roots that cannot be resolved are left to `index(root:layout:)` to report.
    private static func checkDisjoint(_ roots: [String]) throws(DatasetError) {
        let resolved = roots.map(FileIO.resolvedPath)
        for second in roots.indices {
            for first in 0..<second {
                guard let a = resolved[first], let b = resolved[second] else { continue }
                if holds(a, b) || holds(b, a) { throw .overlappingRoots(first: roots[first], second: roots[second]) }
            }
        }
    }

    /// Whether the resolved folder `outer` is `inner` or one of its ancestors.
    private static func holds(_ outer: [UInt8], _ inner: [UInt8]) -> Bool {
        guard inner.starts(with: outer) else { return false }
        return inner.count == outer.count || outer.last == UInt8(ascii: "/") || inner[outer.count] == UInt8(ascii: "/")
    }

    private static func index(root: String, layout: DatasetLayout) throws(DatasetError) -> (
        layout: DatasetLayout, classes: [Class]
    ) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory) else {
            throw .missingRoot(path: root)
        }
        guard isDirectory.boolValue else { throw .notADirectory(path: root) }
        if layout == .csv { return (.csv, try indexCSV(root: root)) }
        let folders = try names(in: root, .folders)
        var resolved = layout
        if layout == .automatic {
            resolved = .flat
            for folder in folders where try !names(in: join(root, folder), .folders).isEmpty {
                resolved = .omniglot
                break
            }
        }
        var classes: [Class] = []
        var problems: [DatasetError] = []
        func add(alphabet: String?, name: String, path: String) throws(DatasetError) {
            let files = try imageFiles(in: path)
            if files.isEmpty {
                problems.append(.emptyClass(path: path))
            } else {
                classes.append(
                    Class(root: root, alphabet: alphabet, name: name, path: path, files: files, listedIn: nil))
            }
        }
        for folder in folders {
            let folderPath = join(root, folder)
            if resolved == .flat {
                try add(alphabet: nil, name: folder, path: folderPath)
            } else {
                let characters = try names(in: folderPath, .folders)
                if characters.isEmpty { problems.append(.emptyAlphabet(path: folderPath)) }
                for character in characters {
                    try add(alphabet: folder, name: character, path: join(folderPath, character))
                }
            }
        }
        if !problems.isEmpty { throw .combining(problems) }
        if classes.isEmpty { throw .noClasses(root: root) }
        return (resolved, classes)
    }

    /// The classes of a csv-layout root: every label of `train.csv`, `val.csv` and `test.csv`, sorted,
    /// each with the images its rows name (sorted, each once) and the part of the file that lists it.
    private static func indexCSV(root: String) throws(DatasetError) -> [Class] {
        let folder = join(root, "images")
        guard FileIO.isDirectory(folder) else {
            throw .malformedCSV(
                path: root, line: nil, reason: "the csv layout keeps its images in ROOT/images, which is missing")
        }
        let present = Set(try names(in: folder, .imageFiles))
        var problems: [DatasetError] = []
        var listing: [String: (part: SplitPart, source: String, files: Set<String>)] = [:]
        var reported = Set<[String]>()
        for part in SplitPart.allCases {
            let csv = join(root, part.csvFileName)
            let rows: [CSVListing.Row]
            do { rows = try CSVListing.read(csv) } catch {
                problems.append(error)
                continue
            }
            for row in rows {
                guard present.contains(row.file) else {
                    problems.append(.missingListedImage(csv: csv, line: row.line, file: row.file, folder: folder))
                    continue
                }
                let source = "\(csv) line \(row.line)"
                guard let first = listing[row.label] else {
                    listing[row.label] = (part, source, [row.file])
                    continue
                }
                if first.part == part {
                    listing[row.label]!.files.insert(row.file)
                } else if reported.insert([row.label, part.rawValue]).inserted {
                    problems.append(
                        .classInTwoSplits(
                            name: row.label, first: first.part.rawValue, firstSource: first.source,
                            second: part.rawValue, secondSource: source))
                }
            }
        }
        if !problems.isEmpty { throw .combining(problems) }
        if listing.isEmpty { throw .noClasses(root: root) }
        return listing.keys.sorted().map { label in
            let entry = listing[label]!
            return Class(
                root: root, alphabet: nil, name: label, path: folder,
                files: entry.files.sorted().map { file(at: join(folder, $0)) }, listedIn: entry.part)
        }
    }

    /// The image files of the folder at `path`, sorted by name.
    private static func imageFiles(in path: String) throws(DatasetError) -> [File] {
        try names(in: path, .imageFiles).map { file(at: join(path, $0)) }
    }

    /// The file at `path` with its size and modification time. A file that cannot be stat'ed is kept:
    /// decoding it reports the problem by name.
    private static func file(at path: String) -> File {
        let metadata = FileIO.sizeAndModificationTime(path) ?? (-1, -1)
        return File(path: path, size: metadata.size, modificationTime: metadata.modified)
    }

    /// Whether `name` is a stem, a dot and one of the known formats' extensions (in any case).
    private static func hasImageExtension(_ name: String) -> Bool {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return false }
        return ImageFile.fileExtensions.contains(name[name.index(after: dot)...].lowercased())
    }

    /// What the index reads from a folder.
    private enum Entries { case folders, imageFiles }

    /// The names of the visible folders, or image files, of the folder at `path`, sorted. One of
    /// them whose name is not UTF-8 cannot be reached by a `String` path: it is an error naming it,
    /// never silently left out.
    private static func names(in path: String, _ wanted: Entries) throws(DatasetError) -> [String] {
        let entries: [DirectoryEntry]
        do { entries = try FileIO.listDirectory(path) } catch {
            throw .unreadableDirectory(path: path, reason: error.reason)
        }
        var names: [String] = []
        for entry in entries where entry.bytes.first != UInt8(ascii: ".") {
            let name = entry.name
            let isWanted =
                switch wanted {
                case .folders: entry.isDirectory
                case .imageFiles: !entry.isDirectory && hasImageExtension(name ?? entry.printableName)
                }
            guard isWanted else { continue }
            guard let name else { throw .undecodableName(folder: path, name: entry.printableName) }
            names.append(name)
        }
        return names.sorted()
    }

    private static func join(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }
}
