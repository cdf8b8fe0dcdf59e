/// Why an `ImageFormat`'s decoder rejected a file's bytes, in the decoder's own words.
/// `ImageFile` adds the file's path and the format's name (`ImageError.corrupt`).
public struct ImageDecodingFailure: Error, Sendable, Equatable {
    public let reason: String

    public init(reason: String) {
        self.reason = reason
    }
}
