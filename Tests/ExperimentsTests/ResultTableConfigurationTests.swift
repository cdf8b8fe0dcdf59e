import Experiments
import Foundation
import SpecTestSupport
import Testing

/// A cell is one configuration: runs equal but for the seed. Everything else that differs is a row of its own.
@Suite struct ResultTableConfigurationTests {
    /// A run of the DESIGN.md spec changed by `assignments`, tested with `accuracies`, as loaded with its spec.json.
    static func run(_ assignments: [String], accuracies: [Double]) throws -> TabledRun {
        let overrides = try assignments.map { assignment throws(SpecError) in try SpecOverride(assignment: assignment) }
        let spec = try ExperimentSpec(document: JSONValue(parsing: designSpec), learners: TestLearners.all, overrides: overrides)
        let result = RunResult(spec: spec, testAccuracies: accuracies, validation: nil, trainSeconds: 1)
        return TabledRun(result: result, resolvedSpec: spec.resolvedJSON)
    }

    /// Three seeds 0.5, 0.6, 0.7 (each run's name and checkpointEvery differing too): one cell, mean 0.6,
    /// sd 0.1, ci95 = t(0.975; 2) · 0.1 / √3 = 4.30265 · 0.057735 = 0.248414.
    @Test func seedsFormOneCellWithAStudentTInterval() throws {
        let table = ResultTable(runs: [
            try Self.run(["seed=3", "name=c"], accuracies: [0.7, 0.7]),
            try Self.run(["seed=1", "training.checkpointEvery=50"], accuracies: [0.5, 0.5]),
            try Self.run(["seed=2"], accuracies: [0.6, 0.6]),
        ], learnerOrder: [])
        #expect(table.rows.count == 1 && table.rows[0].title == "maml")
        let cell = try #require(table.rows[0].cells[0])
        #expect(cell.runs == 3 && abs(cell.accuracy - 0.6) < 1e-12 && abs(cell.ci95 - 0.248414) < 1e-5)
        #expect(cell.seeds.map(\.seed) == [1, 2, 3] && cell.seeds.map(\.accuracy) == [0.5, 0.6, 0.7])
        #expect(cell.text == "60.0 ± 24.8 (3 seeds)")
        let json = table.rendered(as: .json)
        #expect(json.contains(#""n": 3"#) && json.contains(#""interval": "seeds""#)
                && json.filter { !$0.isWhitespace }.contains(#""seed":2,"accuracy":0.6"#), "\(json)")
    }

    /// The case of issue 18: innerLR 0.4 and 0.01 were pooled into "40.7 ± 20.9 (2 runs)".
    @Test func hyperparametersSplitRowsLabelledByWhatDiffers() throws {
        let table = ResultTable(runs: [
            try Self.run(["learner.innerLR=0.4"], accuracies: [0.8]),
            try Self.run(["learner.innerLR=0.01"], accuracies: [0.2]),
            try Self.run(["learner.innerLR=0.4", "seed=2"], accuracies: [0.9]),
            try Self.run([#"learner={"name": "protonet"}"#], accuracies: [0.7]),
        ], learnerOrder: ["maml", "protonet"])
        #expect(table.rows.map(\.title) == ["maml (learner.innerLR=0.01)", "maml (learner.innerLR=0.4)", "protonet"])
        #expect(table.rows.map { $0.cells[0]?.runs } == [1, 2, 1])
    }

    /// Another data set, a budget or the numerics mode: rows of their own, and the caption names the data sets.
    @Test func dataSetsAndBudgetsAreNeverPooled() throws {
        let table = ResultTable(runs: [
            try Self.run([], accuracies: [0.8]),
            try Self.run(["dataset.root=datasets/synthetic", "training.iterations=1000"], accuracies: [0.3]),
        ], learnerOrder: [])
        #expect(table.rows.map(\.title) == ["maml (dataset.root=datasets/omniglot, training.iterations=2000)",
                                            "maml (dataset.root=datasets/synthetic, training.iterations=1000)"])
        #expect(table.caption.hasSuffix("Data sets: datasets/omniglot; datasets/synthetic."))
    }

    /// Settings that differ only between a row's columns (the 20-way specs' queries) keep one row and are noted.
    @Test func settingsDifferingAcrossColumnsAreNoted() throws {
        let table = ResultTable(runs: [
            try Self.run([], accuracies: [0.8]),
            try Self.run(["episodes.ways=20", "episodes.queries=5"], accuracies: [0.5]),
        ], learnerOrder: [])
        #expect(table.rows.map(\.title) == ["maml"])
        #expect(table.columns.map(\.title) == ["5-way 1-shot", "20-way 1-shot"])
        #expect(table.notes == ["maml: episodes.queries, episodes.trainWays differ between its columns"])
    }

    @Test func anySettingsLayOutRowsAndColumns() throws {
        let runs = [try Self.run(["learner.innerLR=0.4"], accuracies: [0.8]), try Self.run(["learner.innerLR=0.1"], accuracies: [0.6]),
                    try Self.run(["learner.innerLR=0.4", "episodes.shots=5"], accuracies: [0.9])]
        let layout = TableLayout(rows: ["episodes.shots"], columns: ["learner.innerLR"])
        #expect(layout.problem(with: runs) == nil)
        let table = ResultTable(runs: runs, learnerOrder: [], layout: layout)
        #expect(table.columns.map(\.title) == ["learner.innerLR=0.1", "learner.innerLR=0.4"])
        #expect(table.rows.map(\.title) == ["episodes.shots=1", "episodes.shots=5"])
        #expect(table.rows.map { $0.cells.map { $0?.accuracy } } == [[0.6, 0.8], [nil, 0.9]])
        #expect(TableLayout(rows: ["learner.innerLr"], columns: []).problem(with: runs)
                == "no run has the setting 'learner.innerLr'; did you mean 'learner.innerLR'?")
        #expect(TableLayout(rows: ["seed"], columns: []).problem(with: runs)?.hasPrefix("seed cannot lay out a table") == true)
    }

