import Experiments
import Foundation
import SpecTestSupport
import Testing

/// `metalearn report`'s page and output folder, over run folders written here (no training).
@Suite struct ReportPageTests {
    /// Writes a run of the DESIGN.md spec changed by `assignments` into `folder`: spec.json, result.json
    /// with `accuracies` (named `name` when given: markup a spec's name may not hold), and a short metrics.jsonl.
    static func writeRun(_ assignments: [String], accuracies: [Double], name: String? = nil, to folder: URL) throws {
        let overrides = try assignments.map { assignment throws(SpecError) in try SpecOverride(assignment: assignment) }
        let spec = try ExperimentSpec(document: JSONValue(parsing: designSpec), learners: TestLearners.all, overrides: overrides)
        var result = RunResult(spec: spec, testAccuracies: accuracies,
                               validation: .init(bestAccuracy: 0.5, bestIteration: 20), trainSeconds: 3)
        if let name { result.name = name }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try spec.canonicalJSON.write(to: folder.appendingPathComponent("spec.json"), atomically: true, encoding: .utf8)
        try result.jsonData().write(to: folder.appendingPathComponent("result.json"))
        let log = MetricsLog(url: folder.appendingPathComponent("metrics.jsonl"))
        for iteration in stride(from: 10, through: 40, by: 10) {
            try log.append(MetricsRecord(iteration: iteration, phase: .train, loss: 1.5 / Double(iteration),
                                         accuracy: 0.4, seconds: 1))
        }
        try log.append(MetricsRecord(iteration: 20, phase: .validation, loss: 1, accuracy: 0.5, seconds: 2))
    }

    /// Three runs: maml with seeds 1 and 2 (the first named with markup), protonet with seed 1, which
    /// shares its test episodes with maml's seed 1.
    static func writeRuns(in directory: TemporaryDirectory) throws -> String {
        let runs = directory.file("runs")
        try writeRun([], accuracies: [0.6, 0.8, 0.7], name: "<b>maml</b> & co", to: runs.appendingPathComponent("maml"))
        try writeRun(["seed=2"], accuracies: [0.5, 0.9, 0.7], to: runs.appendingPathComponent("maml-2"))
        try writeRun([#"learner={"name": "protonet"}"#], accuracies: [0.7, 0.9, 0.8], to: runs.appendingPathComponent("protonet"))
        return runs.path
    }

    @Test func thePageIsSelfContainedAndHoldsEverySection() throws {
        let directory = try TemporaryDirectory()
        let runs = try ReportRun.load(from: [try Self.writeRuns(in: directory)])
        let html = ReportPage(runs: runs, learnerOrder: ["maml", "protonet"]).html
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        for forbidden in ["http://", "https://", "src=", "url(", "@import", "<script", "<link", "<img", "<iframe"] {
            #expect(!html.contains(forbidden), "the page holds \(forbidden)")
        }
        for id in ["accuracy", "curves", "episodes", "comparisons", "differences", "machines"] {
            #expect(html.contains("<section id=\"\(id)\">"))
        }
        #expect(html.contains("prefers-color-scheme: dark"))
        // The table's cells, with the seeds of the two-seed cell.
        #expect(html.contains("<th scope=\"row\">maml</th>") && html.contains("(2 seeds)")
                && html.contains("seed 1: 70.0 · seed 2: 70.0"))
        // Curves for both table rows, box plots for all three runs, one group of paired runs (seed 1).
        #expect(html.components(separatedBy: "<svg class=\"plot\"").count - 1 == 4)
        #expect(html.contains("3 test episodes: 2 runs"))
        // The name is escaped wherever it is shown, and what differs names the learner and the seed.
        #expect(html.contains("&lt;b&gt;maml&lt;/b&gt; &amp; co") && !html.contains("<b>maml"))
        #expect(html.contains(">learner.name</th>") && html.contains(">seed</th>"))
    }

    @Test func runsOfDifferentDataSetsAreRefusedNamingBoth() throws {
        let directory = try TemporaryDirectory()
        try Self.writeRun([], accuracies: [0.5], to: directory.file("a"))
        try Self.writeRun(["dataset.root=datasets/other"], accuracies: [0.5], to: directory.file("b"))
        #expect {
            try ReportRun.load(from: [directory.url.path])
        } throws: { error in
            let text = "\(error)"
            return text.hasPrefix("\(directory.url.path) holds results of different data sets: datasets/omniglot (")
                && text.contains("datasets/other (") && !text.contains("\n")
        }
    }

    @Test func aFolderWithoutResultsIsRefusedNamingIt() throws {
        let directory = try TemporaryDirectory()
        #expect(throws: RunFileError.unreadable(path: directory.url.path, reason: "no result.json in this directory or below it")) {
            try ReportRun.load(from: [directory.url.path])
        }
    }

    @Test func theOutputIsWrittenOnceAndReplacedOnlyWhenOursAndAsked() throws {
        let directory = try TemporaryDirectory()
        let out = directory.file("report").path
        let page = ReportPage(runs: try ReportRun.load(from: [try Self.writeRuns(in: directory)]), learnerOrder: []).html
        try ReportOutput.write(page, to: out, replacing: false)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out) == ["index.html"])
        #expect(throws: ReportError.outputExists(path: out)) { try ReportOutput.write(page, to: out, replacing: false) }
        try ReportOutput.write(page + "<!-- again -->", to: out, replacing: true)
        #expect(try String(contentsOfFile: out + "/index.html", encoding: .utf8).hasSuffix("<!-- again -->"))

        // Not ours: a file, a folder holding anything else, a foreign index.html. Each is left as it was.
        let file = directory.file("notes.txt").path
        try "keep".write(toFile: file, atomically: true, encoding: .utf8)
        let foreign = directory.file("site").path
        try FileManager.default.createDirectory(atPath: foreign, withIntermediateDirectories: true)
        try "<html></html>".write(toFile: foreign + "/index.html", atomically: true, encoding: .utf8)
        try "x".write(toFile: out + "/extra.txt", atomically: true, encoding: .utf8)
        for (path, reason) in [(file, "exists and is not a folder"), (foreign, "holds an index.html it did not write"),
                               (out, "holds extra.txt")] {
            #expect(throws: ReportError.notAReportFolder(path: path, reason: reason)) {
                try ReportOutput.write(page, to: path, replacing: true)
            }
        }
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "keep")
        #expect(try String(contentsOfFile: foreign + "/index.html", encoding: .utf8) == "<html></html>")
    }
}
