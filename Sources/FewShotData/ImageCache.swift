import Foundation
import PosixFiles

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where decoded, resized images are kept between runs: one binary file per (file list,
/// transform) pair, named by a hash of that key.
///
/// A cache file holds the full key (every path, size and modification time, and the
/// transform settings), the images (as the transform's `SampleStorage` holds them: 4 or 1
/// bytes per sample) and a checksum. It is written to a temporary name and
/// renamed, so it is complete or absent; on load, a file whose key, sizes or checksum do not
/// match is ignored and rebuilt, never trusted.
public struct ImageCache: Sendable, Hashable {
    /// The folder holding cache files (created on first write).
    public let directory: String

    /// A cache in `directory`, or in `defaultDirectory()` when nil.
    public init(directory: String? = nil) {
        self.directory = directory ?? ImageCache.defaultDirectory()
    }

    /// `$XDG_CACHE_HOME/metalearn`, else `~/.cache/metalearn`.
    public static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty { return xdg + "/metalearn" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.cache/metalearn"
    }

    static let magic = Array("MLIMGC02".utf8)

    /// What a cache file holds once validated.
    struct Contents<Sample: StoredSample> {
        var samples: [Sample]
        /// Per file in index order: nil when decoded, else why it failed.
        var failures: [Int: ImageError]
    }

    /// Why a cache file was not used.
    enum Miss: Error, Equatable {
        case absent
        case stale(String)
    }

    /// The cache file for `key`.
    func path(forKey key: [UInt8]) -> String {
        directory + "/images-" + String(Checksum.of(key), radix: 16) + ".cache"
    }

    /// Loads and validates the cache file for `key`, which must hold images of `files` of
    /// `floatsPerImage` samples of type `Sample` each. Returns `.failure` with the reason when it
    /// cannot be used.
    func load<Sample: StoredSample>(
        key: [UInt8], files: [DatasetIndex.File], floatsPerImage: Int,
        as _: Sample.Type
    ) -> Result<Contents<Sample>, Miss> {
        let path = path(forKey: key)
        let fd: Int32
        let fileSize: Int
        do {
            (fd, fileSize) = try FileIO.openRegularFile(path)
        } catch {
            // Nothing there is the usual miss; anything else in the way (a FIFO, no permission) is named.
            return .failure(FileIO.sizeAndModificationTime(path) == nil ? .absent : .stale(error.reason))
        }
        defer { close(fd) }
        var prefix = [UInt8](repeating: 0, count: 16)
        guard fileSize >= 24, FileIO.readExactly(fd, &prefix, 16), Array(prefix[0..<8]) == ImageCache.magic else {
            return .failure(.stale("bad header"))
        }
        let headerLength = Int(
            clamping: prefix.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self) })
        guard headerLength <= fileSize - 24 else { return .failure(.stale("bad header length")) }
        var header = [UInt8](repeating: 0, count: headerLength)
        guard FileIO.readExactly(fd, &header, headerLength) else { return .failure(.stale("truncated header")) }
        var reader = ByteReader(header)
        guard reader.bytesEqual(key),
            let imageCount = reader.int(), let storedFloats = reader.int(), storedFloats == floatsPerImage,
            let sampleBytes = reader.int(), sampleBytes == MemoryLayout<Sample>.size,
            let failureCount = reader.int(), failureCount >= 0, failureCount <= files.count,
            imageCount == files.count - failureCount
        else {
            return .failure(.stale("key or sizes differ"))
        }
        var failures: [Int: ImageError] = [:]
        for _ in 0..<failureCount {
            guard let index = reader.int(), (0..<files.count).contains(index),
                let kind = reader.int(), let format = reader.string(), let reason = reader.string(),
                let error = ImageCache.error(kind: kind, format: format, reason: reason, path: files[index].path)
            else {
                return .failure(.stale("bad failure record"))
            }
            failures[index] = error
        }
        guard reader.atEnd, failures.count == failureCount else { return .failure(.stale("bad header")) }
        let pixelBytes = imageCount * floatsPerImage * MemoryLayout<Sample>.size
        guard fileSize == 16 + headerLength + pixelBytes + 8 else { return .failure(.stale("file size differs")) }
        var readOK = true
        let pixels = [Sample](unsafeUninitializedCapacity: imageCount * floatsPerImage) { buffer, count in
            readOK = FileIO.readExactly(fd, UnsafeMutableRawPointer(buffer.baseAddress!), pixelBytes)
            count = imageCount * floatsPerImage
        }
        var trailer: UInt64 = 0
        guard readOK, FileIO.readExactly(fd, &trailer, 8) else { return .failure(.stale("truncated")) }
        var checksum = Checksum()
        prefix.withUnsafeBytes { checksum.update($0) }
        header.withUnsafeBytes { checksum.update($0) }
        pixels.withUnsafeBytes { checksum.update($0) }
        guard checksum.value == trailer else { return .failure(.stale("checksum mismatch")) }
        return .success(Contents(samples: pixels, failures: failures))
    }

    /// Writes the cache file for `key` atomically. Throws the reason on failure.
    func store<Sample: StoredSample>(
        key: [UInt8], samples pixels: [Sample], floatsPerImage: Int,
        failures: [Int: ImageError]
    ) throws(FileIO.Failure) {
        try FileIO.makeDirectory(directory)
        var writer = ByteWriter()
        writer.bytes(key)
        writer.int(pixels.count / floatsPerImage)
        writer.int(floatsPerImage)
        writer.int(MemoryLayout<Sample>.size)
        writer.int(failures.count)
        for (index, error) in failures.sorted(by: { $0.key < $1.key }) {
            let (kind, format, reason) = ImageCache.record(error)
            writer.int(index)
            writer.int(kind)
            writer.string(format)
            writer.string(reason)
        }
        let header = writer.bytes
        var prefix = ImageCache.magic
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { prefix += $0 }
        var checksum = Checksum()
        prefix.withUnsafeBytes { checksum.update($0) }
        header.withUnsafeBytes { checksum.update($0) }
        pixels.withUnsafeBytes { checksum.update($0) }
        let trailer = checksum.value
        try AtomicWrite.replace(path(forKey: key), durable: false) { descriptor in
            prefix.withUnsafeBytes { AtomicWrite.writeAll($0, to: descriptor) }
                && header.withUnsafeBytes { AtomicWrite.writeAll($0, to: descriptor) }
                && pixels.withUnsafeBytes { AtomicWrite.writeAll($0, to: descriptor) }
                && withUnsafeBytes(of: trailer) { AtomicWrite.writeAll($0, to: descriptor) }
        }
    }

    /// A failure as stored: its kind, the format's name and the reason (empty where the kind has none).
    private static func record(_ error: ImageError) -> (kind: Int, format: String, reason: String) {
        switch error {
        case .unreadable(_, let reason): return (0, "", reason)
        case .empty: return (1, "", "")
        case .unknownFormat: return (2, "", "")
        case .corrupt(_, let format, let reason): return (3, format, reason)
        case .unwritable(_, let format, let reason): return (4, format, reason)
        case .tooLarge(_, let format, let reason): return (5, format, reason)
        case .unsupported(_, let format, let reason): return (6, format, reason)
        }
    }

    private static func error(kind: Int, format: String, reason: String, path: String) -> ImageError? {
        switch kind {
        case 0: return .unreadable(path: path, reason: reason)
        case 1: return .empty(path: path)
        case 2: return .unknownFormat(path: path)
        case 3: return .corrupt(path: path, format: format, reason: reason)
        case 4: return .unwritable(path: path, format: format, reason: reason)
        case 5: return .tooLarge(path: path, format: format, reason: reason)
        case 6: return .unsupported(path: path, format: format, reason: reason)
        default: return nil
        }
    }
}

