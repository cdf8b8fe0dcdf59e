#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Small POSIX helpers: whole-file reads, directories and file metadata, with errno messages.
/// Writes go through `AtomicWrite`.
public enum FileIO {
    /// Why a read or a folder creation failed: the system's message.
    public typealias Failure = AtomicWrite.Failure

    /// The system's message for the error number `code` (by default the current `errno`).
    public static func errnoMessage(_ code: Int32 = errno) -> String { String(cString: strerror(code)) }

    /// Opens the regular file at `path` with open(2) `flags` (by default for reading; with `O_CREAT`
    /// a missing file is created with `mode`) and returns its descriptor, which the caller closes, and
    /// its size. Never blocks: a FIFO, a socket, a device or a folder is refused with "not a regular
    /// file (a FIFO)" and the like; any other failure gives the system's message.
    public static func openRegularFile(_ path: String, flags: Int32 = O_RDONLY, mode: mode_t = 0o644) throws(Failure)
        -> (descriptor: Int32, size: Int)
    {
        // O_NONBLOCK: opening a FIFO would otherwise wait for a writer or reader before the check below could refuse it.
        let descriptor = open(path, flags | O_NONBLOCK | O_CLOEXEC, mode)
        guard descriptor >= 0 else {
            let code = errno
            var status = stat()
            // A socket cannot be opened at all: say what it is rather than "No such device or address".
            if stat(path, &status) == 0, let kind = nonRegularKind(status.st_mode) { throw notRegular(kind) }
            throw Failure(reason: errnoMessage(code))
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let failure = Failure(reason: errnoMessage())
            close(descriptor)
            throw failure
        }
        if let kind = nonRegularKind(status.st_mode) {
            close(descriptor)
            throw notRegular(kind)
        }
        // A regular file's reads and writes do not block anyway; the descriptor goes back to the ordinary mode.
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        return (descriptor, Int(status.st_size))
    }

    /// Reads the whole regular file at `path` (see `openRegularFile`: anything else is refused
    /// without blocking). Throws for a missing or unreadable file.
    public static func readBytes(_ path: String) throws(Failure) -> [UInt8] {
        let (fd, size) = try openRegularFile(path)
        defer { close(fd) }
        var failure: String?
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            count = 0
            while count < size {
                let n = read(fd, buffer.baseAddress! + count, size - count)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errnoMessage()
                    break
                }
                if n == 0 { break }  // the file shrank while we read it
                count += n
            }
        }
        if let failure { throw Failure(reason: failure) }
        return bytes
    }

    /// Reads the whole regular file at `path` as UTF-8 text (see `readBytes`), without a leading
    /// byte order mark; bytes that are not UTF-8 are a failure ("not UTF-8 text").
    public static func readText(_ path: String) throws(Failure) -> String {
        let bytes = try readBytes(path)
        let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]
        let body = bytes.starts(with: byteOrderMark) ? bytes.dropFirst(byteOrderMark.count) : bytes[...]
        guard let text = String(validating: body, as: UTF8.self) else { throw Failure(reason: "not UTF-8 text") }
        return text
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

    /// Every entry of the folder at `path` but "." and "..", in the file system's order, with its
    /// name's bytes as stored (see `DirectoryEntry`). Throws the reason when it cannot be listed.
    public static func listDirectory(_ path: String) throws(Failure) -> [DirectoryEntry] {
        guard let directory = opendir(path) else { throw Failure(reason: errnoMessage()) }
        defer { closedir(directory) }
        let descriptor = dirfd(directory)
        var entries: [DirectoryEntry] = []
        while true {
            errno = 0
            guard let entry = readdir(directory) else {
                if errno != 0 { throw Failure(reason: errnoMessage()) }
                return entries
            }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
            if name == [46] || name == [46, 46] { continue }  // "." and ".."
            var status = stat()
            let isDirectory =
                (name + [0]).withUnsafeBufferPointer { buffer in
                    buffer.withMemoryRebound(to: CChar.self) { fstatat(descriptor, $0.baseAddress!, &status, 0) == 0 }
                } && (status.st_mode & S_IFMT) == S_IFDIR
            entries.append(DirectoryEntry(bytes: name, isDirectory: isDirectory))
        }
    }

    /// `path` with every symbolic link, "." and ".." resolved (realpath(3)), as the file system's
    /// bytes: two paths name the same file or folder when these are equal. Nil when `path` cannot
    /// be resolved (a missing component, no permission).
    public static func resolvedPath(_ path: String) -> [UInt8]? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return Array(UnsafeRawBufferPointer(start: resolved, count: strlen(resolved)))
    }

    /// Creates the folder `path` and its missing parents (a folder already there is fine); throws the
    /// reason on failure, naming the parent when it is a parent that cannot be created.
    public static func makeDirectory(_ path: String) throws(Failure) {
        let components = path.split(separator: "/")
        var prefix = path.hasPrefix("/") ? "/" : ""
        for (number, component) in components.enumerated() {
            prefix += component
            if mkdir(prefix, 0o777) != 0 {
                let code = errno
                if !isDirectory(prefix) {
                    let reason = code == EEXIST ? "exists and is not a folder" : errnoMessage(code)
                    throw Failure(reason: number == components.count - 1 ? reason : "\(prefix): \(reason)")
                }
            }
            prefix += "/"
        }
    }

    /// What a file of mode `mode` is ("a FIFO", "a directory", ...), or nil for a regular file.
    private static func nonRegularKind(_ mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFDIR: return "a directory"
        case S_IFIFO: return "a FIFO"
        case S_IFSOCK: return "a socket"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        default: return "an unknown kind of file"
        }
    }

    private static func notRegular(_ kind: String) -> Failure { Failure(reason: "not a regular file (\(kind))") }
}
