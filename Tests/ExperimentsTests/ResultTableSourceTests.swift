import Experiments
import Foundation
import SpecTestSupport
import Testing

/// Tables of runs with `dataset.sources`: one column per test source, unseen ones marked, and
/// Meta-Dataset's average rank.
@Suite struct ResultTableSourceTests {
    /// Test accuracies per source (one episode each) of `learner`; C is unseen in training.
    static func result(_ learner: String, _ a: Double, _ b: Double, _ c: Double) throws -> RunResult {
        var result = try makeResult(learner, ways: 5, shots: 1, accuracies: [a, b, c])
        result.sources = zip(["A", "B", "C"], [a, b, c]).map { name, accuracy in
            RunResult.SourceTest(
                name: name, seenInTraining: name != "C", test: RunResult.TestSummary(episodeAccuracies: [accuracy]))
        }
        return result
    }

    /// Ranks by hand. A: maml and protonet tie at 0.8 (1.5 each), anil 3. B: protonet 1, maml 2, anil 3.
    /// C: maml and anil tie at 0.5 (1.5 each), protonet 3. Means: maml 5/3, protonet 5.5/3, anil 7.5/3.
    func table() throws -> ResultTable {
        ResultTable(
            results: [
                try Self.result("anil", 0.7, 0.5, 0.5), try Self.result("maml", 0.8, 0.6, 0.5),
                try Self.result("protonet", 0.8, 0.7, 0.4),
            ], learnerOrder: ["maml", "protonet", "anil"])
    }

    @Test func oneColumnPerSourceAndTheAverageRank() throws {
        let table = try table()
        #expect(table.columns.map(\.title) == ["A (5-way 1-shot)", "B (5-way 1-shot)", "C† (5-way 1-shot)"])
        #expect(table.columns.map(\.unseen) == [false, false, true])
        #expect(table.rows.map(\.title) == ["maml", "protonet", "anil"])
        #expect(table.rows[2].cells.map { $0?.accuracy } == [0.7, 0.5, 0.5])
        let ranks = table.averageRanks.map { $0! }
        #expect(zip(ranks, [5.0 / 3, 5.5 / 3, 7.5 / 3]).allSatisfy { abs($0 - $1) < 1e-12 })
        #expect(table.notes.contains(ResultTable.unseenLegend))
    }

    @Test func everyFormatCarriesTheSourcesAndRanks() throws {
        let table = try table()
        let markdown = table.rendered(as: .markdown)
        #expect(
            markdown.hasPrefix(
                """
                | Learner | A (5-way 1-shot) | B (5-way 1-shot) | C† (5-way 1-shot) | Avg. rank |
                |---|---:|---:|---:|---:|
                | maml | 80.0 ± 0.0 | 60.0 ± 0.0 | 50.0 ± 0.0 | 1.67 |
                | protonet | 80.0 ± 0.0 | 70.0 ± 0.0 | 40.0 ± 0.0 | 1.83 |
                | anil | 70.0 ± 0.0 | 50.0 ± 0.0 | 50.0 ± 0.0 | 2.50 |

                """))
        #expect(markdown.contains("- † unseen: a source the runs only tested on, never trained on\n"))
        let csv = table.rendered(as: .csv)
        #expect(csv.contains("maml,C† (5-way 1-shot),0.5,0.0,1,episodes,1,\n"))
        #expect(csv.contains("protonet,average rank,1.8333333333333333,,,rank,,\n"))
        let latex = table.rendered(as: .latex)
        #expect(latex.contains("\\begin{tabular}{lcccc}"))
        #expect(latex.contains("  anil & 70.0 $\\pm$ 0.0 & 50.0 $\\pm$ 0.0 & 50.0 $\\pm$ 0.0 & 2.50 \\\\\n"))
        #expect(latex.contains("\\par † unseen"))
        let json = try JSONValue(parsing: table.rendered(as: .json))
        guard case .object(let members) = json,
            case .array(let rows)? = members.first(where: { $0.key == "rows" })?.value,
            case .object(let first) = rows[0]
        else {
            Issue.record("no rows in the JSON table")
            return
        }
        #expect(first.first { $0.key == "averageRank" }?.value == .real(5.0 / 3))
        #expect(members.first { $0.key == "unseenColumns" }?.value == .array([.string("C† (5-way 1-shot)")]))
    }

    @Test func aLayoutMayPutTheSourcesInRows() throws {
        let runs = try [Self.result("maml", 0.8, 0.6, 0.5), Self.result("anil", 0.7, 0.5, 0.5)].map {
            TabledRun(result: $0)
        }
        let layout = TableLayout(rows: [TabledRun.sourceKey], columns: ["learner.name"])
        #expect(layout.problem(with: runs) == nil)
        let table = ResultTable(runs: runs, learnerOrder: [], layout: layout)
        #expect(table.rows.map(\.title) == ["test.source=A", "test.source=B", "test.source=C"])
        #expect(table.rows[0].cells.map { $0?.accuracy } == [0.7, 0.8])
    }

    @Test func resultsOfOneDataSetHaveNoRankColumn() throws {
        let table = ResultTable(
            results: [try makeResult("maml", ways: 5, shots: 1, accuracies: [0.5])], learnerOrder: ["maml"])
        #expect(table.averageRanks.isEmpty && !table.rendered(as: .markdown).contains("Avg. rank"))
        #expect(table.columns.map(\.title) == ["5-way 1-shot"])
    }

    @Test func resultJSONKeepsEverySourcesFigures() throws {
        let result = try Self.result("maml", 0.8, 0.6, 0.5)
        let directory = try TemporaryDirectory()
        let url = directory.file("result.json")
        try result.jsonData().write(to: url)
        let read = try RunResult(contentsOf: url)
        #expect(read == result && read.sources?.map(\.seenInTraining) == [true, true, false])
        var broken = result
        broken.sources![1].test.episodes = 2
        try broken.jsonData().write(to: url)
        #expect(throws: RunFileError.self) { try RunResult(contentsOf: url) }
    }
}
