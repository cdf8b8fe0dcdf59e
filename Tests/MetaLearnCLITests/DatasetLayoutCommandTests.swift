import Foundation
import Testing

/// `dataset info`, `validate` and `run` on the flat and csv layouts and on split files.
@Suite struct DatasetLayoutCommandTests {
    /// A synthetic alphabet of 5 characters x 3 drawers: read as a flat root, each character is a class.
    static func flatRoot(in folder: URL) throws -> String {
        let synth = try MetaLearnExecutable.run(["synth", "--out", folder.appendingPathComponent("synth").path,
                                                 "--alphabets", "1", "--characters", "5", "--drawers", "3"])
        try #require(synth.status == 0, "\(synth.errors)")
        return folder.appendingPathComponent("synth/alphabet01").path
    }

    @Test func infoPrintsTheLayoutAndTheClassesOfEachSplit() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("DatasetLayoutCommandTests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let flat = try Self.flatRoot(in: folder)
        let plain = try MetaLearnExecutable.run(["dataset", "info", flat])
        #expect(plain.status == 0 && plain.output.contains("layout: flat\n") && plain.output.contains("classes: 5\n"), "\(plain)")

        try "character01\ncharacter03\n".write(toFile: flat + "/train.txt", atomically: true, encoding: .utf8)
        try #"["character02", "character04"]"#.write(toFile: flat + "/test.json", atomically: true, encoding: .utf8)
        let spec = folder.appendingPathComponent("flat.json").path
        try """
            {"dataset": {"root": "\(flat)", "layout": "flat", "split": {"train": "train.txt", "test": "test.json"}},
             "episodes": {"ways": 2, "shots": 1, "queries": 2}, "learner": {"name": "protonet"}, "training": {"validateEvery": 0}}
            """.write(toFile: spec, atomically: true, encoding: .utf8)
        let info = try MetaLearnExecutable.run(["dataset", "info", "--spec", spec])
        #expect(info.status == 0 && info.output.contains("classes: 5 (train 2, validation 0, test 2)"), "\(info)")
        #expect(try MetaLearnExecutable.run(["validate", spec]).output.hasPrefix("ok: about "))
        // --root points the spec at another copy of the data set.
        let copy = folder.appendingPathComponent("copy").path
        try FileManager.default.copyItem(atPath: flat, toPath: copy)
        try FileManager.default.removeItem(atPath: flat + "/character05")
        let moved = try MetaLearnExecutable.run(["dataset", "info", "--spec", spec, "--root", copy])
        #expect(moved.status == 0 && moved.output.contains("classes: 5 (train 2, validation 0, test 2)"), "\(moved)")
        #expect(try MetaLearnExecutable.run(["dataset", "info", "--spec", spec]).output.contains("classes: 4 "))
        try FileManager.default.moveItem(atPath: copy + "/character05", toPath: flat + "/character05")

        // The csv layout: every missing image is one line of validate, and run stops before training.
        let mini = folder.appendingPathComponent("mini")
        try FileManager.default.createDirectory(at: mini.appendingPathComponent("images"), withIntermediateDirectories: true)
        var rows: [String: [String]] = [:]
        for (position, character) in ["character01", "character02", "character03", "character04", "character05"].enumerated() {
            for file in try FileManager.default.contentsOfDirectory(atPath: flat + "/" + character).sorted() {
                try FileManager.default.copyItem(atPath: flat + "/\(character)/\(file)", toPath: mini.path + "/images/" + file)
                rows[["train.csv", "train.csv", "val.csv", "test.csv", "test.csv"][position], default: ["filename,label"]].append("\(file),\(character)")
            }
        }
        rows["test.csv"]! += ["gone1.png,character05", "gone2.png,character05"]
        for (csv, lines) in rows { try lines.joined(separator: "\n").write(to: mini.appendingPathComponent(csv), atomically: true, encoding: .utf8) }
        let csvInfo = try MetaLearnExecutable.run(["dataset", "info", "--layout", "csv", mini.path])
        #expect(csvInfo.status != 0 && csvInfo.errors.contains("test.csv line 8: image 'gone1.png' is not in \(mini.path)/images")
                && csvInfo.errors.contains("test.csv line 9: image 'gone2.png'"), "\(csvInfo)")
        let csvSpec = folder.appendingPathComponent("mini.json").path
        try """
            {"dataset": {"root": "\(mini.path)", "layout": "csv"}, "episodes": {"ways": 2, "shots": 1, "queries": 2},
             "learner": {"name": "protonet"}, "training": {"iterations": 1, "validateEvery": 0}, "evaluation": {"episodes": 2}}
            """.write(toFile: csvSpec, atomically: true, encoding: .utf8)
        let validate = try MetaLearnExecutable.run(["validate", csvSpec])
        #expect(validate.status != 0 && validate.errors.split(separator: "\n").count == 2, "\(validate.errors)")
        let run = try MetaLearnExecutable.run(["run", csvSpec, "--out", folder.appendingPathComponent("run").path])
        #expect(run.status != 0 && run.errors.contains("gone2.png"), "\(run.errors)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("run/result.json").path))
    }
}
