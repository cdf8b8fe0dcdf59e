/// A run file (spec, result, metrics, report) that cannot be read, parsed or written. The description
/// names the file: "cannot read runs/a/result.json: No such file or directory".
public enum RunFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file could not be opened or read.
    case unreadable(path: String, reason: String)
    /// The file was read but its content is not what it should be.
    case malformed(path: String, reason: String)
    /// The file could not be written; what was there before is unchanged.
    case unwritable(path: String, reason: String)
    /// The result is another copy of a run already loaded (the same resolved spec and seed).
    case sameRun(path: String, copyOf: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): return "cannot read \(path): \(reason)"
        case .malformed(let path, let reason): return "\(path) is malformed: \(reason)"
        case .unwritable(let path, let reason): return "cannot write \(path): \(reason)"
        case .sameRun(let path, let copyOf):
            return "\(path) is the same run as \(copyOf) (the same resolved spec and seed); table each run once"
        }
    }
}
