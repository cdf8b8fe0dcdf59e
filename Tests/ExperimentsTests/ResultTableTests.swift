import SpecTestSupport
import Experiments
import Foundation
import Testing

/// A result of `learner` on `ways`-way `shots`-shot test episodes with the given accuracies.
func makeResult(_ learner: String, ways: Int, shots: Int, accuracies: [Double], seed: Int = 1) throws -> RunResult {
    var result = RunResult(spec: try ExperimentSpec(json: designSpec, learners: TestLearners.all), testAccuracies: accuracies,
                           validation: nil, trainSeconds: 60)
    result.learner = learner
    result.ways = ways
    result.shots = shots
    result.seed = seed
    return result
}

@Suite struct ResultTableTests {
    /// maml 5w1s: 0.979 ± 0 (identical episodes); protonet 5w1s and 20w1s; zeta (unregistered) 5w5s;
    /// two maml 5w5s seeds, 0.9 and 0.95: mean 0.925, sd 0.0353553, ci95 = t(0.975; 1) · 0.0353553 / √2
    /// = 12.7062 · 0.025 = 0.317655.
    func table() throws -> ResultTable {
        ResultTable(results: [
            try makeResult("zeta", ways: 5, shots: 5, accuracies: [0.5]),
            try makeResult("protonet", ways: 20, shots: 1, accuracies: [0.6, 0.8, 1.0, 0.8]),
            try makeResult("maml", ways: 5, shots: 1, accuracies: [0.979, 0.979]),
            try makeResult("maml", ways: 5, shots: 5, accuracies: [0.9], seed: 1),
            try makeResult("maml", ways: 5, shots: 5, accuracies: [0.95], seed: 2),
            try makeResult("alpha", ways: 5, shots: 1, accuracies: [0.3]),
            try makeResult("protonet", ways: 5, shots: 1, accuracies: [0.96]),
        ], learnerOrder: ["maml", "fomaml", "protonet"])
    }

    @Test func ordersRowsByRegistryThenNameAndColumnsByWaysThenShots() throws {
        let table = try table()
        #expect(table.rows.map(\.title) == ["maml", "protonet", "alpha", "zeta"])
        #expect(table.columns.map(\.title) == ["5-way 1-shot", "5-way 5-shot", "20-way 1-shot"])
        let combined = try #require(table.rows[0].cells[1])
        #expect(abs(combined.accuracy - 0.925) < 1e-12 && abs(combined.ci95 - 0.317655) < 1e-6 && combined.runs == 2)
    }

