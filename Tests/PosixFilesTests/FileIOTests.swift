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
        #expect(folder?.reason == "not a regular file")
        let missing = #expect(throws: FileIO.Failure.self) { try FileIO.readBytes(directory.path + "/missing") }
        #expect(missing?.reason == String(cString: strerror(ENOENT)))
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
