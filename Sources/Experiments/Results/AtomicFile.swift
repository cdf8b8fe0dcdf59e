import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files so that a reader, or a crash, sees either the old contents or the new ones, never a mix:
/// every file the runner writes goes through here.
public enum AtomicFile {
    /// Replaces the file at `url` by `data`: writes a temporary file in the same directory, flushes it
    /// to disk (fsync), renames it over `url` and flushes the directory. The directory must exist.
    /// On failure the temporary file is removed and the old file is untouched.
    public static func write(_ data: Data, to url: URL) throws(RunFileError) {
        let directory = url.deletingLastPathComponent().path
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp").path
        func failure(_ step: String) -> RunFileError {
            .unwritable(path: url.path, reason: "\(step): \(String(cString: strerror(errno)))")
        }
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard descriptor >= 0 else { throw failure("creating a temporary file") }
        let writeError: RunFileError? = data.withUnsafeBytes { buffer in
            guard writeAll(buffer, to: descriptor) else { return failure("writing") }
            return fsync(descriptor) == 0 ? nil : failure("flushing to disk")
        }
        close(descriptor)
        if let writeError {
            unlink(temporary)
            throw writeError
        }
        guard rename(temporary, url.path) == 0 else {
            let error = failure("renaming the temporary file")
            unlink(temporary)
            throw error
        }
        // The rename is durable once the directory entry is on disk; failing to flush it loses nothing already written.
        let directoryDescriptor = open(directory, O_RDONLY)
        if directoryDescriptor >= 0 {
            fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
    }

    /// Writes `text` as UTF-8, atomically as `write(_:to:)`.
    public static func write(_ text: String, to url: URL) throws(RunFileError) {
        try write(Data(text.utf8), to: url)
    }
}

/// Writes every byte of `buffer` to `descriptor`, retrying short and interrupted writes; false on error
/// (with `errno` set). Outside `AtomicFile`, whose `write` methods would hide the C function.
func writeAll(_ buffer: UnsafeRawBufferPointer, to descriptor: Int32) -> Bool {
    var written = 0
    while written < buffer.count {
        let count = write(descriptor, buffer.baseAddress! + written, buffer.count - written)
        if count < 0 {
            if errno == EINTR { continue }
            return false
        }
        written += count
    }
    return true
}
