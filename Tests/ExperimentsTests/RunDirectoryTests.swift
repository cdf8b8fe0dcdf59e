import BuiltinLearners
import Experiments
import Foundation
import TestSupport
import Testing

/// A run directory is held by one process at a time, never clobbered, and cleaned of the temporary
/// files an interrupted write leaves; checkpoints are verified, not trusted.
@Suite struct RunDirectoryTests {
    /// `metalearn ARGUMENTS --quiet`, started, its output discarded.
    static func start(_ executable: URL, _ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments + ["--quiet"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    @Test func aSecondProcessIsRefusedAndAKilledHolderLeavesNoStaleLock() throws {
        guard let executable = RunFixtures.executable else {
            Issue.record("the metalearn executable was not built beside the tests")
            return
        }
        let directory = try TemporaryDirectory()
        let specFile = directory.file("spec.json")
        let training = #""iterations": 2000, "metaBatchSize": 2, "validateEvery": 0, "checkpointEvery": 10, "logEvery": 10"#
        try RunFixtures.spec(name: "race", training: training, cache: directory.file("cache").path)
            .write(to: specFile, atomically: true, encoding: .utf8)
        let out = directory.file("run")
        let first = try Self.start(executable, ["run", specFile.path, "--out", out.path])
        // Wait until the first process holds the directory and has checkpointed.
        let deadline = Date().addingTimeInterval(120)
        while !FileManager.default.fileExists(atPath: out.appendingPathComponent("checkpoint.json").path), Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(first.isRunning)
        for arguments in [["run", specFile.path, "--out", out.path], ["run", specFile.path, "--out", out.path, "--resume"]] {
            let second = try CapturedProcess(executable, arguments + ["--quiet"]).wait()
            #expect(second.status != 0)
            let message = second.errors
            #expect(message.contains("is in use by another metalearn run (process \(first.processIdentifier))"), "\(message)")
        }
        kill(first.processIdentifier, SIGKILL)
        first.waitUntilExit()
        // The system released the killed holder's lock: the run resumes.
        let resumed = try Self.start(executable, ["run", specFile.path, "--out", out.path, "--resume"])
        Thread.sleep(forTimeInterval: 0.5)
        #expect(resumed.isRunning || resumed.terminationStatus == 0)
        resumed.terminate()
        resumed.waitUntilExit()
    }

    @Test func aFolderHoldingOtherFilesIsRefusedAndKept() throws {
        let directory = try TemporaryDirectory()
        let out = directory.file("mine")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try "keep me".write(to: out.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        let error = #expect(throws: RunError.self) { try RunFixtures.run(RunFixtures.spec(cache: directory.file("cache").path), in: out) }
        #expect(error?.description.contains("holds files that are not a run's (such as 'notes.txt')") == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() == [".lock", "notes.txt"])
        #expect(try String(contentsOf: out.appendingPathComponent("notes.txt"), encoding: .utf8) == "keep me")
    }

    /// Another run's result.json and report.md without its spec.json are not this run's to overwrite.
    @Test func aRunsFilesWithoutItsSpecAreRefusedAndKept() throws {
        let directory = try TemporaryDirectory()
        let out = directory.file("copied")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        for name in ["result.json", "report.md"] {
            try "another run's \(name)".write(to: out.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let error = #expect(throws: RunError.self) { try RunFixtures.run(RunFixtures.spec(cache: directory.file("cache").path), in: out) }
        #expect(error?.description.contains("holds files that are not a run's (such as 'report.md')") == true, "\(error.map { "\($0)" } ?? "")")
        for name in ["result.json", "report.md"] {
            #expect(try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8) == "another run's \(name)")
        }
    }

    /// A FIFO where the lock file goes is not the run's: refused by name, never waited on, left as it was.
    @Test func aFIFOAtTheLockPathIsRefused() throws {
        let directory = try TemporaryDirectory()
        let out = directory.file("fifo-lock")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let lock = out.appendingPathComponent(".lock").path
        try #require(mkfifo(lock, 0o600) == 0)
        let error = #expect(throws: RunError.self) { try RunFixtures.run(RunFixtures.spec(cache: directory.file("cache").path), in: out) }
        #expect(error?.description == "\(out.path): cannot open its lock file: not a regular file (a FIFO)")
        var status = stat()
        #expect(lstat(lock, &status) == 0 && status.st_mode & S_IFMT == S_IFIFO)
    }

    @Test func temporaryFilesOfAnInterruptedWriteAreRemovedOnTheNextStart() throws {
        let directory = try TemporaryDirectory()
        let spec = RunFixtures.spec(cache: directory.file("cache").path)
        let whole = try RunFixtures.run(spec, in: directory.file("whole"))
        // What a run killed while writing its report leaves: its files and a temporary report.
        let killed = directory.file("killed")
        try FileManager.default.copyItem(at: directory.file("whole"), to: killed)
        try FileManager.default.removeItem(at: killed.appendingPathComponent("result.json"))
        try "partial".write(to: killed.appendingPathComponent(".report.md.tmp-99999-3"), atomically: true, encoding: .utf8)
        let resumed = try RunFixtures.run(spec, in: killed, resume: true)
        #expect(resumed.test.episodeAccuracies == whole.test.episodeAccuracies)
        #expect(!(try FileManager.default.contentsOfDirectory(atPath: killed.path)).contains { $0.contains(".tmp-") })
    }

    /// Edits `checkpoint.json` of a finished run with `edit`, then expects resume and eval to refuse it.
    func expectRefused(_ reason: String, edit: (String) -> String) throws {
        let directory = try TemporaryDirectory()
        let spec = RunFixtures.spec(training: #""iterations": 12, "metaBatchSize": 2, "validateEvery": 0, "checkpointEvery": 4"#,
                                    cache: directory.file("cache").path)
        let run = directory.file("run")
        try RunFixtures.run(spec, in: run)
        try FileManager.default.removeItem(at: run.appendingPathComponent("result.json"))
        let file = run.appendingPathComponent("checkpoint.json")
        let original = try String(contentsOf: file, encoding: .utf8)
        let edited = edit(original)
        #expect(edited != original)
        try edited.write(to: file, atomically: true, encoding: .utf8)
        let error = #expect(throws: RunError.self) { try RunFixtures.run(spec, in: run, resume: true) }
        #expect(error?.description == "\(file.path): damaged checkpoint: \(reason); resume from an intact copy, or start the run again in a new directory")
        #expect(throws: RunError.self) { try SavedRun(directory: run, registry: BuiltinLearners.registry, threads: 1).test() }
    }

    @Test func aFlippedWeightIsDetected() throws {
        try expectRefused("its checksum does not match its contents") { text in
            // One base64 character of the first tensor's data: a few bits of one weight.
            guard let start = text.range(of: #""data":""#)?.upperBound else { return text }
            var changed = text
            changed.replaceSubrange(start...start, with: text[start] == "A" ? "B" : "A")
            return changed
        }
    }

    @Test func anEditedIterationIsDetected() throws {
        try expectRefused("its checksum does not match its contents") { text in
            text.replacingOccurrences(of: #""iteration":12"#, with: #""iteration":-3"#)
        }
    }
}

/// Every size is bounded before anything is allocated: a run whose settings cannot fit in memory is
/// refused at once, naming the settings that drive it, and leaves nothing behind.
@Suite struct MemoryEstimateTests {
    func expectRefused(_ spec: String, naming settings: String) throws {
        let directory = try TemporaryDirectory()
        let started = Date()
        let error = #expect(throws: RunError.self) { try RunFixtures.run(spec, in: directory.file("run")) }
        #expect(error?.description.hasPrefix("the run needs about ") == true, "\(String(describing: error))")
        #expect(error?.description.contains(settings) == true, "\(String(describing: error))")
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(!FileManager.default.fileExists(atPath: directory.file("run").path))
        let decoded = try RunFixtures.decode(spec)
        let problems = DataCheck.problems(decoded, learner: BuiltinLearners.registry.descriptor(named: decoded.learner.name))
        #expect(problems.count == 1 && problems[0].message == error?.description, "validate reports it too: \(problems)")
    }

    /// The memory a run needs grows with the inner steps of a learner that keeps every step's graph
    /// (MAML, Meta-SGD, MAML++) by the support set's layer outputs each step, and not with those of a
    /// first-order or head-only inner loop (FOMAML, ANIL), whose passes are not kept.
    @Test func theEstimateGrowsWithTheInnerStepsThatAreKept() throws {
        func needed(_ learner: String, steps: Int) throws -> Double {
            let spec = try RunFixtures.decode(
                RunFixtures.spec(learner: #""name": "\#(learner)", "innerSteps": \#(steps)"#,
                                 model: #""name": "conv4", "hiddenChannels": 64"#, cache: "/tmp/unused-cache")
                    .replacingOccurrences(of: #""imageSize": 16"#, with: #""imageSize": 84"#))
            let descriptor = try #require(BuiltinLearners.registry.descriptor(named: learner))
            return try #require(DataCheck.check(spec, learner: descriptor).memoryNeeded)
        }
        // 3-way 1-shot: 3 support images a step, 2 tasks in flight, 64 · (84² + 42² + 21² + 10²) floats an image.
        let supportStep = 2 * 3 * 64 * (84 * 84 + 42 * 42 + 21 * 21 + 10 * 10) * 4.0 * 5
        for learner in ["maml", "metasgd"] {
            let growth = try needed(learner, steps: 11) - needed(learner, steps: 1)
            #expect(abs(growth - 10 * supportStep) < 1e-6 * growth, "\(learner): \(growth) for 10 more steps")
        }
        #expect(try needed("mamlpp", steps: 11) > needed("mamlpp", steps: 1) + 10 * supportStep)
        for learner in ["fomaml", "anil"] {
            #expect(try needed(learner, steps: 11) == needed(learner, steps: 1), "\(learner) keeps no inner step")
        }
    }

    /// A run without meta-training draws no meta-batch: its estimate does not grow with
    /// `training.metaBatchSize`, while a meta-training run's does.
    @Test func aRunWithoutMetaTrainingIsNotChargedForMetaBatches() throws {
        func needed(iterations: Int, metaBatch: Int) throws -> Double {
            let spec = try RunFixtures.decode(
                RunFixtures.spec(learner: #""name": "nearest-centroid""#,
                                 training: #""iterations": \#(iterations), "metaBatchSize": \#(metaBatch)"#,
                                 cache: "/tmp/unused-cache"))
            let descriptor = try #require(BuiltinLearners.registry.descriptor(named: "nearest-centroid"))
            return try #require(DataCheck.check(spec, learner: descriptor).memoryNeeded)
        }
        #expect(try needed(iterations: 0, metaBatch: 1000) == needed(iterations: 0, metaBatch: 1))
        #expect(try needed(iterations: 5, metaBatch: 1000) > needed(iterations: 5, metaBatch: 1))
    }

    @Test func aWideConvolutionOnLargeImages() throws {
        try expectRefused(RunFixtures.spec(model: #""name": "conv4", "hiddenChannels": 4096"#, cache: "/tmp/unused-cache")
                            .replacingOccurrences(of: #""imageSize": 16"#, with: #""imageSize": 1024"#),
                          naming: "lower the model's size (conv4), dataset.imageSize and the episode shape")
    }

    @Test func aHugeFullyConnectedModel() throws {
        try expectRefused(RunFixtures.spec(model: #""name": "mlp", "hiddenUnits": [65536, 65536, 65536]"#, cache: "/tmp/unused-cache"),
                          naming: "lower the model's size (mlp)")
    }

    @Test func hugeEpisodesAndMetaBatches() throws {
        try expectRefused(RunFixtures.spec(learner: #""name": "protonet""#, training: #""iterations": 2, "metaBatchSize": 10000"#,
                                           cache: "/tmp/unused-cache")
                            .replacingOccurrences(of: #""ways": 3, "shots": 1, "queries": 3"#,
                                                  with: #""ways": 3, "trainWays": 10000, "shots": 10000, "queries": 10000"#),
                          naming: "lower training.metaBatchSize, episodes.ways/trainWays, shots, queries and dataset.imageSize")
    }
}
