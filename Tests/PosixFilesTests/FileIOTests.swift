import Foundation
import PosixFiles
import Testing

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
        #expect(FileIO.sizeAndModificationTime(file)?.size == 2)
        #expect(FileIO.sizeAndModificationTime(nested + "/missing") == nil)
        #expect(throws: FileIO.Failure.self) { try FileIO.makeDirectory(file + "/below") }
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