    @Test func markdown() throws {
        #expect(try table().rendered(as: .markdown) == """
        | Learner | 5-way 1-shot | 5-way 5-shot | 20-way 1-shot |
        |---|---:|---:|---:|
        | maml | 97.9 ± 0.0 | 92.5 ± 31.8 (2 seeds) | — |
        | protonet | 96.0 ± 0.0 | — | 80.0 ± 16.0 |
        | alpha | 30.0 ± 0.0 | — | — |
        | zeta | — | 50.0 ± 0.0 | — |

        - Test accuracy (%), mean ± 95% interval: across seeds (Student t) in a cell of several seeds, over the test episodes in a cell of one. Data set not recorded (results without a spec.json beside them).

        """)
    }

    /// One line per cell, figures as fractions in columns of their own.
    @Test func csv() throws {
        let lines = try table().rendered(as: .csv).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        #expect(lines[0] == ["row", "column", "mean", "ci95", "n", "interval", "seeds", "footnotes"])
        #expect(lines.dropFirst().map { "\($0[0]) \($0[1]) \($0[4]) \($0[5]) \($0[6])" } == [
            "maml 5-way 1-shot 1 episodes 1", "maml 5-way 5-shot 2 seeds 1 2", "protonet 5-way 1-shot 1 episodes 1",
            "protonet 20-way 1-shot 1 episodes 1", "alpha 5-way 1-shot 1 episodes 1", "zeta 5-way 5-shot 1 episodes 1",
        ])
        let figures = lines.dropFirst().map { (Double($0[2])!, Double($0[3])!) }
        // protonet 20-way: episodes 0.6, 0.8, 1.0, 0.8, sd 0.163299, ci95 = 1.96 · 0.163299 / 2 = 0.160033.
        let expected = [(0.979, 0.0), (0.925, 0.317655), (0.96, 0.0), (0.8, 0.160033), (0.3, 0.0), (0.5, 0.0)]
        #expect(zip(figures, expected).allSatisfy { abs($0.0 - $1.0) < 1e-9 && abs($0.1 - $1.1) < 1e-6 }, "\(figures)")
    }

    @Test func latex() throws {
        let table = ResultTable(results: [try makeResult("nearest_centroid", ways: 5, shots: 1, accuracies: [0.5, 0.5])],
                                learnerOrder: [])
        #expect(table.rendered(as: .latex) == #"""
        \begin{tabular}{lc}
          \toprule
          Learner & 5-way 1-shot \\
          \midrule
          nearest\_centroid & 50.0 $\pm$ 0.0 \\
          \bottomrule
        \end{tabular}
        \par Test accuracy (\%), mean $\pm$ 95\% interval: across seeds (Student t) in a cell of several seeds, over the test episodes in a cell of one. Data set not recorded (results without a spec.json beside them).

        """#)
    }

    @Test func json() throws {
        let table = ResultTable(results: [try makeResult("maml", ways: 5, shots: 1, accuracies: [0.5]),
                                          try makeResult("protonet", ways: 5, shots: 5, accuracies: [0.25])], learnerOrder: [])
        #expect(table.rendered(as: .json) == """
        {
          "caption": "Test accuracy (%), mean ± 95% interval: across seeds (Student t) in a cell of several seeds, over the test episodes in a cell of one. Data set not recorded (results without a spec.json beside them).",
          "columns": ["5-way 1-shot", "5-way 5-shot"],
          "rows": [
            {
              "title": "maml",
              "settings": {
                "learner.name": "maml"
              },
              "cells": {
                "5-way 1-shot": {
                  "accuracy": 0.5,
                  "ci95": 0.0,
                  "n": 1,
                  "interval": "episodes",
                  "seeds": [
                    {
                      "seed": 1,
                      "accuracy": 0.5
                    }
                  ]
                },
                "5-way 5-shot": null
              }
            },
            {
              "title": "protonet",
              "settings": {
                "learner.name": "protonet"
              },
              "cells": {
                "5-way 1-shot": null,
                "5-way 5-shot": {
                  "accuracy": 0.25,
                  "ci95": 0.0,
                  "n": 1,
                  "interval": "episodes",
                  "seeds": [
                    {
                      "seed": 1,
                      "accuracy": 0.25
                    }
                  ]
                }
              }
            }
          ]
        }

        """)
    }

    @Test func roundsToOneDecimal() throws {
        let table = ResultTable(results: [try makeResult("maml", ways: 5, shots: 1, accuracies: [0.97951, 0.97951])], learnerOrder: [])
        #expect(table.rows[0].cells[0]?.text == "98.0 ± 0.0")
    }

    /// A file named on its own and found again in a named folder (or through a link) counts once.
    @Test func loadsFilesDirectoriesAndTreesInPathOrderEachFileOnce() throws {
        let directory = try TemporaryDirectory()
        let fileManager = FileManager.default
        for (name, learner) in [("runs/b", "protonet"), ("runs/a", "maml"), ("single", "alpha")] {
            let folder = directory.file(name)
            try fileManager.createDirectory(at: folder, withIntermediateDirectories: true)
            try AtomicFile.write(try makeResult(learner, ways: 5, shots: 1, accuracies: [0.5]).jsonData(),
                                 to: folder.appendingPathComponent("result.json"))
        }
        try fileManager.createSymbolicLink(at: directory.file("link"), withDestinationURL: directory.file("runs/a"))
        let loaded = try ResultTable.loadResults(from: [directory.file("runs").path, directory.file("single").path,
                                                        directory.file("runs/a/result.json").path, directory.file("link").path,
                                                        directory.file("runs/../runs/b").path])
        #expect(loaded.map(\.learner) == ["maml", "protonet", "alpha"])
    }

    @Test(arguments: [(#""accuracy" : 0.5"#, #""accuracy" : 5"#, "test.accuracy is 5.0, outside [0, 1]"),
                      (#""episodeAccuracies" : [\#n      0.5\#n    ]"#, #""episodeAccuracies" : [\#n      -0.5\#n    ]"#,
                       "test.episodeAccuracies[0] is -0.5, outside [0, 1]"),
                      (#""episodes" : 1"#, #""episodes" : 3"#, "test.episodes is 3 but test.episodeAccuracies holds 1")])
    func impossibleFiguresAreRefused(original: String, edited: String, reason: String) throws {
        let directory = try TemporaryDirectory()
        let text = String(decoding: try makeResult("maml", ways: 5, shots: 1, accuracies: [0.5]).jsonData(), as: UTF8.self)
        #expect(text.contains(original), "\(text)")
        try AtomicFile.write(text.replacingOccurrences(of: original, with: edited), to: directory.file("result.json"))
        let error = #expect(throws: RunFileError.self) { try ResultTable.loadResults(from: [directory.url.path]) }
        #expect(error?.description.hasPrefix("\(directory.file("result.json").path) is malformed: \(reason)") == true)
    }

    @Test func loadingErrorsNameThePath() throws {
        let directory = try TemporaryDirectory()
        let empty = #expect(throws: RunFileError.self) { try ResultTable.loadResults(from: [directory.url.path]) }
        #expect(empty?.description == "cannot read \(directory.url.path): no result.json in this directory or below it")
        let missing = directory.file("nope").path
        let absent = #expect(throws: RunFileError.self) { try ResultTable.loadResults(from: [missing]) }
        #expect(absent?.description == "cannot read \(missing): no such file or directory")
        try AtomicFile.write(#"{"name": 3}"#, to: directory.file("result.json"))
        let malformed = #expect(throws: RunFileError.self) { try ResultTable.loadResults(from: [directory.url.path]) }
        #expect(malformed?.description.hasPrefix("\(directory.file("result.json").path) is malformed: wrong type at name") == true)
    }
}
