import Foundation
import Testing
import TestSupport

/// `metalearn export --format safetensors` on small trained runs: the file's bytes read back
/// against the checkpoint, bit for bit, and one clear line for each kind of bad input.
@Suite(.serialized) struct ExportCommandTests: CommandChecks {
    /// A synthetic data set, a short MAML run on a Conv-4 with running batch-norm statistics (a
    /// head, inference batch norm, a best checkpoint), a nearest-centroid run (no model) and a MAML++
    /// run (per-step batch norm: no single model), made once.
    static let fixture: (folder: URL, run: String, centroid: String, perStep: String)? = {
        let folder = processFolder(named: "ExportCommandTests")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        func spec(_ name: String, batchNorm: String, learner: String, training: String) -> String {
            let path = folder.appendingPathComponent("\(name).json").path
            try? """
            { "name": "\(name)", "seed": 3,
              "dataset": { "root": "\(folder.path)/data", "imageSize": 16, "invert": true, "cacheDirectory": "\(folder.path)/cache",
                           "split": { "fractions": { "train": 0.5, "validation": 0.25, "test": 0.25 }, "of": "alphabets" } },
              "episodes": { "ways": 3, "shots": 1, "queries": 2 },
              "model": { "name": "conv4", "hiddenChannels": 4, "batchNorm": "\(batchNorm)" },
              "learner": \(learner),
              "training": \(training),
              "evaluation": { "episodes": 2 }
            }
            """.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        let maml = spec("maml", batchNorm: "inference", learner: #"{ "name": "maml", "innerSteps": 1, "evalInnerSteps": 1 }"#,
                        training: #"{ "iterations": 2, "metaBatchSize": 2, "validateEvery": 2, "validationEpisodes": 2 }"#)
        let centroid = spec("centroid", batchNorm: "transductive", learner: #"{ "name": "nearest-centroid" }"#,
                            training: #"{ "iterations": 1, "metaBatchSize": 1, "validateEvery": 0 }"#)
        let perStep = spec("mamlpp", batchNorm: "transductive", learner: #"{ "name": "mamlpp", "innerSteps": 1, "evalInnerSteps": 1 }"#,
                           training: #"{ "iterations": 1, "metaBatchSize": 1, "validateEvery": 0 }"#)
        let (run, centroidRun, perStepRun) = (folder.appendingPathComponent("run").path, folder.appendingPathComponent("centroid-run").path,
                                              folder.appendingPathComponent("mamlpp-run").path)
        guard (try? MetaLearnExecutable.run(["synth", "--out", folder.path + "/data", "--alphabets", "4", "--characters", "6",
                                             "--drawers", "5", "--seed", "3"]))?.status == 0,
              (try? MetaLearnExecutable.run(["run", maml, "--out", run, "--quiet"]))?.status == 0,
              (try? MetaLearnExecutable.run(["run", centroid, "--out", centroidRun, "--quiet"]))?.status == 0,
              (try? MetaLearnExecutable.run(["run", perStep, "--out", perStepRun, "--quiet"]))?.status == 0 else { return nil }
        return (folder, run, centroidRun, perStepRun)
    }()

    @Test func exportedTensorsAreTheCheckpointsBitForBit() throws {
        let (folder, run, _, _) = try #require(Self.fixture, "the fixture runs could not be made")
        let file = folder.appendingPathComponent("model.safetensors").path
        #expect(try succeed(["export", run, "--format", "safetensors", "--out", file]).hasSuffix("\(run)/best.json to \(file)\n"))
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))

        // The header: its length (little-endian, 8 bytes), then JSON padded to a multiple of 8.
        let headerLength = bytes.prefix(8).reversed().reduce(0) { $0 << 8 | Int($1) }
        #expect((8 + headerLength) % 8 == 0)
        let header = try #require(try JSONSerialization.jsonObject(with: Data(bytes[8..<(8 + headerLength)])) as? [String: Any])
        let metadata = try #require(header["__metadata__"] as? [String: String])
        let result = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: run + "/result.json")))
            as? [String: Any])
        #expect(metadata["specSHA256"] == result["specSHA256"] as? String)
        #expect(metadata["model"] == "conv4" && metadata["model.hiddenChannels"] == "4" && metadata["inputChannels"] == "1"
                && metadata["imageSize"] == "16" && metadata["outputs"] == "3" && metadata["learner"] == "maml"
                && metadata["batchNorm"] == "inference" && metadata["batchNorm.statistics"] == "running"
                && metadata["batchNorm.epsilon"] == "1e-05" && metadata["checkpoint"] == "best.json")
        #expect(metadata["framework"]?.hasPrefix("swift-metalearn ") == true)

        // The checkpoint's tensors, as stored (exact bits, base64), under PyTorch's names.
        let checkpoint = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: run + "/best.json")))
            as? [String: Any])
        let parameters = try #require((checkpoint["learner"] as? [String: Any])?["parameters"] as? [String: [[String: Any]]])
        var expected: [String: (shape: [Int], data: Data)] = [:]
        let renamed = [".scale": ".weight", ".shift": ".bias", ".mean": ".running_mean", ".variance": ".running_var"]
        let (meta, running) = (try #require(parameters["meta"]), try #require(parameters["runningStatistics"]))
        for entry in meta + running {
            var name = try #require(entry["name"] as? String)
            for (suffix, replacement) in renamed where name.hasSuffix(suffix) { name = String(name.dropLast(suffix.count)) + replacement }
            let data = try #require(entry["data"] as? String)
            expected[name] = (try #require(entry["shape"] as? [Int]), try #require(Data(base64Encoded: data)))
        }

        let names = header.keys.filter { $0 != "__metadata__" }
        let layers = (1...4).flatMap { block in
            ["conv.weight", "norm.weight", "norm.bias", "norm.running_mean", "norm.running_var"].map { "block\(block).\($0)" }
        }
        #expect(Set(names) == Set(layers + ["head.weight", "head.bias"]))
        #expect(Set(names) == Set(expected.keys))
        var end = 0
        for name in layers + ["head.weight", "head.bias"] {
            let entry = try #require(header[name] as? [String: Any])
            let offsets = try #require(entry["data_offsets"] as? [Int])
            #expect(entry["dtype"] as? String == "F32")
            #expect(entry["shape"] as? [Int] == expected[name]?.shape, "\(name)")
            #expect(offsets[0] == end, "\(name) follows the previous tensor in model order")
            #expect(Data(bytes[(8 + headerLength + offsets[0])..<(8 + headerLength + offsets[1])]) == expected[name]?.data, "\(name)")
            end = offsets[1]
        }
        #expect(bytes.count == 8 + headerLength + end)
        #expect(header["block1.conv.weight"].flatMap { ($0 as? [String: Any])?["shape"] as? [Int] } == [4, 1, 3, 3])
        #expect(header["head.weight"].flatMap { ($0 as? [String: Any])?["shape"] as? [Int] } == [3, 4])
    }

    @Test func badInputIsOneClearLineAndWritesNothing() throws {
        let (folder, run, centroid, perStep) = try #require(Self.fixture, "the fixture runs could not be made")
        let file = folder.appendingPathComponent("existing.safetensors").path
        try Data("mine".utf8).write(to: URL(fileURLWithPath: file))
        try fail(["export", run, "--format", "safetensors", "--out", file], saying: "\(file) exists; pass --force to replace it")
        #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == Data("mine".utf8))
        _ = try succeed(["export", run, "--format", "safetensors", "--out", file, "--force"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: file)) != Data("mine".utf8))
        try fail(["export", run, "--format", "safetensors", "--out", folder.path, "--force"],
                 saying: "\(folder.path) exists and is not a regular file")

        let fresh = folder.appendingPathComponent("fresh.safetensors").path
        try fail(["export", run, "--format", "onnx", "--out", fresh], saying: "onnx", usage: true)
        try fail(["export", centroid, "--format", "safetensors", "--out", fresh],
                 saying: "learner 'nearest-centroid' keeps no model parameters under 'meta'")
        try fail(["export", perStep, "--format", "safetensors", "--out", fresh],
                 saying: "learner 'mamlpp' keeps its parameters in a layout conv4 does not have (found 'block1.norm.scale.step0'")
        let bare = folder.appendingPathComponent("bare")
        try? FileManager.default.createDirectory(at: bare, withIntermediateDirectories: true)
        try? FileManager.default.copyItem(atPath: run + "/spec.json", toPath: bare.path + "/spec.json")
        try fail(["export", bare.path, "--format", "safetensors", "--out", fresh], saying: "\(bare.path) holds no checkpoint")
        #expect(!FileManager.default.fileExists(atPath: fresh))
    }
}
