import BuiltinLearners
import Experiments
import FewShotData
import Foundation
import Testing

/// Runs over `dataset.sources`: training episodes drawn per source by weight, per-source validation
/// and test, and a run that trains on one source and tests on two.
@Suite struct SourcesRunTests {
    /// A flat tree of `classes` RGB classes of 6 PNGs each (12×12, one colour per class, noise per image),
    /// made here so that the test owns its images.
    static func colourTree(in directory: TemporaryDirectory, classes: Int = 8) throws -> String {
        let root = directory.file("colours").path
        for index in 0..<classes {
            let folder = "\(root)/class\(index)"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let colour = [UInt8(40 * (index % 3) + 30), UInt8(25 * (index % 5) + 60), UInt8(100 + 17 * index)]
            for image in 0..<6 {
                let pixels = (0..<(12 * 12 * 3)).map { position in
                    colour[position % 3] &+ UInt8((position * 7 + image * 13) % 23)
                }
                try PNGFormat.write(
                    RasterImage(width: 12, height: 12, format: .rgb, pixels: pixels), toFile: "\(folder)/\(image).png")
            }
        }
        return root
    }

    /// A ProtoNet spec over `sources` (JSON objects), RGB 16×16 input.
    static func spec(_ sources: String, cache: String, iterations: Int = 6) -> String {
        """
        {
          "name": "sources", "seed": 7,
          "dataset": { "imageSize": 16, "color": "rgb", "cacheDirectory": "\(cache)", "sources": [\(sources)] },
          "episodes": { "ways": 3, "shots": 1, "queries": 2 },
          "model": { "name": "mlp", "hiddenUnits": [16] },
          "learner": { "name": "protonet" },
          "training": { "iterations": \(iterations), "metaBatchSize": 2, "validateEvery": 3, "validationEpisodes": 4,
                        "checkpointEvery": 3, "logEvery": 3 },
          "evaluation": { "episodes": 10 }
        }
        """
    }

    static let omniglot = """
        {"name": "omniglot", "root": "\(RunFixtures.dataset)", "invert": true,
         "split": {"fractions": {"train": 0.5, "validation": 0.25, "test": 0.25}, "of": "alphabets"}}
        """

