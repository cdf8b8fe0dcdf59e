/// Why a PNG could not be read or written. The description is the message users see;
/// it always names the file.
public enum PNGError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file could not be opened or read (missing, a directory, no permission, I/O error).
    case unreadable(path: String, reason: String)
    /// The file has zero bytes.
    case empty(path: String)
    /// The file does not start with the PNG signature.
    case notPNG(path: String)
    /// libpng rejected the contents (truncated, bad CRC, bad zlib stream, absurd size, ...).
    case corrupt(path: String, reason: String)
    /// The image could not be encoded or the file could not be written.
    case unwritable(path: String, reason: String)

    /// The file the error is about.
    public var path: String {
        switch self {
        case .unreadable(let path, _), .empty(let path), .notPNG(let path),
             .corrupt(let path, _), .unwritable(let path, _):
            return path
        }
    }

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): return "\(path): cannot read file: \(reason)"
        case .empty(let path): return "\(path): file is empty (0 bytes), not a PNG image"
        case .notPNG(let path): return "\(path): not a PNG file (the PNG signature is missing)"
        case .corrupt(let path, let reason): return "\(path): corrupt PNG: \(reason)"
        case .unwritable(let path, let reason): return "\(path): cannot write PNG: \(reason)"
        }
    }
}
