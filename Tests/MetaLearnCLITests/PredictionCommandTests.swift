import Foundation
import Testing
import TestSupport

/// `predict`, `eval --episodes-file`, `episodes export` and `table --compare` as a user runs them
/// on a small trained run, and one clear line on stderr for each kind of bad input.
@Suite(.serialized) struct PredictionCommandTests: CommandChecks {
    /// A folder with a small synthetic data set and a short ProtoNet run on it, made once.
    static let fixture: (folder: URL, spec: String, run: String)? = {
        let folder = processFolder(named: "PredictionCommandTests")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let spec = folder.appendingPathComponent("tiny.json").path
        try? """
        { "name": "tiny", "seed": 2,
          "dataset": { "root": "\(folder.path)/data", "imageSize": 12, "invert": true, "cacheDirectory": "\(folder.path)/cache",
                       "split": { "fractions": { "train": 0.5, "validation": 0.25, "test": 0.25 }, "of": "alphabets" } },
          "episodes": { "ways": 3, "shots": 1, "queries": 2 },
          "model": { "name": "mlp", "hiddenUnits": [16] },
          "learner": { "name": "protonet" },
          "training": { "iterations": 4, "metaBatchSize": 2, "validateEvery": 2, "validationEpisodes": 4 },
          "evaluation": { "episodes": 10 }
        }
        """.write(toFile: spec, atomically: true, encoding: .utf8)
        let run = folder.appendingPathComponent("run").path
        guard (try? MetaLearnExecutable.run(["synth", "--out", folder.path + "/data", "--alphabets", "4", "--characters", "6",
                                             "--drawers", "5", "--seed", "2"]))?.status == 0,
              (try? MetaLearnExecutable.run(["run", spec, "--out", run, "--quiet"]))?.status == 0 else { return nil }
        return (folder, spec, run)
    }()

