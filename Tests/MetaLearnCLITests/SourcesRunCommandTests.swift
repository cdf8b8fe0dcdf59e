import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A run over `dataset.sources` gives the same numbers alone, under `mpirun`, and killed with
/// SIGKILL and resumed. Skipped where Open MPI's `mpirun` is not installed.
@Suite(.enabled(if: MPIRun.url != nil, "mpirun is not installed (Debian: openmpi-bin); skipping the MPI runs"))
struct SourcesRunCommandTests {
    /// Two training sources of the synthetic tree (split apart by alphabets and by characters, weights 1
    /// and 2) and one source used only for testing; MAML on an MLP, 3-way 1-shot.
    static func spec(in folder: MPIRun.Folder) throws -> String {
        let data = folder.path("data")
        let text = """
            {
              "name": "sources", "seed": 11,
              "dataset": { "imageSize": 16, "cacheDirectory": "\(folder.path("cache"))", "sources": [
                { "name": "alphabets", "root": "\(data)", "invert": true,
                  "split": { "fractions": { "train": 0.5, "validation": 0.25, "test": 0.25 }, "of": "alphabets" } },
                { "name": "characters", "root": "\(data)", "weight": 2,
                  "split": { "fractions": { "train": 0.6, "validation": 0.2, "test": 0.2 }, "seed": 4 } },
                { "name": "unseen", "root": "\(data)", "use": "test", "rotations": [90] } ] },
              "episodes": { "ways": 3, "shots": 1, "queries": 3 },
              "model": { "name": "mlp", "hiddenUnits": [32] },
              "learner": { "name": "maml" },
              "training": { "iterations": 150, "metaBatchSize": 5, "validateEvery": 50, "validationEpisodes": 7,
                            "checkpointEvery": 2, "logEvery": 2 },
              "evaluation": { "episodes": 11 }
            }
            """
        let file = folder.path("sources.json")
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    @Test func ranksAndAResumeGiveTheNumbersOfOneProcess() throws {
        let folder = try MPIRun.Folder()
        let spec = try Self.spec(in: folder)
        let alone = try MetaLearnExecutable.run([
            "run", spec, "--out", folder.path("alone"), "--quiet", "--threads", "2",
        ])
        try #require(alone.status == 0, "\(alone.errors)")
        let expected = try folder.numbers(of: "alone")
        #expect(
            expected.result.contains("\"seenInTraining\" : false") && expected.result.contains("\"name\" : \"unseen\""))

        let ranks = try MPIRun.run(
            ranks: 2, ["run", spec, "--out", folder.path("ranks"), "--quiet", "--threads", "1"], in: folder)
        try #require(ranks.status == 0, "\(ranks.errors)")
        let numbers = try folder.numbers(of: "ranks")
        #expect(numbers.metrics == expected.metrics && numbers.result == expected.result)

        let directory = folder.path("killed")
        let job = try CapturedProcess(
            try #require(MetaLearnExecutable.url), ["run", spec, "--out", directory, "--quiet", "--threads", "1"])
        let checkpoint = URL(fileURLWithPath: directory).appendingPathComponent("checkpoint.json").path
        let deadline = Date().addingTimeInterval(60)
        while !FileManager.default.fileExists(atPath: checkpoint), job.process.isRunning, Date() < deadline {
            usleep(20_000)
        }
        kill(job.process.processIdentifier, SIGKILL)
        _ = job.wait()
        try #require(
            !FileManager.default.fileExists(atPath: folder.path("killed/result.json")),
            "the run finished before the kill")
        let resumed = try MetaLearnExecutable.run([
            "run", spec, "--out", directory, "--quiet", "--threads", "1", "--resume",
        ])
        try #require(resumed.status == 0, "\(resumed.errors)")
        let afterResume = try folder.numbers(of: "killed")
        #expect(afterResume.metrics == expected.metrics && afterResume.result == expected.result)
    }

    /// The test shows its progress over every source's episodes (11 episodes each of 3 sources), and
    /// a log (standard error not a terminal) gets its last line.
    @Test func theTestShowsItsProgress() throws {
        let folder = try MPIRun.Folder()
        let spec = try Self.spec(in: folder)
        let run = try MetaLearnExecutable.run(["run", spec, "--out", folder.path("run"), "--threads", "2"])
        try #require(run.status == 0, "\(run.errors)")
        let line = run.errors.split(separator: "\n").first { $0.hasPrefix("test episode ") }
        #expect(line?.hasPrefix("test episode 33/33  loss ") == true, "\(run.errors)")
    }

    @Test func rootAndEpisodeFilesAreRefusedForSources() throws {
        let folder = try MPIRun.Folder()
        let spec = try Self.spec(in: folder)
        let root = try MetaLearnExecutable.run(["run", spec, "--root", folder.path("data"), "--out", folder.path("r")])
        #expect(root.status != 0 && root.errors.contains("--root replaces dataset.root"))
        let export = try MetaLearnExecutable.run(
            ["episodes", "export", spec, "--split", "test", "--count", "2", "--out", folder.path("e.json")])
        #expect(
            export.status != 0
                && export.errors.contains("dataset.sources: episode files hold the episodes of one data set"))
        #expect(
            !FileManager.default.fileExists(atPath: folder.path("r"))
                && !FileManager.default.fileExists(atPath: folder.path("e.json")))
    }
}