/// Little-endian length-prefixed fields for cache headers.
struct ByteWriter {
    var bytes: [UInt8] = []
    mutating func int(_ value: Int) { withUnsafeBytes(of: UInt64(value).littleEndian) { bytes += $0 } }
    mutating func string(_ value: String) {
        int(value.utf8.count)
        bytes += value.utf8
    }
    mutating func bytes(_ value: [UInt8]) {
        int(value.count)
        bytes += value
    }
}

struct ByteReader {
    let bytes: [UInt8]
    var offset = 0
    init(_ bytes: [UInt8]) { self.bytes = bytes }
    var atEnd: Bool { offset == bytes.count }

    mutating func int() -> Int? {
        guard bytes.count - offset >= 8 else { return nil }
        let value = bytes.withUnsafeBytes {
            UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        }
        offset += 8
        return value <= UInt64(Int.max) ? Int(value) : nil
    }

    /// Reads a length-prefixed byte field and says whether it equals `expected`.
    mutating func bytesEqual(_ expected: [UInt8]) -> Bool {
        guard let length = int(), length == expected.count, bytes.count - offset >= length else { return false }
        defer { offset += length }
        return bytes.withUnsafeBytes { stored in
            expected.withUnsafeBytes { memcmp(stored.baseAddress! + offset, $0.baseAddress!, length) == 0 }
        }
    }

    mutating func string() -> String? {
        guard let length = int(), bytes.count - offset >= length else { return nil }
        defer { offset += length }
        return String(decoding: bytes[offset..<offset + length], as: UTF8.self)
    }
}
