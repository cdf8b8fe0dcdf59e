import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Replaces files so that a reader, or a crash, sees the old contents or the new ones, never a
/// mix: the one way the package replaces a file (images, the image cache, run files).
public enum AtomicWrite {
    /// Why a write failed: the step and the system's message.
    public struct Failure: Error, Sendable {
        public let reason: String
    }

    /// Writes a temporary file beside `path` through `body` (given the open descriptor, it returns
    /// false on an error, with errno set), then renames it over `path`. `durable` flushes the file
    /// and then its directory to disk, so the new contents survive a crash once this returns. On
    /// failure the temporary file is removed and the old file is untouched. The directory must exist.
    public static func replace(_ path: String, durable: Bool, _ body: (_ descriptor: Int32) -> Bool) throws(Failure) {
        let nameStart = path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex
        let directory = nameStart == path.startIndex ? "." : String(path[..<nameStart])
        let temporary = "\(path[..<nameStart]).\(path[nameStart...]).tmp-\(getpid())-\(temporaryNames.next())"
        func failure(_ step: String) -> Failure {
            Failure(reason: "\(step): \(FileIO.errnoMessage())")
        }
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard descriptor >= 0 else { throw failure("creating a temporary file") }
        var error = body(descriptor) ? nil : failure("writing")
        if error == nil, durable, fsync(descriptor) != 0 { error = failure("flushing to disk") }
        if close(descriptor) != 0, error == nil { error = failure("closing") }
        if let error {
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let error = failure("renaming the temporary file")
            unlink(temporary)
            throw error
        }
        guard durable else { return }
        // The rename is durable once the directory entry is on disk; failing to flush it loses nothing already written.
        let directoryDescriptor = open(directory, O_RDONLY)
        if directoryDescriptor >= 0 {
            fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
    }

    /// Writes every byte of `bytes` to `descriptor`, retrying short and interrupted writes; false
    /// on an error (with errno set).
    public static func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) -> Bool {
        var written = 0
        while written < bytes.count {
            let count = write(descriptor, bytes.baseAddress! + written, bytes.count - written)
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { return false }
            written += count
        }
        return true
    }

    private static let temporaryNames = Counter()

    /// A thread-safe increasing counter: unique temporary names within the process.
    private final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0

        func next() -> Int {
            lock.lock()
            defer { lock.unlock() }
            value += 1
            return value
        }
    }
}
