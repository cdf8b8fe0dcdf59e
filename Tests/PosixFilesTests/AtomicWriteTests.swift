import Foundation
import PosixFiles
import Testing

@Suite struct AtomicWriteTests {
    /// Both kinds of write replace the contents and leave only the file behind.
    @Test(arguments: [false, true])
    func replacesTheFile(durable: Bool) throws {
        let directory = TemporaryDirectory("atomic")
        let path = directory.path + "/data.bin"
        for text in ["first contents", "second"] {
            try AtomicWrite.replace(path, durable: durable) { descriptor in
                Array(text.utf8).withUnsafeBytes { AtomicWrite.writeAll($0, to: descriptor) }
            }
        }
        #expect(try [UInt8](contentsOfFile: path) == Array("second".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["data.bin"])
    }

    /// A write that fails part way keeps the old file whole and removes its temporary file.
    @Test func aFailedWriteKeepsTheOldFile() throws {
        let directory = TemporaryDirectory("atomic")
        let path = directory.path + "/data.bin"
        try AtomicWrite.replace(path, durable: false) { descriptor in
            [UInt8](repeating: 7, count: 100).withUnsafeBytes { AtomicWrite.writeAll($0, to: descriptor) }
        }
        let failure = #expect(throws: AtomicWrite.Failure.self) {
            try AtomicWrite.replace(path, durable: true) { descriptor in
                _ = [UInt8](repeating: 9, count: 10).withUnsafeBytes { AtomicWrite.writeAll($0, to: descriptor) }
                errno = ENOSPC
                return false
            }
        }
        #expect(failure?.reason == "writing: \(String(cString: strerror(ENOSPC)))")
        #expect(try [UInt8](contentsOfFile: path) == [UInt8](repeating: 7, count: 100))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["data.bin"])
    }
}

/// Issue 28: a write replaces only a regular file; anything else at the path is not ours and stays.
@Suite struct AtomicWriteOwnershipTests {
    func write(_ path: String) throws(AtomicWrite.Failure) {
        try AtomicWrite.replace(path, durable: false) { descriptor in Array("x".utf8).withUnsafeBytes { AtomicWrite.writeAll($0, to: descriptor) } }
    }

    /// The reason `body` fails with, or nil when it does not fail.
    func reason(_ body: () throws -> Void) -> String? {
        do { try body() } catch { return (error as? AtomicWrite.Failure)?.reason ?? "\(error)" }
        return nil
    }

    @Test func aFIFOALinkOrAFolderIsRefusedAndLeftAsItWas() throws {
        let directory = TemporaryDirectory("atomic")
        let fifo = directory.path + "/fifo", link = directory.path + "/link", folder = directory.path + "/folder"
        #expect(mkfifo(fifo, 0o600) == 0)
        try "kept".write(toFile: directory.path + "/target", atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: directory.path + "/target")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        for (path, kind, mode) in [(fifo, "a FIFO", S_IFIFO), (link, "a symbolic link", S_IFLNK), (folder, "a directory", S_IFDIR)] {
            #expect(reason { try write(path) } == "\(kind), not a regular file; refusing to replace it")
            var status = stat()
            #expect(lstat(path, &status) == 0 && status.st_mode & S_IFMT == mode, "\(path) changed")
        }
        #expect(try String(contentsOfFile: directory.path + "/target", encoding: .utf8) == "kept")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["fifo", "folder", "link", "target"])
    }

    @Test func aPathHoldingNULIsRefusedEverywhere() throws {
        let directory = TemporaryDirectory("atomic")
        let real = directory.path + "/real.bin"
        try write(real)
        let cut = real + "\0.ignored"
        let reason = "the path holds a NUL character, which no file name can"
        #expect(self.reason { try write(cut) } == reason)
        #expect(self.reason { _ = try FileIO.readBytes(cut) } == reason)
        #expect(!FileIO.isAbsent(cut) && !FileIO.isDirectory(directory.path + "\0x"))
        #expect(self.reason { try FileIO.makeDirectory(directory.path + "/new\0dir") } == reason)
    }
}