    @Test func exportedEpisodesEvaluateToTheRunsOwnTest() throws {
        let (folder, spec, run) = try #require(Self.fixture, "the fixture run could not be made")
        let file = folder.appendingPathComponent("test-episodes.json").path
        #expect(try succeed(["episodes", "export", spec, "--out", file]) == "wrote 10 test episodes of tiny to \(file)\n")
        let evaluated = try JSONSerialization.jsonObject(with: Data(succeed(["eval", run, "--episodes-file", file, "--format", "json"]).utf8))
        let result = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: run + "/result.json"))) as? [String: Any]
        #expect((evaluated as? NSDictionary) == (result?["test"] as? NSDictionary))
        #expect(try succeed(["eval", run, "--episodes-file", file]).hasPrefix("\(run): test accuracy "))

        // --logits: the same summary plus each episode's query logits, whose argmax gives its accuracy
        // (an exported episode lists each class's queries together, classes in support order).
        let withLogits = try #require(try JSONSerialization.jsonObject(
            with: Data(succeed(["eval", run, "--episodes-file", file, "--format", "json", "--logits"]).utf8)) as? [String: Any])
        let logits = try #require(withLogits["episodeLogits"] as? [[[Double]]])
        let accuracies = try #require(withLogits["episodeAccuracies"] as? [Double])
        #expect(logits.count == 10 && logits.allSatisfy { $0.count == 6 && $0.allSatisfy { $0.count == 3 } })
        for (episode, rows) in logits.enumerated() {
            let correct = rows.enumerated().filter { row, values in values.firstIndex(of: values.max()!) == row / 2 }.count
            #expect(Float(correct) / 6 == Float(accuracies[episode]), "episode \(episode)")
        }
        var rest = withLogits
        rest["episodeLogits"] = nil
        #expect((rest as NSDictionary) == (evaluated as? NSDictionary))
        try fail(["eval", run, "--logits"], saying: "--logits prints the logits of an episode file's episodes", usage: true)

        let comparison = try succeed(["table", "--compare", run, run + "/result.json"])
        #expect(comparison.contains("| A − B paired over 10 episodes |  | +0.0 ± 0.0 |"))
    }

    @Test func predictClassifiesQueryFolders() throws {
        let (folder, _, run) = try #require(Self.fixture, "the fixture run could not be made")
        // Support: the first image of three characters; queries: the rest of their images.
        let support = folder.appendingPathComponent("support"), queries = folder.appendingPathComponent("queries")
        let characters = ["character01", "character02", "character03"]
        for character in characters {
            let source = folder.appendingPathComponent("data/alphabet04/\(character)")
            let images = try FileManager.default.contentsOfDirectory(atPath: source.path).sorted()
            for (position, image) in images.enumerated() {
                let target = (position == 0 ? support : queries).appendingPathComponent(position == 0 ? "\(character)/\(image)" : image)
                try? FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try? FileManager.default.copyItem(at: source.appendingPathComponent(image), to: target)
            }
        }
        let table = try succeed(["predict", run, "--support", support.path, "--query", queries.path])
        let lines = table.split(separator: "\n")
        #expect(lines.count == 1 + 12)
        #expect(lines[0].split(separator: " ", omittingEmptySubsequences: true) == ["query", "predicted", "probability"] + characters.map { Substring($0) })
        let json = try #require(JSONSerialization.jsonObject(with: Data(succeed(["predict", run, "--support", support.path, "--query",
                                                                                queries.path, "--format", "json"]).utf8)) as? [String: Any])
        #expect(json["classes"] as? [String] == characters)
        let predictions = try #require(json["predictions"] as? [[String: Any]])
        #expect(predictions.count == 12)
        // Deterministic: the same output every time.
        #expect(try succeed(["predict", run, "--support", support.path, "--query", queries.path]) == table)
        let csv = try succeed(["predict", run, "--support", support.path, "--query", queries.path, "--format", "csv"])
        #expect(csv.hasPrefix("query,predicted,character01,character02,character03\n"))

        try fail(["predict", run, "--support", folder.appendingPathComponent("none").path, "--query", queries.path],
                 saying: "none: no such file or folder")
        try fail(["predict", folder.path, "--support", support.path, "--query", queries.path], saying: "cannot read the spec")
        let single = folder.appendingPathComponent("single")
        try? FileManager.default.createDirectory(at: single.appendingPathComponent("only"), withIntermediateDirectories: true)
        let image = try #require(try FileManager.default.contentsOfDirectory(atPath: support.path + "/character01").first)
        try? FileManager.default.copyItem(atPath: support.path + "/character01/" + image, toPath: single.path + "/only/" + image)
        try fail(["predict", run, "--support", single.path, "--query", queries.path],
                 saying: "the support set has 1 class; classifying needs at least 2")
    }

    @Test func badInputIsOneClearLine() throws {
        let (folder, spec, run) = try #require(Self.fixture, "the fixture run could not be made")
        let file = folder.appendingPathComponent("bad-base.json").path
        _ = try succeed(["episodes", "export", spec, "--out", file, "--count", "2"])
        let text = try String(contentsOfFile: file, encoding: .utf8)
        func write(_ name: String, _ contents: String) throws -> String {
            let path = folder.appendingPathComponent(name).path
            try contents.write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        let firstImage = try #require(text.range(of: #""image": ""#)).upperBound
        let missing = try write("missing.json", text.replacingCharacters(in: firstImage..<firstImage, with: "no/"))
        try fail(["eval", run, "--episodes-file", missing], saying: "\(missing): episodes[0].support[0]: image ")
        let firstClass = try #require(text.range(of: #""query": [\#n        {"class": ""#)).upperBound
        let stranger = try write("stranger.json", text.replacingCharacters(in: firstClass..<firstClass, with: "x"))
        try fail(["eval", run, "--episodes-file", stranger], saying: "\(stranger): episodes[0].query[0]: class 'x")
        let malformed = try write("malformed.json", String(text.dropLast(4)))
        try fail(["eval", run, "--episodes-file", malformed], saying: "\(malformed): not valid JSON: line ")
        let bare = folder.appendingPathComponent("bare")
        try? FileManager.default.createDirectory(at: bare, withIntermediateDirectories: true)
        try? FileManager.default.copyItem(atPath: run + "/spec.json", toPath: bare.path + "/spec.json")
        try fail(["eval", bare.path, "--episodes-file", file], saying: "\(bare.path) holds no checkpoint")
        try fail(["eval", run, "--episodes-file", file, "--episodes", "5"], saying: "--episodes and --episodes-file exclude each other", usage: true)
        try fail(["table", "--compare", run], saying: "--compare takes exactly two runs", usage: true)
    }
}
