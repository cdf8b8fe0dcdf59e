import PosixFiles

/// Image files of every known format, told apart by their first bytes (the format's
/// signature), never by their names.
public enum ImageFile {
    /// Every format the package reads, tried in this order: the one list of formats.
    public static let formats: [any ImageFormat.Type] = [PNGFormat.self, JPEGFormat.self]

    /// The file name extensions of `formats` (lowercase, without the dot): the files the data
    /// set index picks up.
    public static let fileExtensions: Set<String> = Set(formats.flatMap { $0.fileExtensions })

    /// The known format whose signature `bytes` start with, or nil.
    public static func format(of bytes: [UInt8]) -> (any ImageFormat.Type)? {
        formats.first { $0.hasSignature(bytes) }
    }

    /// Decodes `bytes` in the format their signature names (see `ImageFormat.decode`, which says
    /// what `minimumSide` allows). `name` is the file named in errors. Throws `ImageError` (empty,
    /// unknown format, corrupt, too large, unsupported).
    public static func decode(
        _ bytes: [UInt8], as pixelFormat: PixelFormat, minimumSide: Int? = nil,
        name: String = "<memory>"
    ) throws(ImageError) -> (image: RasterImage, encoding: String) {
        if bytes.isEmpty { throw .empty(path: name) }
        guard let format = format(of: bytes) else { throw .unknownFormat(path: name) }
        do {
            return try format.decode(bytes, as: pixelFormat, minimumSide: minimumSide)
        } catch {
            switch error.kind {
            case .malformed: throw .corrupt(path: name, format: format.name, reason: error.reason)
            case .tooLarge: throw .tooLarge(path: name, format: format.name, reason: error.reason)
            case .unsupported: throw .unsupported(path: name, format: format.name, reason: error.reason)
            }
        }
    }

    /// Reads and decodes the file at `path` (see `decode(_:as:minimumSide:name:)`); a file that
    /// cannot be read (missing, no permission, not a regular file: a FIFO is refused, never waited
    /// on) throws `ImageError.unreadable`.
    public static func read(
        atPath path: String, as pixelFormat: PixelFormat,
        minimumSide: Int? = nil
    ) throws(ImageError) -> (image: RasterImage, encoding: String) {
        let bytes: [UInt8]
        do { bytes = try FileIO.readBytes(path) } catch { throw .unreadable(path: path, reason: error.reason) }
        return try decode(bytes, as: pixelFormat, minimumSide: minimumSide, name: path)
    }
}
