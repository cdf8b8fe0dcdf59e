import Foundation
import PosixFiles
import Testing
import TestSupport

@Suite struct FileIOTests {
    /// A whole read returns every byte; a folder or a missing file is a failure saying why.
    @Test func readsWholeFilesAndSaysWhyNot() throws {
        let directory = TemporaryDirectory("read")
        let path = directory.path + "/data.bin"
        let bytes = (0..<70_000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        #expect(try FileIO.readBytes(path) == bytes)

        let folder = #expect(throws: FileIO.Failure.self) { try FileIO.readBytes(directory.path) }
        #expect(folder?.reason == "not a regular file (a directory)")
        let missing = #expect(throws: FileIO.Failure.self) { try FileIO.readBytes(directory.path + "/missing") }
        #expect(missing?.reason == String(cString: strerror(ENOENT)))
    }

    /// A FIFO, a socket or a device is refused at once, saying what it is, instead of being waited
    /// on; a file opened for appending must be regular too.
    @Test func onlyRegularFilesAreOpenedAndNothingBlocks() throws {
        let directory = TemporaryDirectory("kinds")
        let fifo = directory.path + "/pipe.png"
        try #require(mkfifo(fifo, 0o644) == 0)
        let socketPath = directory.path + "/socket"
        let socketDescriptor = try Self.listeningSocket(at: socketPath)
        defer { close(socketDescriptor) }
        let reasons = try #require(finishing {
            [fifo, socketPath, "/dev/null"].map { path in failureReason { _ = try FileIO.readBytes(path) } }
        }, "reading a FIFO, a socket or a device blocked")
        #expect(reasons == ["not a regular file (a FIFO)", "not a regular file (a socket)", "not a regular file (a character device)"])
        let appending = try #require(finishing {
            failureReason { close(try FileIO.openRegularFile(fifo, flags: O_WRONLY | O_APPEND | O_CREAT).descriptor) }
        }, "opening a FIFO for writing blocked")
        #expect(appending == "not a regular file (a FIFO)")
    }

    /// Text is UTF-8, read past a byte order mark; other bytes are a failure saying so.
    @Test func readsUTF8Text() throws {
        let directory = TemporaryDirectory("text")
        let text = directory.path + "/text"
        #expect(FileManager.default.createFile(atPath: text, contents: Data([0xEF, 0xBB, 0xBF] + Array("héllo".utf8))))
        #expect(try FileIO.readText(text) == "héllo")
        #expect(FileManager.default.createFile(atPath: text, contents: Data([0x61, 0xFF])))
        #expect(failureReason { _ = try FileIO.readText(text) } == "not UTF-8 text")
    }

    /// A Unix socket bound at `path`, listening; the caller closes it.
    static func listeningSocket(at path: String) throws -> Int32 {
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        try #require(descriptor >= 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (i, byte) in path.utf8.prefix(buffer.count - 1).enumerated() { buffer[i] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        try #require(bound == 0 && listen(descriptor, 1) == 0)
        return descriptor
    }

    /// A listing gives every name's bytes as stored, UTF-8 or not, and tells folders (also through a
    /// link) from files; a name that is not UTF-8 has no `String` and prints with `\xHH` escapes.
    @Test func listsRawNamesAndFolders() throws {
        let directory = TemporaryDirectory("listing")
        let odd: [UInt8] = [0x61, 0xFF, 0xC3, 0xA9, 0x2E, 0x70, 0x6E, 0x67]  // "a", 0xFF, "é.png"
        let created = (directory.path.utf8 + [0x2F] + odd + [0]).withUnsafeBufferPointer {
            $0.withMemoryRebound(to: CChar.self) { creat($0.baseAddress!, 0o644) }
        }
        try #require(created >= 0)
        close(created)
        try FileIO.makeDirectory(directory.path + "/folder")
        try FileManager.default.createSymbolicLink(atPath: directory.path + "/link", withDestinationPath: "folder")
        #expect(FileManager.default.createFile(atPath: directory.path + "/plain.txt", contents: Data()))
        let entries = try FileIO.listDirectory(directory.path).sorted { $0.bytes.lexicographicallyPrecedes($1.bytes) }
        #expect(entries == [DirectoryEntry(bytes: odd, isDirectory: false), DirectoryEntry(bytes: Array("folder".utf8), isDirectory: true),
                            DirectoryEntry(bytes: Array("link".utf8), isDirectory: true),
                            DirectoryEntry(bytes: Array("plain.txt".utf8), isDirectory: false)])
        #expect(entries[0].name == nil && entries[0].printableName == "a\\xFFé.png")
        #expect(entries[1].name == "folder" && entries[1].printableName == "folder")
        // A sequence cut short and a lone continuation byte are escaped byte by byte.
        #expect(DirectoryEntry(bytes: [0xE2, 0x82, 0x41, 0x80], isDirectory: false).printableName == "\\xE2\\x82A\\x80")
        let missing = #expect(throws: FileIO.Failure.self) { try FileIO.listDirectory(directory.path + "/none") }
        #expect(missing?.reason == String(cString: strerror(ENOENT)))
    }

    /// Resolving links and ".." gives one path per folder.
    @Test func resolvesLinksAndDotDot() throws {
        let directory = TemporaryDirectory("resolve")
        try FileIO.makeDirectory(directory.path + "/a/b")
        try FileManager.default.createSymbolicLink(atPath: directory.path + "/link", withDestinationPath: "a/b")
        let real = try #require(FileIO.resolvedPath(directory.path + "/a/b"))
        #expect(FileIO.resolvedPath(directory.path + "/link") == real)
        #expect(FileIO.resolvedPath(directory.path + "/a/b/../b/.") == real)
        #expect(FileIO.resolvedPath(directory.path + "/missing") == nil)
    }

    /// An exact read succeeds up to the file's end and reports a read past it.
    @Test func readsExactCountsOnly() throws {
        let directory = TemporaryDirectory("exact")
        let path = directory.path + "/data.bin"
        #expect(FileManager.default.createFile(atPath: path, contents: Data([1, 2, 3, 4, 5])))
        let descriptor = open(path, O_RDONLY)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 4)
        #expect(FileIO.readExactly(descriptor, &buffer, 3))
        #expect(buffer == [1, 2, 3, 0])
        #expect(!FileIO.readExactly(descriptor, &buffer, 4))
    }

    /// Folders are created with their parents and recognised; files are not folders.
    @Test func createsAndRecognisesFolders() throws {
        let directory = TemporaryDirectory("folders")
        let nested = directory.path + "/a/b/c"
        try FileIO.makeDirectory(nested)
        #expect(FileIO.isDirectory(nested))
        let file = nested + "/file"
        #expect(FileManager.default.createFile(atPath: file, contents: Data([9, 9])))
        #expect(!FileIO.isDirectory(file))
        #expect(FileIO.sizeAndTimes(file)?.size == 2)
        #expect(FileIO.sizeAndTimes(nested + "/missing") == nil)
        try FileIO.makeDirectory(nested)  // already there: fine
        // A failure says why, naming the parent when it is a parent that cannot be created.
        #expect(failureReason { try FileIO.makeDirectory(file) } == "exists and is not a folder")
        #expect(failureReason { try FileIO.makeDirectory(file + "/below") } == "\(file): exists and is not a folder")
    }
}

/// The reason `body` fails, or nil when it succeeds.
private func failureReason(_ body: () throws -> Void) -> String? {
    do {
        try body()
        return nil
    } catch {
        return (error as? FileIO.Failure)?.reason ?? "not a FileIO.Failure: \(error)"
    }
}
