import Foundation

extension ReportPage {
    /// The machines and numerics the runs were computed with (one line per distinct record, as
    /// `result.json` keeps it), then every run: where it is, its figures and its numerics.
    var machineSection: String {
        var machines: [(record: NumericsRecord?, version: String, runs: Int)] = []
        var machineOfRun: [Int] = []
        for run in runs {
            let record = run.run.result.numerics
            let version = run.run.result.version
            if let index = machines.firstIndex(where: { $0.record == record && $0.version == version }) {
                machines[index].runs += 1
                machineOfRun.append(index)
            } else {
                machines.append((record, version, 1))
                machineOfRun.append(machines.count - 1)
            }
        }
        let machineRows = machines.enumerated().map { number, machine -> [String] in
            let figures =
                machine.record.map {
                    [
                        $0.mode.rawValue, $0.architecture, $0.vectorExtensions.joined(separator: " "), $0.kernels,
                        $0.blas,
                    ]
                } ?? ["fast (not recorded)", "—", "—", "—", "—"]
            return ["[\(number + 1)]"] + (figures + [machine.version]).map(Markup.escape) + ["\(machine.runs)"]
        }
        var html = ReportHTML.paragraph(
            "How the numbers were computed, as each result.json records it (the processor's instruction set and "
                + "vector extensions, the BLAS build and the kernels its matrix products ran).", muted: true)
        html += ReportHTML.table(
            head: ["", "Numerics", "Architecture", "Vector extensions", "Kernels", "BLAS", "Version", "Runs"],
            rows: machineRows, numeric: [7])
        let rows = runs.indices.map { index -> [String] in
            let result = runs[index].run.result
            let validation =
                result.validation.map {
                    "\(ResultTable.Cell.percent($0.bestAccuracy)) at \($0.bestIteration)"
                } ?? "—"
            return [
                "#\(index + 1)", Markup.escape(result.name), Markup.escape(runs[index].directory),
                Markup.escape(result.learner), Markup.escape(result.episodeShape), "\(result.seed)",
                "\(result.iterations)",
                "\(ResultTable.Cell.percent(result.test.accuracy)) ± \(ResultTable.Cell.percent(result.test.ci95))",
                "\(result.test.episodes)", validation, ProgressReporter.formatDuration(result.trainSeconds),
                "[\(machineOfRun[index] + 1)]",
            ]
        }
        html += ReportHTML.details(
            "\(runs.count) run\(runs.count == 1 ? "" : "s")", open: runs.count <= Self.openLimit,
            ReportHTML.table(
                head: [
                    "Run", "Name", "Folder", "Learner", "Episodes", "Seed", "Iterations", "Test accuracy (%)",
                    "Test episodes", "Best validation (%)", "Training time", "Numerics",
                ], rows: rows, numeric: [5, 6, 7, 8, 9, 10], rowIDs: runs.indices.map { "run-\($0 + 1)" }))
        return html
    }
}
