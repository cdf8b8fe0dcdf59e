import Experiments
import Foundation
import MetaLearning
import Testing

/// Tables mark cells by numerics signature and never mix fast and portable results in a cell.
@Suite struct ResultTableNumericsTests {
    /// A result computed with `mode` by OpenBLAS's `kernels` (fast) on x86_64.
    func result(_ learner: String, accuracies: [Double], mode: NumericsMode, kernels: String = "SkylakeX", seed: Int = 1) throws -> RunResult {
        var result = try makeResult(learner, ways: 5, shots: 1, accuracies: accuracies, seed: seed)
        var numerics = NumericsRecord(mode: mode)
        numerics.architecture = "x86_64"
        numerics.blas = "OpenBLAS 0.3.21"
        if mode == .fast { numerics.kernels = kernels }
        result.numerics = numerics
        return result
    }

    @Test func oneSignatureLeavesCellsUnmarked() throws {
        let table = ResultTable(results: [try result("maml", accuracies: [0.5], mode: .portable),
                                          try result("maml", accuracies: [0.7], mode: .portable, seed: 2)], learnerOrder: [])
        #expect(table.footnotes.isEmpty)
        #expect(table.rows.map(\.title) == ["maml"])
        // Seeds 0.5 and 0.7: sd 0.141421, ci95 = 12.7062 · 0.141421 / √2 = 1.27062.
        #expect(table.rows[0].cells[0]?.text == "60.0 ± 127.1 (2 seeds)")
    }

    /// Seeds run with Haswell's and SkylakeX's kernels share a cell, marked with both signatures.
    @Test func cellsOfSeveralSignaturesAreMarked() throws {
        let table = ResultTable(results: [try result("maml", accuracies: [0.5], mode: .fast, kernels: "SkylakeX"),
                                          try result("maml", accuracies: [0.7], mode: .fast, kernels: "Haswell", seed: 2),
                                          try result("protonet", accuracies: [0.9], mode: .fast, kernels: "SkylakeX")],
                                learnerOrder: ["maml", "protonet"])
        #expect(table.footnotes == ["fast numerics on x86_64: Haswell kernels of OpenBLAS 0.3.21",
                                    "fast numerics on x86_64: SkylakeX kernels of OpenBLAS 0.3.21"])
        #expect(table.rendered(as: .markdown) == """
        | Learner | 5-way 1-shot |
        |---|---:|
        | maml | 60.0 ± 127.1 (2 seeds) [1, 2] |
        | protonet | 90.0 ± 0.0 [2] |

        - Test accuracy (%), mean ± 95% interval: across seeds (Student t) in a cell of several seeds, over the test episodes in a cell of one. Data set not recorded (results without a spec.json beside them).
        - [1] fast numerics on x86_64: Haswell kernels of OpenBLAS 0.3.21
        - [2] fast numerics on x86_64: SkylakeX kernels of OpenBLAS 0.3.21

        """)
    }

    /// bf16 results never share a row with Float ones, and their footnote names the bfloat16 products.
    @Test func bf16ResultsAreRowsOfTheirOwn() throws {
        let table = ResultTable(results: [try result("protonet", accuracies: [0.7], mode: .fast),
                                          try result("protonet", accuracies: [0.72], mode: .bf16)],
                                learnerOrder: ["protonet"])
        #expect(table.rows.map(\.title) == ["protonet (numerics=bf16)", "protonet (numerics=fast)"])
        #expect(table.footnotes.contains("bf16 numerics on x86_64: AVX512-BF16 (VDPBF16PS) products"))
    }

    /// A table of fast and portable results gives each learner run in both a row per mode: never one cell.
    @Test func fastAndPortableResultsAreSeparateRows() throws {
        let table = ResultTable(results: [try result("maml", accuracies: [0.5], mode: .portable),
                                          try result("maml", accuracies: [0.7], mode: .fast),
                                          try result("protonet", accuracies: [0.9], mode: .portable)],
                                learnerOrder: ["maml", "protonet"])
        #expect(table.rows.map(\.title) == ["maml (numerics=fast)", "maml (numerics=portable)", "protonet"])
        #expect(table.rows.map { $0.cells[0]?.runs } == [1, 1, 1])
        #expect(table.rows.map { $0.cells[0]?.footnotes } == [[1], [2], [2]])
        #expect(table.rendered(as: .csv) == """
        row,column,mean,ci95,n,interval,seeds,footnotes
        maml (numerics=fast),5-way 1-shot,0.7,0.0,1,episodes,1,1
        maml (numerics=portable),5-way 1-shot,0.5,0.0,1,episodes,1,2
        protonet,5-way 1-shot,0.9,0.0,1,episodes,1,2

        """)
        let json = table.rendered(as: .json)
        #expect(json.contains(#""numerics": "portable""#) && json.contains(#""footnotes": [2]"#)
                && json.contains(#""footnotes": ["fast numerics on x86_64: SkylakeX kernels of OpenBLAS 0.3.21", "portable numerics on x86_64"]"#),
                "\(json)")
        #expect(table.rendered(as: .latex).contains(#"maml (numerics=fast) & 70.0 $\pm$ 0.0 [1] \\"#))
        #expect(table.rendered(as: .latex).hasSuffix("\\par [2] portable numerics on x86\\_64\n"))
    }

    /// A result.json written before numerics were recorded still loads, and counts as fast numerics
    /// of its own (unknown) signature.
    @Test func resultsWithoutNumericsLoadAsFast() throws {
        let directory = try TemporaryDirectory()
        let old = try result("maml", accuracies: [0.5], mode: .fast)
        var object = try #require(try JSONSerialization.jsonObject(with: old.jsonData()) as? [String: Any])
        #expect(object.removeValue(forKey: "numerics") != nil)
        for folder in ["old", "new"] {
            try FileManager.default.createDirectory(at: directory.file(folder), withIntermediateDirectories: true)
        }
        try AtomicFile.write(try JSONSerialization.data(withJSONObject: object), to: directory.file("old/result.json"))
        try AtomicFile.write(try result("maml", accuracies: [0.7], mode: .portable).jsonData(), to: directory.file("new/result.json"))
        let loaded = try ResultTable.loadResults(from: [directory.file("old").path, directory.file("new").path])
        #expect(loaded[0].numerics == nil && loaded[1].numerics?.mode == .portable)
        let table = ResultTable(results: loaded, learnerOrder: [])
        #expect(table.rows.map(\.title) == ["maml (numerics=fast)", "maml (numerics=portable)"])
        #expect(table.footnotes == ["fast numerics, not recorded (a result.json written before they were)", "portable numerics on x86_64"])
    }

    /// What a run writes: its mode and this process's BLAS, kernels and processor.
    @Test func resultRecordsTheNumericsOfItsRun() throws {
        let record = NumericsRecord(mode: .portable)
        #expect(record.blas.hasPrefix("OpenBLAS "))
        #expect(record.kernels.hasPrefix("fixed-order "))
        #expect(NumericsRecord(mode: .fast).kernels == BLAS.coreName)
        let text = String(decoding: try result("maml", accuracies: [0.5], mode: .portable).jsonData(), as: UTF8.self)
        #expect(text.contains(#""mode" : "portable""#) && text.contains(#""vectorExtensions" : ["#), "\(text)")
    }
}
