/// Why an image file could not be read or written, whatever its format. The description is the
/// one-line message users see; it starts with the file's path.
public enum ImageError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file could not be opened or read (missing, a directory, no permission, I/O error).
    case unreadable(path: String, reason: String)
    /// The file has zero bytes.
    case empty(path: String)
    /// The file starts with the signature of none of `ImageFile.formats`.
    case unknownFormat(path: String)
    /// The decoder of `format` (its name, e.g. "PNG") rejected the contents: truncated, bad
    /// checksum, bad compressed stream, invalid header values, ...
    case corrupt(path: String, format: String, reason: String)
    /// The file declares more pixels than the decoder of `format` accepts; `reason` gives its size
    /// and the limit.
    case tooLarge(path: String, format: String, reason: String)
    /// The file is a valid `format` file of a kind the package does not read; `reason` says which
    /// kind and what to do (a CMYK JPEG: convert it to RGB).
    case unsupported(path: String, format: String, reason: String)
    /// The image could not be encoded as `format` or the file could not be written.
    case unwritable(path: String, format: String, reason: String)

    /// The file the error is about.
    public var path: String {
        switch self {
        case .unreadable(let path, _), .empty(let path), .unknownFormat(let path),
            .corrupt(let path, _, _), .tooLarge(let path, _, _), .unsupported(let path, _, _),
            .unwritable(let path, _, _):
            return path
        }
    }

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): return "\(path): cannot read file: \(reason)"
        case .empty(let path): return "\(path): file is empty (0 bytes), not an image"
        case .unknownFormat(let path):
            return
                "\(path): not an image in a known format (\(ImageFile.formats.map { $0.name }.joined(separator: ", ")))"
        case .corrupt(let path, let format, let reason): return "\(path): corrupt \(format): \(reason)"
        case .tooLarge(let path, let format, let reason): return "\(path): \(format) image too large: \(reason)"
        case .unsupported(let path, let format, let reason): return "\(path): unsupported \(format): \(reason)"
        case .unwritable(let path, let format, let reason): return "\(path): cannot write \(format): \(reason)"
        }
    }
}
