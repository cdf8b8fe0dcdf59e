import Foundation
import TestSupport
import Testing

/// The `metalearn` executable built beside the tests, run as a user runs it.
enum MetaLearnExecutable {
    /// The executable, if it was built (it is, by `swift test`, which builds every product).
    static var url: URL? { builtExecutable(named: "metalearn") }

    /// Runs `metalearn arguments` to completion: its exit status, standard output and standard error.
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
        let executable = try #require(url, "the metalearn executable was not built beside the tests")
        return try CapturedProcess(executable, arguments).wait()
    }
}

/// Bad command-line input gets one clear message and a non-zero exit.
@Suite struct CommandLineTests {
    @Test(arguments: ["0", "-2"])
    func threadsMustBePositive(threads: String) throws {
        let result = try MetaLearnExecutable.run(["run", "experiments/quickstart.json", "--threads=\(threads)"])
        #expect(result.status != 0)
        #expect(result.errors.contains("--threads must be from 1 to 4096, found \(threads)"), "\(result.errors)")
    }

    @Test func oneTestEpisodeIsRefusedAlikeInTheSpecAndByEval() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("CommandLineTests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let spec = folder.appendingPathComponent("one.json")
        try #"{"dataset": {"root": "d"}, "learner": {"name": "protonet"}, "evaluation": {"episodes": 1}}"#
            .write(to: spec, atomically: true, encoding: .utf8)
        let validate = try MetaLearnExecutable.run(["validate", spec.path])
        #expect(validate.status != 0)
        #expect(validate.errors.contains("evaluation.episodes: must be an integer from 2 to 1000000, found 1"), "\(validate.errors)")
        let eval = try MetaLearnExecutable.run(["eval", folder.path, "--episodes", "1"])
        #expect(eval.status != 0)
        #expect(eval.errors.contains("--episodes must be from 2 to 1000000"), "\(eval.errors)")
    }

    @Test func schemaPrintsTheCommittedFile() throws {
        let result = try MetaLearnExecutable.run(["schema"])
        let committed = try String(contentsOf: SchemaFileTests.packageRoot().appendingPathComponent("experiments/spec.schema.json"),
                                   encoding: .utf8)
        #expect(result.status == 0)
        #expect(result.output == committed)
    }

    /// The same data set folder given twice is refused by `dataset info`, `validate` and `run`, in one
    /// line naming both.
    @Test func overlappingRootsAreRefusedEverywhere() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("CommandLineTests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let root = folder.appendingPathComponent("data").path
        let synth = try MetaLearnExecutable.run(["synth", "--out", root, "--alphabets", "2", "--characters", "3", "--drawers", "2"])
        try #require(synth.status == 0, "\(synth.errors)")
        let message = "\(root) and \(root)/: data set roots overlap (the same folder, or one inside the other), "
            + "so their classes would be counted twice; give each folder once"
        let spec = folder.appendingPathComponent("spec.json").path
        try #"{"dataset": {"root": "unused"}, "learner": {"name": "protonet"}}"#.write(toFile: spec, atomically: true, encoding: .utf8)
        for arguments in [["dataset", "info", root, root + "/"], ["validate", spec, "--root", root, "--root", root + "/"],
                          ["run", spec, "--root", root, "--root", root + "/", "--out", folder.appendingPathComponent("run").path]] {
            let result = try MetaLearnExecutable.run(arguments)
            #expect(result.status != 0)
            #expect(result.errors.split(separator: "\n").count == 1 && result.errors.contains(message), "\(arguments[0]): \(result.errors)")
        }
    }

    /// Options that mirror spec keys take the keys' domains: no trap, no silently accepted 0 or -5.
    @Test func optionsTakeTheDomainsOfTheKeysTheyMirror() throws {
        for size in ["3037000500", "-5", "0"] {
            let result = try MetaLearnExecutable.run(["dataset", "info", "/", "--image-size=\(size)"])
            #expect(result.status != 0)
            #expect(result.errors.contains("--image-size must be from 4 to 1024 (as dataset.imageSize), found \(size)"), "\(result.errors)")
        }
        let synth = try MetaLearnExecutable.run(["synth", "--out", "/nonexistent/never", "--drawers", "200"])
        #expect(synth.status != 0)
        #expect(synth.errors.contains("--drawers must be from 1 to 99 (as dataset.synthetic.drawers), found 200"), "\(synth.errors)")
    }

    /// A relative `--root` is recorded as an absolute path, so the run's spec.json finds the data from any folder.
    @Test func aRelativeRootIsRecordedAbsolute() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("CommandLineTests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let root = folder.appendingPathComponent("data").path
        let synth = try MetaLearnExecutable.run(["synth", "--out", root, "--alphabets", "4", "--characters", "4", "--drawers", "3"])
        try #require(synth.status == 0, "\(synth.errors)")
        let depth = FileManager.default.currentDirectoryPath.split(separator: "/").count
        let relative = String(repeating: "../", count: depth) + root.dropFirst()
        let spec = folder.appendingPathComponent("spec.json").path
        try #"""
        {"dataset": {"root": "unused", "imageSize": 16, "split": {"fractions": {"train": 0.5, "validation": 0.25, "test": 0.25}, "of": "alphabets"}},
         "episodes": {"ways": 2, "shots": 1, "queries": 1}, "model": {"name": "conv4", "hiddenChannels": 2},
         "learner": {"name": "protonet"}, "training": {"iterations": 1, "validateEvery": 0, "checkpointEvery": 1},
         "evaluation": {"episodes": 2}}
        """#.write(toFile: spec, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("run")
        let run = try MetaLearnExecutable.run(["run", spec, "--root", relative, "--out", out.path, "--quiet"])
        try #require(run.status == 0, "\(run.errors)")
        let saved = try String(contentsOf: out.appendingPathComponent("spec.json"), encoding: .utf8)
        #expect(saved.contains(#""root": "\#(FileManager.default.currentDirectoryPath)/\#(relative)""#), "\(saved)")
    }

    /// A spec path that is a folder is one line naming it, not a Foundation error.
    @Test func aSpecThatIsAFolderIsNamed() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("CommandLineTests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try MetaLearnExecutable.run(["validate", folder.path])
        #expect(result.status != 0)
        #expect(result.errors.split(separator: "\n").count == 1, "\(result.errors)")
        #expect(result.errors.contains("\(folder.path): cannot read the spec file: not a regular file (a directory)"), "\(result.errors)")
    }
}
