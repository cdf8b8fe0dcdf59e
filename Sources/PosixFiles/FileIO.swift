#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Small POSIX helpers: whole-file reads, directories and file metadata, with errno messages.
/// Writes go through `AtomicWrite`.
public enum FileIO {
    /// Why a read or a folder creation failed: the system's message.
    public typealias Failure = AtomicWrite.Failure

    /// The system's message for the error number `code` (by default the current `errno`).
    public static func errnoMessage(_ code: Int32 = errno) -> String { String(cString: strerror(code)) }

    /// Reads the whole file at `path`. Throws for a missing or unreadable file and for a path that
    /// is not a regular file (a folder, a device).
    public static func readBytes(_ path: String) throws(Failure) -> [UInt8] {
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
    public static func readExactly(_ fd: Int32, _ destination: UnsafeMutableRawPointer, _ count: Int) -> Bool {
        var done = 0
        while done < count {
            let n = read(fd, destination + done, count - done)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return false }
            done += n
        }
        return true
    }

    /// Size in bytes and modification time in nanoseconds since 1970, or nil if `path` cannot be stat'ed.
    public static func sizeAndModificationTime(_ path: String) -> (size: Int64, modified: Int64)? {
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
    public static func isDirectory(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
    }

    /// Creates `path` and its parents; throws the reason on failure.
    public static func makeDirectory(_ path: String) throws(Failure) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw Failure(reason: "\(error.localizedDescription)")
        }
    }
}
