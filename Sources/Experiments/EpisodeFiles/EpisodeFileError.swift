import FewShotData

/// Why an episode file cannot be read, written or evaluated. Each description is one line for the
/// user: the file, the JSON path in it (`episodes[3].query[7]`) and what is wrong there.
public enum EpisodeFileError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file could not be read.
    case unreadable(file: String, reason: String)
    /// The file is not JSON, or not an episode file: `at` is the JSON path of the problem.
    case malformed(file: String, at: String, problem: String)
    /// An image the file names does not exist under the root.
    case missingImage(file: String, at: String, path: String)
    /// An image the file names exists but cannot be decoded.
    case unreadableImage(file: String, at: String, ImageError)
    /// A query's class is none of its episode's support classes.
    case classNotInSupport(file: String, at: String, className: String, support: [String])
    /// An episode's support set is one the learner cannot adapt to.
    case unusableSupport(file: String, at: String, PredictionError)
    /// An image to export lies outside the root its path must be relative to.
    case imageOutsideRoot(image: String, root: String)
    /// The spec draws no episodes from the split asked for.
    case splitNotDrawn(split: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let file, let reason):
            return "\(file): cannot read episode file: \(reason)"
        case .malformed(let file, let at, let problem):
            return "\(file): \(at.isEmpty ? "" : at + ": ")\(problem)"
        case .missingImage(let file, let at, let path):
            return
                "\(file): \(at): image \(path) does not exist (paths are relative to the root; pass --root to change it)"
        case .unreadableImage(let file, let at, let error):
            return "\(file): \(at): \(error)"
        case .classNotInSupport(let file, let at, let className, let support):
            return "\(file): \(at): class '\(className)' is not in the episode's support (its classes: "
                + support.prefix(5).joined(separator: ", ") + (support.count > 5 ? ", …" : "") + ")"
        case .unusableSupport(let file, let at, let error):
            return "\(file): \(at): \(error)"
        case .imageOutsideRoot(let image, let root):
            return
                "\(image) is not under \(root), the root the episode file's paths are relative to; pass --root with a folder that holds the data set"
        case .splitNotDrawn(let split, let reason):
            return "the spec draws no \(split) episodes: \(reason)"
        }
    }
}
