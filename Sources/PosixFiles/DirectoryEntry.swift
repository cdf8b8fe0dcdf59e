/// One entry of a folder as `FileIO.listDirectory` finds it. A file name is any bytes but "/" and
/// NUL, so it may not be UTF-8: such an entry has no `name`, and `printableName` shows it.
public struct DirectoryEntry: Sendable, Hashable {
    /// The name's bytes as stored.
    public let bytes: [UInt8]
    /// Whether the entry is a folder (following a symbolic link).
    public let isDirectory: Bool

    public init(bytes: [UInt8], isDirectory: Bool) {
        self.bytes = bytes
        self.isDirectory = isDirectory
    }

    /// The name, or nil when its bytes are not valid UTF-8 (no `String` path can reach the entry then).
    public var name: String? { String(validating: bytes, as: UTF8.self) }

    /// The name for messages: its valid UTF-8 as text, every other byte as `\xHH`.
    public var printableName: String {
        var text = ""
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                text.unicodeScalars.append(Unicode.UTF8.decode(encoded))
                offset += encoded.count
            case .error(let length):
                for byte in bytes[offset..<offset + length] {
                    text += "\\x" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
                }
                offset += length
            case .emptyInput:
                return text
            }
        }
    }
}
