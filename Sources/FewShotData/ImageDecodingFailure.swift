/// Why an `ImageFormat`'s decoder rejected a file's bytes, in the decoder's own words.
/// `ImageFile` adds the file's path and the format's name (`ImageError.corrupt` or `.tooLarge`).
public struct ImageDecodingFailure: Error, Sendable, Equatable {
    /// What the decoder found wrong.
    public enum Kind: Sendable, Equatable {
        /// The bytes are damaged or not a valid file of the format.
        case malformed
        /// The file is valid as far as read, but declares more pixels than the decoder accepts.
        case tooLarge
        /// The file is valid, but of a kind the decoder does not read (a CMYK JPEG).
        case unsupported
    }

    public let reason: String
    public let kind: Kind

    public init(reason: String, kind: Kind = .malformed) {
        self.reason = reason
        self.kind = kind
    }
}
