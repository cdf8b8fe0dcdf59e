import BuiltinLearners
import Experiments
import Foundation
import SpecTestSupport
import Testing
import TestSupport

/// Run files are read as regular files only: a folder or a FIFO where a result, a metrics log, a spec
/// or a checkpoint should be is one line naming the file and saying what it is, never a Foundation
/// error and never a wait.
@Suite struct RunFileReadingTests {
    @Test func resultsAndMetricsThatAreNotFilesSaySo() throws {
        let directory = try TemporaryDirectory()
        let folder = directory.file("result.json")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let result = #expect(throws: RunFileError.self) { try RunResult(contentsOf: folder) }
        #expect(result?.description == "cannot read \(folder.path): not a regular file (a directory)")
        let metrics = #expect(throws: RunFileError.self) { try MetricsLog(url: folder).records() }
        #expect(metrics?.description == "cannot read \(folder.path): not a regular file (a directory)")

        let fifo = directory.file("pipe.json")
        try #require(mkfifo(fifo.path, 0o644) == 0)
        let table = try #require(finishing { () -> String? in
            do { _ = try ResultTable.loadResults(from: [fifo.path]); return nil } catch { return "\(error)" }
        }, "reading a FIFO result blocked")
        #expect(table == "cannot read \(fifo.path): not a regular file (a FIFO)")
        let appended = try #require(finishing { () -> String? in
            do { try MetricsLog(url: fifo).append(MetricsRecord(iteration: 1, phase: .train, loss: 1, accuracy: 0.5, seconds: 1)); return nil } catch { return "\(error)" }
        }, "appending to a FIFO metrics log blocked")
        #expect(appended == "cannot write \(fifo.path): not a regular file (a FIFO)")
    }

    /// A folder that is not a run: the error names its spec.json first.
    @Test func aSavedRunWithoutSpecNamesTheFile() throws {
        let directory = try TemporaryDirectory()
        let error = #expect(throws: SpecErrors.self) { try SavedRun(directory: directory.url, registry: BuiltinLearners.registry, threads: 1) }
        #expect(error?.description == "\(directory.file("spec.json").path): cannot read the spec file: \(String(cString: strerror(ENOENT)))")
    }

    /// A checkpoint that is a FIFO or a folder is refused by resume and by eval, naming it.
    @Test func checkpointsThatAreNotFilesAreRefused() throws {
        let directory = try TemporaryDirectory()
        let spec = RunFixtures.spec(cache: directory.file("cache").path)
        let run = directory.file("run")
        try RunFixtures.run(spec, in: run)
        try FileManager.default.removeItem(at: run.appendingPathComponent("result.json"))
        let checkpoint = run.appendingPathComponent("checkpoint.json")
        try FileManager.default.removeItem(at: checkpoint)
        try #require(mkfifo(checkpoint.path, 0o644) == 0)
        let resumed = try #require(finishing { () -> String? in
            do { try RunFixtures.run(spec, in: run, resume: true); return nil } catch { return "\(error)" }
        }, "resuming from a FIFO checkpoint blocked")
        #expect(resumed == "\(checkpoint.path): cannot read checkpoint: not a regular file (a FIFO)")

        let best = run.appendingPathComponent("best.json")
        try FileManager.default.removeItem(at: best)
        try FileManager.default.createDirectory(at: best, withIntermediateDirectories: true)
        let saved = try SavedRun(directory: run, registry: BuiltinLearners.registry, threads: 1)
        let eval = #expect(throws: RunError.self) { try saved.test() }
        #expect(eval?.description == "\(best.path): cannot read checkpoint: not a regular file (a directory)")
    }

    /// An --out folder that cannot be created says why in the system's words.
    @Test func anUncreatableRunDirectorySaysWhy() throws {
        let directory = try TemporaryDirectory()
        let file = directory.file("file")
        try "x".write(to: file, atomically: true, encoding: .utf8)
        let out = file.appendingPathComponent("run")
        let error = #expect(throws: RunError.self) {
            try RunFixtures.run(RunFixtures.spec(cache: directory.file("cache").path), in: out)
        }
        #expect(error?.description == "\(out.path): cannot create it: \(file.path): exists and is not a folder")
    }
}
