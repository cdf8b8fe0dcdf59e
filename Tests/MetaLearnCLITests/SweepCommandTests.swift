import Foundation
import Testing

/// `metalearn sweep` and `run --set` as a user runs them, at a tiny scale on synthetic data.
@Suite(.serialized) struct SweepCommandTests {
    /// A folder holding `sweep.json`: 2 learners × 2 shot counts × 2 seeds of a tiny synthetic spec.
    static func sweepFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("SweepCommandTests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let base = """
        {"name": "tiny", "seed": 1,
         "dataset": {"root": "\(folder.path)/synthetic", "synthetic": {"alphabets": 4, "characters": 6, "drawers": 4, "seed": 1},
                     "imageSize": 16, "split": {"fractions": {"train": 0.5, "validation": 0.25, "test": 0.25}, "of": "alphabets", "seed": 0}},
         "episodes": {"ways": 3, "shots": 1, "queries": 1},
         "model": {"name": "conv4", "hiddenChannels": 2},
         "learner": {"name": "protonet"},
         "training": {"iterations": 4, "metaBatchSize": 1, "validateEvery": 2, "validationEpisodes": 2, "checkpointEvery": 2},
         "evaluation": {"episodes": 3}}
        """
        try base.write(to: folder.appendingPathComponent("base.json"), atomically: true, encoding: .utf8)
        try #"{"name": "tiny-sweep", "base": "base.json", "grid": {"learner.name": ["protonet", "nearest-centroid"], "episodes.shots": [1, 2]}, "seeds": [1, 2]}"#
            .write(to: folder.appendingPathComponent("sweep.json"), atomically: true, encoding: .utf8)
        return folder
    }

    /// A sweep started again after being killed keeps its finished runs, resumes the interrupted one
    /// from its checkpoint, runs the rest, and prints the table of configurations over two seeds.
    /// The kill is simulated: one run finished, one stopped after a checkpoint (its result removed).
    @Test func aSweepStartedAgainKeepsFinishedRunsAndResumesTheInterruptedOne() throws {
        let folder = try Self.sweepFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let sweepFile = folder.appendingPathComponent("sweep.json").path
        let runs = folder.appendingPathComponent("runs")
        let finished = runs.appendingPathComponent("learner.name=protonet,episodes.shots=1,seed=1")
        let interrupted = runs.appendingPathComponent("learner.name=protonet,episodes.shots=2,seed=2")
        // The two runs as the killed sweep left them, run with the same resolved spec the sweep uses.
        let dryRun = try MetaLearnExecutable.run(["sweep", sweepFile, "--out", runs.path, "--dry-run"])
        try #require(dryRun.status == 0, "\(dryRun.errors)")
        #expect(dryRun.output.split(separator: "\n").count == 9 && dryRun.output.hasSuffix("ok: 8 combinations\n"), "\(dryRun.output)")
        for (directory, assignments) in [(finished, ["episodes.shots=1", "seed=1"]), (interrupted, ["episodes.shots=2", "seed=2"])] {
            let run = try MetaLearnExecutable.run(["run", folder.appendingPathComponent("base.json").path, "--out", directory.path, "--quiet"]
                                                  + assignments.flatMap { ["--set", $0] })
            try #require(run.status == 0, "\(run.errors)")
        }
        let interruptedResult = try Data(contentsOf: interrupted.appendingPathComponent("result.json"))
        for name in ["result.json", "report.md", "curves.svg"] {
            try FileManager.default.removeItem(at: interrupted.appendingPathComponent(name))
        }
        let finishedResult = finished.appendingPathComponent("result.json")
        let finishedBytes = try Data(contentsOf: finishedResult)
        let finishedDate = try FileManager.default.attributesOfItem(atPath: finishedResult.path)[.modificationDate] as? Date

        let sweep = try MetaLearnExecutable.run(["sweep", sweepFile, "--out", runs.path, "--jobs", "2"])
        #expect(sweep.status == 0, "\(sweep.errors)")
        #expect(sweep.errors.contains("8/8 runs done"), "\(sweep.errors)")
        #expect(try Data(contentsOf: finishedResult) == finishedBytes)
        #expect(try FileManager.default.attributesOfItem(atPath: finishedResult.path)[.modificationDate] as? Date == finishedDate)
        let log = try String(contentsOf: runs.appendingPathComponent("logs/learner.name=protonet,episodes.shots=2,seed=2.log"), encoding: .utf8)
        #expect(log.contains("resuming tiny at iteration 4 of 4"), "\(log)")
        // Resumed, it ends with the numbers of the uninterrupted run (only its training time may differ).
        let resumed = try JSONSerialization.jsonObject(with: Data(contentsOf: interrupted.appendingPathComponent("result.json"))) as? [String: Any]
        let original = try JSONSerialization.jsonObject(with: interruptedResult) as? [String: Any]
        #expect((resumed?["test"] as? NSDictionary) == (original?["test"] as? NSDictionary))
        // The table: one row per learner, one column per shot count, each cell two seeds.
        let lines = sweep.output.split(separator: "\n")
        #expect(lines.first == "| Learner | 3-way 1-shot | 3-way 2-shot |", "\(sweep.output)")
        #expect(lines.filter { $0.hasPrefix("| protonet |") || $0.hasPrefix("| nearest-centroid |") }.count == 2, "\(sweep.output)")
        #expect(lines.filter { $0.contains("(2 seeds)") }.count == 2, "\(sweep.output)")
        #expect(sweep.output.contains("Data set: \(folder.path)/synthetic."), "\(sweep.output)")

        // Started once more, it has nothing left to do.
        let again = try MetaLearnExecutable.run(["sweep", sweepFile, "--out", runs.path])
        #expect(again.status == 0 && again.errors.contains("8/8 runs done"), "\(again.errors)")
    }

    /// `validate` checks every combination before anything runs, naming the combination and the JSON path.
    @Test func validateNamesTheCombinationAndPath() throws {
        let folder = try Self.sweepFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let sweepFile = folder.appendingPathComponent("sweep.json")
        try #"{"base": "base.json", "grid": {"episodes.shots": [1, 0]}, "seeds": [1]}"#.write(to: sweepFile, atomically: true, encoding: .utf8)
        let result = try MetaLearnExecutable.run(["validate", sweepFile.path])
        #expect(result.status != 0)
        #expect(result.errors.contains("\(sweepFile.path): combination 2 (episodes.shots=0,seed=1): episodes.shots: must be an integer "
                                       + "from 1 to 10000, found 0 (from sweep grid episodes.shots)"), "\(result.errors)")
        let dry = try MetaLearnExecutable.run(["sweep", sweepFile.path, "--dry-run"])
        #expect(dry.status != 0 && dry.errors.contains("combination 2 (episodes.shots=0,seed=1)"), "\(dry.errors)")
        try #"{"base": "base.json", "grid": {"episodes.shots": [1, 2]}}"#.write(to: sweepFile, atomically: true, encoding: .utf8)
        let ok = try MetaLearnExecutable.run(["validate", sweepFile.path])
        #expect(ok.status == 0 && ok.output == "ok: 2 combinations\n", "\(ok.errors)")
    }

    /// A sweep whose base spec changed after its runs finished does not call them finished nor
    /// table them: it names each run that no longer matches its spec and fails.
    @Test func aSweepWhoseBaseChangedNamesTheStaleRuns() throws {
        let folder = try Self.sweepFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let sweepFile = folder.appendingPathComponent("sweep.json")
        try #"{"name": "one", "base": "base.json", "seeds": [1]}"#.write(to: sweepFile, atomically: true, encoding: .utf8)
        let runs = folder.appendingPathComponent("runs")
        let first = try MetaLearnExecutable.run(["sweep", sweepFile.path, "--out", runs.path])
        try #require(first.status == 0, "\(first.errors)")
        let base = folder.appendingPathComponent("base.json")
        let changed = try String(contentsOf: base, encoding: .utf8).replacingOccurrences(of: #""episodes": 3"#, with: #""episodes": 4"#)
        try changed.write(to: base, atomically: true, encoding: .utf8)
        let dry = try MetaLearnExecutable.run(["sweep", sweepFile.path, "--out", runs.path, "--dry-run"])
        #expect(dry.output.hasPrefix("stale    \(runs.path)/seed=1\n"), "\(dry.output)")
        let again = try MetaLearnExecutable.run(["sweep", sweepFile.path, "--out", runs.path])
        #expect(again.status != 0)
        #expect(again.errors.contains("seed=1 no longer matches its spec: \(runs.path)/seed=1/spec.json differs from the sweep's"),
                "\(again.errors)")
        #expect(!again.output.contains("| protonet |"), "\(again.output)")
    }

    /// A sweep writes its logs only as regular files: a FIFO where a log goes is refused (not waited
    /// on, not replaced) and named.
    @Test func aLogPathThatIsNotARegularFileIsRefused() throws {
        let folder = try Self.sweepFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let sweepFile = folder.appendingPathComponent("sweep.json")
        try #"{"name": "one", "base": "base.json", "seeds": [1]}"#.write(to: sweepFile, atomically: true, encoding: .utf8)
        let runs = folder.appendingPathComponent("runs")
        let log = runs.appendingPathComponent("logs/seed=1.log").path
        try FileManager.default.createDirectory(at: runs.appendingPathComponent("logs"), withIntermediateDirectories: true)
        try #require(mkfifo(log, 0o600) == 0)
        let sweep = try MetaLearnExecutable.run(["sweep", sweepFile.path, "--out", runs.path])
        #expect(sweep.status != 0)
        #expect(sweep.errors.contains("cannot write \(log): not a regular file (a FIFO)"), "\(sweep.errors)")
        var status = stat()
        #expect(lstat(log, &status) == 0 && status.st_mode & S_IFMT == S_IFIFO)
    }

    /// `run --set` is recorded in the run's spec.json; a bad one names the path and the option.
    @Test func runSetIsRecordedAndValidated() throws {
        let folder = try Self.sweepFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let base = folder.appendingPathComponent("base.json").path
        let bad = try MetaLearnExecutable.run(["validate", base, "--set", "episodes.shot=2"])
        #expect(bad.status != 0)
        #expect(bad.errors.contains("\(base): episodes.shot: unknown key 'shot' in episodes; did you mean 'shots'? "
                                    + "(from --set episodes.shot=2)"), "\(bad.errors)")
        let out = folder.appendingPathComponent("run")
        let run = try MetaLearnExecutable.run(["run", base, "--out", out.path, "--quiet", "--set", "episodes.queries=2", "--set", "seed=3"])
        #expect(run.status == 0, "\(run.errors)")
        let spec = try String(contentsOf: out.appendingPathComponent("spec.json"), encoding: .utf8)
        #expect(spec.contains(#""queries": 2"#) && spec.contains(#""seed": 3"#), "\(spec)")
    }
}