    /// CSV: one line per cell, its figures as numbers in their own columns.
    @Test func csvHasNumbersInColumns() throws {
        let table = ResultTable(runs: [try Self.run(["seed=1"], accuracies: [0.5, 1.0]), try Self.run(["seed=2"], accuracies: [1.0])],
                                learnerOrder: [])
        let lines = table.rendered(as: .csv).split(separator: "\n")
        #expect(lines[0] == "row,column,mean,ci95,n,interval,seeds,footnotes")
        let fields = lines[1].split(separator: ",", omittingEmptySubsequences: false)
        #expect(fields[0] == "maml" && fields[1] == "5-way 1-shot" && fields[4] == "2" && fields[5] == "seeds" && fields[6] == "1 2")
        // Seeds 0.75 and 1.0: mean 0.875, sd 0.1767767, ci95 = 12.7062 · 0.1767767 / √2 = 1.588276.
        #expect(abs(Double(fields[2])! - 0.875) < 1e-12 && abs(Double(fields[3])! - 1.588276) < 1e-5)
    }

    /// Two copies of one run (same resolved spec and seed, whatever their folders or names) are an
    /// error, not a cell of two seeds; so is a copy without its spec.json.
    @Test func aRunCopiedIsNotASecondSeed() throws {
        let directory = try TemporaryDirectory()
        let run = try Self.run(["seed=1"], accuracies: [0.5])
        let spec = try ExperimentSpec(document: JSONValue(parsing: designSpec), learners: TestLearners.all,
                                      overrides: [SpecOverride(assignment: "seed=1")])
        for (folder, name) in [("a", spec.name), ("b", "renamed")] {
            try FileManager.default.createDirectory(at: directory.file(folder), withIntermediateDirectories: true)
            try AtomicFile.write(run.result.jsonData(), to: directory.file("\(folder)/result.json"))
            try AtomicFile.write(spec.canonicalJSON.replacingOccurrences(of: "\"\(spec.name)\"", with: "\"\(name)\""),
                                 to: directory.file("\(folder)/spec.json"))
        }
        let error = #expect(throws: RunFileError.self) { try ResultTable.loadRuns(from: [directory.url.path]) }
        #expect(error == .sameRun(path: directory.file("b/result.json").path, copyOf: directory.file("a/result.json").path))
        try FileManager.default.removeItem(at: directory.file("b/spec.json"))
        #expect(throws: RunFileError.self) { try ResultTable.loadRuns(from: [directory.url.path]) }
    }

    /// A run directory's spec.json is read beside its result.json.
    @Test func loadingReadsTheSpecBesideTheResult() throws {
        let directory = try TemporaryDirectory()
        for (name, rate) in [("a", "0.4"), ("b", "0.1")] {
            let run = try Self.run(["learner.innerLR=\(rate)"], accuracies: [0.5])
            try FileManager.default.createDirectory(at: directory.file(name), withIntermediateDirectories: true)
            try AtomicFile.write(run.result.jsonData(), to: directory.file("\(name)/result.json"))
            let spec = try ExperimentSpec(document: JSONValue(parsing: designSpec), learners: TestLearners.all,
                                          overrides: [SpecOverride(assignment: "learner.innerLR=\(rate)")])
            try AtomicFile.write(spec.canonicalJSON, to: directory.file("\(name)/spec.json"))
        }
        let runs = try ResultTable.loadRuns(from: [directory.url.path])
        #expect(runs.map { $0.settings["learner.innerLR"] } == [.real(0.4), .real(0.1)])
        #expect(runs.map { $0.settings["dataset.root"] } == [.string("datasets/omniglot"), .string("datasets/omniglot")])
    }
}