    @Test func trainingEpisodesComeFromSourcesByWeight() throws {
        let directory = try TemporaryDirectory()
        let colours = try Self.colourTree(in: directory)
        let sources = """
            \(Self.omniglot), {"name": "heavy", "root": "\(RunFixtures.dataset)", "weight": 3},
            {"name": "idle", "root": "\(RunFixtures.dataset)", "weight": 0},
            {"name": "colours", "root": "\(colours)", "use": "test", "split": {"fractions": {"train": 0.5, "test": 0.5}}}
            """
        let text = Self.spec(sources, cache: directory.file("cache").path)
        let data = try ExperimentData(spec: RunFixtures.decode(text), threads: 2)
        // Neither the 0-weight nor the test-only source is ever drawn for training.
        #expect(data.training.samplers.count == 2 && data.training.weights == [1, 3])
        #expect(data.sources.map(\.seenInTraining) == [true, true, false, false])
        let choices = (0..<4000).map(data.training.source(of:))
        let share = Double(choices.filter { $0 == 1 }.count) / 4000
        #expect(abs(share - 0.75) < 0.03)
        // A pure function of (seed, index): another load of the same spec chooses alike.
        let again = try ExperimentData(spec: RunFixtures.decode(text), threads: 1)
        #expect((0..<4000).map(again.training.source(of:)) == choices)
        // Episode i is its source's own episode i, drawn alike on all cores or one at a time.
        let batch = data.training.episodes(start: 5, count: 6)
        #expect(batch == (5..<11).map { data.training.samplers[choices[$0]].episode($0) })
        // Only training sources with validation classes validate; every source tests.
        #expect(data.validationSamplers.count == 2 && data.sources[3].validation == nil)
        // A source's test episodes depend on its name and the seed, not on the other sources listed.
        let alone = try ExperimentData(
            spec: RunFixtures.decode(Self.spec(Self.omniglot, cache: directory.file("cache").path)), threads: 1)
        #expect(alone.sources[0].test.episode(3) == data.sources[0].test.episode(3))
        #expect(data.sources[1].test.episode(3) != data.sources[0].test.episode(3))
        // Pre-training sees the training classes of the training sources, one label space.
        let pretrained = try ExperimentData(
            spec: RunFixtures.decode(
                text.replacingOccurrences(of: #""training":"#, with: #""pretraining": {"batchSize": 8}, "training":"#)),
            threads: 1)
        let trainClasses = data.training.samplers.flatMap(\.classes)
        #expect(pretrained.pretraining?.classes.map(\.name) == trainClasses.map(\.name))
        #expect(trainClasses.count == data.sources[0].train!.classes.count + data.sources[1].train!.classes.count)
    }

    @Test func trainsOnOneSourceAndTestsOnBoth() throws {
        let directory = try TemporaryDirectory()
        let colours = try Self.colourTree(in: directory)
        let text = Self.spec(
            Self.omniglot + #", {"name": "colours", "root": "\#(colours)", "use": "test", "#
                + #""split": {"fractions": {"train": 0.5, "test": 0.5}}}"#, cache: directory.file("cache").path)
        let result = try RunFixtures.run(text, in: directory.file("two"), threads: 2)
        let sources = try #require(result.sources)
        #expect(sources.map(\.name) == ["omniglot", "colours"] && sources.map(\.seenInTraining) == [true, false])
        #expect(sources.allSatisfy { $0.test.episodes == 10 && $0.test.episodeAccuracies.count == 10 })
        // `test` pools both sources' episodes: its mean is the mean over the sources.
        #expect(result.test.episodeAccuracies == sources.flatMap(\.test.episodeAccuracies))
        #expect(abs(result.test.accuracy - (sources[0].test.accuracy + sources[1].test.accuracy) / 2) < 1e-12)
        let reread = try RunResult(contentsOf: directory.file("two/result.json"))
        #expect(reread.sources == result.sources && reread.test == result.test)
        // One thread gives the same numbers.
        let serial = try RunFixtures.run(text, in: directory.file("one"), threads: 1)
        #expect(serial.sources == result.sources && serial.validation == result.validation)
        // The table has a column per source, the unseen one marked.
        let table = ResultTable(
            runs: [TabledRun(result: result, resolvedSpec: try RunFixtures.decode(text).resolvedJSON)],
            learnerOrder: ["protonet"])
        #expect(table.columns.map(\.title) == ["colours† (3-way 1-shot)", "omniglot (3-way 1-shot)"])
        #expect(table.averageRanks == [1.0] && table.notes.contains(ResultTable.unseenLegend))
        #expect(table.caption.hasSuffix("Data set: omniglot: \(RunFixtures.dataset), colours: \(colours)."))
        // The run's report.md and `metalearn report`'s page show the per-source figures.
        let report = try String(contentsOf: directory.file("two/report.md"), encoding: .utf8)
        #expect(report.contains("colours† (3-way 1-shot)") && report.contains("Avg. rank"))
        let page = ReportPage(runs: try ReportRun.load(from: [directory.file("two").path]), learnerOrder: ["protonet"])
        #expect(page.html.contains("colours† (3-way 1-shot)") && page.html.contains("Avg. rank"))
    }

    @Test func aSourceTooSmallForTheEpisodesIsRefusedAtItsPath() throws {
        let directory = try TemporaryDirectory()
        let colours = try Self.colourTree(in: directory, classes: 4)
        let text = Self.spec(
            Self.omniglot + #", {"name": "colours", "root": "\#(colours)", "use": "test", "#
                + #""split": {"fractions": {"train": 0.5, "test": 0.5}}}"#, cache: directory.file("cache").path)
        let spec = try RunFixtures.decode(text)
        let expected =
            "dataset.sources[1]: source 'colours': 3-way episodes need 3 classes, but the test split has 2; "
            + "lower episodes.ways or give the test split more classes"
        #expect(DataCheck.problems(spec).map(\.description) == [expected])
        let error = #expect(throws: SpecErrors.self) {
            try RunFixtures.run(text, in: directory.file("run"))
        }
        #expect(error?.errors.map(\.description) == [expected])
        #expect(!FileManager.default.fileExists(atPath: directory.file("run").path))
        // A missing folder is named at the source's root.
        let missing = try RunFixtures.decode(
            Self.spec(
                Self.omniglot + #", {"name": "gone", "root": "/nonexistent/colours", "use": "test"}"#,
                cache: directory.file("cache").path))
        #expect(
            DataCheck.problems(missing).map(\.description) == [
                "dataset.sources[1].root: folder '/nonexistent/colours' does not exist"
            ])
    }
}
