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
