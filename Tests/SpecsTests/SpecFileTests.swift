import Foundation
import SpecTestSupport
import Specs
import Testing
import TestSupport

/// A spec file that cannot be read is one error saying why in a line of its own, never a
/// Foundation error and never a wait on a FIFO.
@Suite struct SpecFileTests {
    /// The one error of reading the spec at `url`, or nil when it decodes.
    static func readError(_ url: URL) -> String? {
        do {
            _ = try ExperimentSpec(contentsOf: url, learners: TestLearners.all)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func unreadableSpecFilesSayWhy() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("SpecFileTests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("pipe.json")
        try #require(mkfifo(fifo.path, 0o644) == 0)
        let fifoError = try #require(finishing { Self.readError(fifo) }, "reading a FIFO spec blocked")
        #expect(fifoError == "cannot read the spec file: not a regular file (a FIFO)")
        #expect(Self.readError(folder) == "cannot read the spec file: not a regular file (a directory)")
        #expect(Self.readError(folder.appendingPathComponent("none.json"))
                == "cannot read the spec file: \(String(cString: strerror(ENOENT)))")
        let latin1 = folder.appendingPathComponent("latin1.json")
        try Data([0x7B, 0x22, 0xE9, 0x22, 0x7D]).write(to: latin1)
        #expect(Self.readError(latin1) == "cannot read the spec file: not UTF-8 text")
        // A byte order mark before the JSON is read past, as before.
        let marked = folder.appendingPathComponent("marked.json")
        try Data([0xEF, 0xBB, 0xBF] + Array(minimalSpec().utf8)).write(to: marked)
        #expect(Self.readError(marked) == nil)
    }
}
