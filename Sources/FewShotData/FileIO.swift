#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Small POSIX helpers: whole-file reads, atomic writes and file metadata, with errno messages.
enum FileIO {
    struct Failure: Error { let reason: String }

    static func errnoMessage(_ code: Int32 = errno) -> String { String(cString: strerror(code)) }

    /// Reads the whole file at `path`.
    static func readBytes(_ path: String) throws(Failure) -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw Failure(reason: errnoMessage()) }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw Failure(reason: errnoMessage()) }
        guard (status.st_mode & S_IFMT) == S_IFREG else { throw Failure(reason: "not a regular file") }
        let size = Int(status.st_size)
        var failure: String?
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            count = 0
            while count < size {
                let n = read(fd, buffer.baseAddress! + count, size - count)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errnoMessage(); break
                }
                if n == 0 { break }  // the file shrank while we read it
                count += n
            }
        }
        if let failure { throw Failure(reason: failure) }
        return bytes
    }

    /// Reads exactly `count` bytes from `fd` into `destination`; false on a short read or error.
    static func readExactly(_ fd: Int32, _ destination: UnsafeMutableRawPointer, _ count: Int) -> Bool {
        var done = 0
        while done < count {
            let n = read(fd, destination + done, count - done)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return false }
            done += n
        }
        return true
    }

    /// Writes `count` bytes; false on error.
    static func writeAll(_ fd: Int32, _ source: UnsafeRawPointer, _ count: Int) -> Bool {
        var done = 0
        while done < count {
            let n = write(fd, source + done, count - done)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return false }
            done += n
        }
        return true
    }

    private static let temporaryCounter = Counter()

    /// Writes a file under a temporary name in the same directory, then renames it over `path`,
    /// so readers see the old file or the new one, never a partial one. `body` writes to the
    /// descriptor and returns false on failure.
    static func writeAtomically(_ path: String, _ body: (Int32) -> Bool) throws(Failure) {
        let temporary = "\(path).tmp-\(getpid())-\(temporaryCounter.next())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw Failure(reason: errnoMessage()) }
        let written = body(fd)
        let writeError = errno
        let closed = close(fd) == 0
        guard written, closed else {
            unlink(temporary)
            throw Failure(reason: written ? "close failed" : errnoMessage(writeError))
        }
        guard rename(temporary, path) == 0 else {
            let reason = errnoMessage()
            unlink(temporary)
            throw Failure(reason: reason)
        }
    }

    /// Writes `bytes` to `path` atomically.
    static func writeBytesAtomically(_ path: String, _ bytes: [UInt8]) throws(Failure) {
        try writeAtomically(path) { fd in bytes.withUnsafeBytes { writeAll(fd, $0.baseAddress!, $0.count) } }
    }

    /// Size in bytes and modification time in nanoseconds since 1970, or nil if `path` cannot be stat'ed.
    static func sizeAndModificationTime(_ path: String) -> (size: Int64, modified: Int64)? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        #if canImport(Darwin)
        let time = status.st_mtimespec
        #else
        let time = status.st_mtim
        #endif
        return (Int64(status.st_size), Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec))
    }

    /// Whether `path` is a directory (following symbolic links).
    static func isDirectory(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
    }

    /// Creates `path` and its parents; throws the reason on failure.
    static func makeDirectory(_ path: String) throws(Failure) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw Failure(reason: "\(error.localizedDescription)")
        }
    }
}

/// A thread-safe increasing counter (for unique temporary names).
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func next() -> Int {
        lock.lock(); defer { lock.unlock() }
        value += 1
        return value
    }
}
