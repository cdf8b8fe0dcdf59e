/// Why a data set could not be indexed, loaded, split or sampled. The description is the
/// one-line message users see; it names the file, folder, class or split at fault.
public enum DatasetError: Error, CustomStringConvertible, Sendable, Equatable {
    /// A root folder given by the user does not exist.
    case missingRoot(path: String)
    /// A path that should be a folder is a file.
    case notADirectory(path: String)
    /// A folder could not be listed.
    case unreadableDirectory(path: String, reason: String)
    /// Two roots are the same folder, or one holds the other (after resolving links and ".."): their
    /// classes would be counted twice, and one character could land in two splits.
    case overlappingRoots(first: String, second: String)
    /// A folder holds a folder or image file whose name is not valid UTF-8 (shown with `\xHH` escapes),
    /// which the index cannot read and will not silently leave out.
    case undecodableName(folder: String, name: String)
    /// A root holds no class folders at all.
    case noClasses(root: String)
    /// A class (character) folder holds no image files.
    case emptyClass(path: String)
    /// An alphabet folder of an Omniglot-style tree holds no character folders.
    case emptyAlphabet(path: String)
    /// An image could not be decoded (and unreadable images are not being skipped).
    case unreadableImage(ImageError)
    /// A class has fewer images than one episode needs from it.
    case tooFewImages(className: String, has: Int, needs: Int)
    /// A split has fewer classes than the episode's ways.
    case tooFewClasses(split: String, has: Int, needs: Int)
    /// A group of classes (an alphabet) has fewer classes than the episode's ways, so episodes
    /// drawn within one group cannot be made from it.
    case tooFewClassesInGroup(group: String, split: String, has: Int, needs: Int)
    /// A split list names a class (or alphabet, or `alphabet/character` path, when `alphabets`) that
    /// the data set does not have; `source` says where the name is written.
    case unknownListedName(name: String, source: String, alphabets: Bool)
    /// A class is listed in two parts of a split (by its own name, its alphabet, or a csv label).
    case classInTwoSplits(name: String, first: String, firstSource: String, second: String, secondSource: String)
    /// A csv layout's image folder lacks an image that a CSV row names.
    case missingListedImage(csv: String, line: Int, file: String, folder: String)
    /// A csv layout's CSV file cannot be read, or a line of it is not `filename,label`.
    case malformedCSV(path: String, line: Int?, reason: String)
    /// A split by the csv layout's files was asked of roots that are not in the csv layout.
    case notCSVLayout(roots: [String])
    /// Several problems at once, each its own line (never empty, never nested).
    case several([DatasetError])
    /// Alphabet splits were asked of a flat data set, which has no alphabets.
    case noAlphabets(roots: [String])
    /// Split fractions are negative, not finite, or sum to more than 1.
    case invalidSplitFractions(String)
    /// An image transform setting is out of range.
    case invalidTransform(String)
    /// An episode shape (ways, shots, queries) is out of range.
    case invalidEpisodeShape(String)

    /// `errors` as one error: the error itself when there is one, `.several` otherwise (flattened).
    /// `errors` must not be empty.
    static func combining(_ errors: [DatasetError]) -> DatasetError {
        let flat = errors.flatMap(\.all)
        precondition(!flat.isEmpty, "no errors to combine")
        return flat.count == 1 ? flat[0] : .several(flat)
    }

    /// The single problems this error holds: itself, or each of `.several`.
    public var all: [DatasetError] {
        if case .several(let errors) = self { return errors }
        return [self]
    }

    public var description: String {
        switch self {
        case .missingRoot(let path): return "\(path): data set root does not exist"
        case .notADirectory(let path): return "\(path): expected a folder, found a file"
        case .unreadableDirectory(let path, let reason): return "\(path): cannot list folder: \(reason)"
        case .overlappingRoots(let first, let second):
            return "\(first) and \(second): data set roots overlap (the same folder, or one inside the other), "
                + "so their classes would be counted twice; give each folder once"
        case .undecodableName(let folder, let name):
            return "\(folder): holds \"\(name)\", whose name is not valid UTF-8 and cannot be read; "
                + "rename it to UTF-8 (for example with convmv)"
        case .noClasses(let root):
            return "\(root): no class folders (expected ROOT/<alphabet>/<character>/*.png or ROOT/<class>/*.png)"
        case .emptyClass(let path):
            return
                "\(path): class folder holds no \(ImageFile.formats.map { $0.name }.joined(separator: " or ")) images"
        case .emptyAlphabet(let path): return "\(path): alphabet folder holds no character folders"
        case .unreadableImage(let error): return error.description
        case .tooFewImages(let name, let has, let needs):
            return
                "class \(name) has \(has) image\(has == 1 ? "" : "s") but an episode needs \(needs) (shots + queries)"
        case .tooFewClasses(let split, let has, let needs):
            return "split \(split) has \(has) class\(has == 1 ? "" : "es") but an episode needs \(needs) (ways)"
        case .tooFewClassesInGroup(let group, let split, let has, let needs):
            return
                "alphabet \(group) of split \(split) has \(has) class\(has == 1 ? "" : "es") but an episode within one alphabet needs \(needs) (ways)"
        case .unknownListedName(let name, let source, let alphabets):
            return "\(source): no \(alphabets ? "alphabet or alphabet/character" : "class") '\(name)' in the data set"
        case .classInTwoSplits(let name, let first, let firstSource, let second, let secondSource):
            return
                "\(secondSource): class '\(name)' is put in the \(second) split but is already in the \(first) split "
                + "(\(firstSource)); a class may be in one split only"
        case .missingListedImage(let csv, let line, let file, let folder):
            return "\(csv) line \(line): image '\(file)' is not in \(folder)"
        case .malformedCSV(let path, let line, let reason):
            return "\(path)\(line.map { " line \($0)" } ?? ""): \(reason)"
        case .notCSVLayout(let roots):
            return "\(roots.joined(separator: ", ")): a split by train.csv, val.csv and test.csv needs the csv layout"
        case .several(let errors): return errors.map(\.description).joined(separator: "\n")
        case .noAlphabets(let roots):
            return
                "\(roots.joined(separator: ", ")): flat data set has no alphabets; split by character fractions instead"
        case .invalidSplitFractions(let message): return "invalid split fractions: \(message)"
        case .invalidTransform(let message): return "invalid image transform: \(message)"
        case .invalidEpisodeShape(let message): return "invalid episode shape: \(message)"
        }
    }
}
