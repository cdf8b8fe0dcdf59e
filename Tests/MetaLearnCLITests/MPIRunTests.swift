#if canImport(Glibc)
import Glibc
#endif
import Foundation
import TestSupport
import Testing

/// `mpirun -np N metalearn run` gives the numbers of a single process for every N, resumes after a
/// rank dies, and says so when one does. Skipped where Open MPI's `mpirun` is not installed.
@Suite(.enabled(if: MPIRun.url != nil, "mpirun is not installed (Debian: openmpi-bin); skipping the MPI runs"))
struct MPIRunTests {
    /// Every rank count, and a run without mpirun, write the same metrics.jsonl and result.json but
    /// for the seconds they took. A meta-batch of 5 tasks leaves 3 ranks unequal shares (2, 2, 1).
    /// MAML++ runs a Conv-4 with inference batch norm, whose running statistics every rank gathers;
    /// ProtoNet runs fixed and Meta-Dataset episodes, whose tasks differ in size.
    @Test(arguments: [("maml", MPIRun.fixed), ("protonet", MPIRun.fixed), ("reptile", MPIRun.fixed), ("mamlpp", MPIRun.fixed),
                      ("protonet", #""sampling": "meta-dataset", "ways": [5, 8]"#)])
    func everyRankCountGivesTheNumbersOfOneProcess(learner: String, episodes: String) throws {
        let folder = try MPIRun.Folder()
        let spec = try folder.spec(learner: learner, iterations: 6, episodes: episodes)
        let alone = try MetaLearnExecutable.run(["run", spec, "--out", folder.path("alone"), "--quiet", "--threads", "2"])
        try #require(alone.status == 0, "\(alone.errors)")
        let expected = try folder.numbers(of: "alone")
        for ranks in 1...3 {
            let run = try MPIRun.run(
                ranks: ranks, ["run", spec, "--out", folder.path("ranks\(ranks)"), "--quiet", "--threads", "1"], in: folder)
            try #require(run.status == 0, "\(ranks) ranks: \(run.errors)")
            let numbers = try folder.numbers(of: "ranks\(ranks)")
            #expect(numbers.metrics == expected.metrics, "\(learner), \(ranks) ranks: metrics.jsonl differs")
            #expect(numbers.result == expected.result, "\(learner), \(ranks) ranks: result.json differs")
            #expect(try folder.files(of: "ranks\(ranks)") == folder.files(of: "alone"))
            #expect(run.output.components(separatedBy: "test accuracy").count == 2, "only rank 0 prints: \(run.output)")
        }
    }

    /// A rank killed mid-run ends the job with a message pointing to --resume and a non-zero status;
    /// resuming (with another rank count) ends with the numbers of an uninterrupted run.
    @Test func aKilledRankStopsTheRunAndResumeFinishesIt() throws {
        let folder = try MPIRun.Folder()
        let spec = try folder.spec(learner: "maml", iterations: 150)
        let directory = folder.path("killed")
        let job = try MPIRun.start(ranks: 2, ["run", spec, "--out", directory, "--quiet", "--threads", "1"], in: folder)
        let checkpoint = URL(fileURLWithPath: directory).appendingPathComponent("checkpoint.json").path
        let deadline = Date().addingTimeInterval(60)
        while !FileManager.default.fileExists(atPath: checkpoint), job.process.isRunning, Date() < deadline {
            usleep(20_000)
        }
        let rank1 = try #require(MPIRun.rankProcess(1, of: job.process.processIdentifier), "no rank 1 under mpirun")
        kill(rank1, SIGKILL)
        let stopped = job.wait()
        #expect(stopped.status != 0)
        #expect(stopped.errors.contains("a rank ended") && stopped.errors.contains("run the same command with --resume"),
                "\(stopped.errors)")
        try #require(!FileManager.default.fileExists(atPath: folder.path("killed/result.json")), "the run finished before the kill")

        let resumed = try MPIRun.run(
            ranks: 3, ["run", spec, "--out", directory, "--quiet", "--threads", "1", "--resume"], in: folder)
        try #require(resumed.status == 0, "\(resumed.errors)")
        let alone = try MetaLearnExecutable.run(["run", spec, "--out", folder.path("alone"), "--quiet", "--threads", "2"])
        try #require(alone.status == 0, "\(alone.errors)")
        let numbers = try folder.numbers(of: "killed"), expected = try folder.numbers(of: "alone")
        #expect(numbers.metrics == expected.metrics)
        #expect(numbers.result == expected.result)
    }
}

/// Open MPI's `mpirun` driving the built `metalearn`.
enum MPIRun {
    /// The fixed episodes of the MPI runs: 3-way 1-shot 3-query.
    static let fixed = #""ways": 3, "shots": 1, "queries": 3"#

    /// `mpirun` on PATH, or nil.
    static let url: URL? = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        .split(separator: ":").map { URL(fileURLWithPath: String($0)).appendingPathComponent("mpirun") }
        .first { FileManager.default.isExecutableFile(atPath: $0.path) }

    /// Starts `mpirun -np ranks metalearn arguments`, allowed to run as root and to put more ranks than cores,
    /// with its session directory in `folder`: tests run side by side, and Open MPI 4 fails when two
    /// `mpirun`s create the shared one in /tmp at the same moment ("mkdir ... File exists").
    static func start(ranks: Int, _ arguments: [String], in folder: Folder) throws -> CapturedProcess {
        let mpirun = try #require(url), metalearn = try #require(MetaLearnExecutable.url)
        var environment = ProcessInfo.processInfo.environment
        environment["OMPI_ALLOW_RUN_AS_ROOT"] = "1"
        environment["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1"
        environment["OMPI_MCA_orte_tmpdir_base"] = folder.path("o")  // short: socket paths have a length limit
        try FileManager.default.createDirectory(atPath: folder.path("o"), withIntermediateDirectories: true)
        return try CapturedProcess(mpirun, ["-np", "\(ranks)", "--oversubscribe", metalearn.path] + arguments, environment: environment)
    }

    /// Runs `mpirun -np ranks metalearn arguments` to completion, its session directory in `folder`.
    static func run(ranks: Int, _ arguments: [String], in folder: Folder) throws -> (status: Int32, output: String, errors: String) {
        try start(ranks: ranks, arguments, in: folder).wait()
    }

    /// The process of rank `rank` among the children of `mpirun` (found by the rank `mpirun` puts in its environment).
    static func rankProcess(_ rank: Int, of mpirun: Int32) -> pid_t? {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(pid_t.init).first { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let afterName = stat.range(of: ") ", options: .backwards) else { return false }
            let fields = stat[afterName.upperBound...].split(separator: " ")
            guard fields.count > 1, pid_t(fields[1]) == mpirun,
                  let environment = FileManager.default.contents(atPath: "/proc/\(pid)/environ") else { return false }
            return environment.split(separator: 0).contains { String(decoding: $0, as: UTF8.self) == "OMPI_COMM_WORLD_RANK=\(rank)" }
        }
    }

    /// A temporary folder with a small synthetic data set, removed when the test ends.
    final class Folder {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("MPIRunTests-\(UUID().uuidString)")

        init() throws {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            let synth = try MetaLearnExecutable.run(["synth", "--out", path("data"), "--alphabets", "6", "--characters", "8",
                                                     "--drawers", "10", "--seed", "3"])
            try #require(synth.status == 0, "\(synth.errors)")
        }

        deinit { try? FileManager.default.removeItem(at: url) }

        func path(_ name: String) -> String { url.appendingPathComponent(name).path }

        /// A spec file of a tiny run (MLP on 16×16 images, 3-way 1-shot unless `episodes` says
        /// otherwise, 5 tasks a meta-batch; for mamlpp a narrow Conv-4 with inference batch norm).
        func spec(learner: String, iterations: Int, episodes: String = MPIRun.fixed) throws -> String {
            let model = learner == "mamlpp" ? #"{ "name": "conv4", "hiddenChannels": 4, "batchNorm": "inference" }"#
                : #"{ "name": "mlp", "hiddenUnits": [32] }"#
            let text = """
            {
              "name": "mpi-\(learner)", "seed": 5,
              "dataset": { "root": "\(path("data"))", "imageSize": 16, "invert": true, "cacheDirectory": "\(path("cache"))",
                           "split": { "fractions": { "train": 0.5, "validation": 0.25, "test": 0.25 }, "of": "alphabets" } },
              "episodes": { \(episodes) },
              "model": \(model),
              "learner": { "name": "\(learner)" },
              "training": { "iterations": \(iterations), "metaBatchSize": 5, "validateEvery": 3, "validationEpisodes": 7,
                            "checkpointEvery": 2, "logEvery": 2 },
              "evaluation": { "episodes": 11 }
            }
            """
            let file = path("\(learner).json")
            try text.write(toFile: file, atomically: true, encoding: .utf8)
            return file
        }

        /// The run's metrics.jsonl and result.json without the seconds they record (which differ run to run).
        func numbers(of run: String) throws -> (metrics: String, result: String) {
            let timing = try NSRegularExpression(pattern: #""(seconds|trainSeconds|imagesPerSecond)" ?: ?[0-9.e+-]+"#)
            func strip(_ name: String) throws -> String {
                let text = try String(contentsOfFile: path("\(run)/\(name)"), encoding: .utf8)
                return timing.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: "")
            }
            return (try strip("metrics.jsonl"), try strip("result.json"))
        }

        /// The names in the run directory.
        func files(of run: String) throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: path(run)).sorted()
        }
    }
}
