import Foundation

/// One run as `metalearn report` shows it: the folder its result was read from, the run as tables
/// see it (result and resolved spec), and its training log.
public struct ReportRun: Sendable {
    /// The folder holding its `result.json`, as reached from the paths given.
    public let directory: String
    public let run: TabledRun
    /// The records of its `metrics.jsonl`; empty when it has none.
    public let metrics: [MetricsRecord]

    /// The run in `directory`.
    public init(directory: String, run: TabledRun, metrics: [MetricsRecord]) {
        self.directory = directory
        self.run = run
        self.metrics = metrics
    }

    /// Loads the runs named on the command line by the table's rules (`ResultTable.loadLocatedRuns`),
    /// each with the `metrics.jsonl` beside its `result.json`.
    /// - Throws: `RunFileError` as `ResultTable.loadRuns` does, or for a metrics log that does not decode;
    ///   `ReportError.differentDataSets` when the runs come from more than one data set.
    public static func load(from paths: [String]) throws -> [ReportRun] {
        let runs = try ResultTable.loadLocatedRuns(from: paths).map { file, run in
            let folder = file.deletingLastPathComponent()
            let metrics = try MetricsLog(url: folder.appendingPathComponent("metrics.jsonl")).records()
            return ReportRun(directory: shown(folder.path), run: run, metrics: metrics)
        }
        var dataSets: [(name: String, run: String)] = []
        for run in runs {
            if let name = run.dataSet, !dataSets.contains(where: { $0.name == name }) {
                dataSets.append((name, run.directory))
            }
        }
        guard dataSets.count <= 1 else {
            throw ReportError.differentDataSets(given: paths.joined(separator: ", "), dataSets: dataSets)
        }
        return runs
    }

    /// `path` relative to the current directory when it lies below it (a page shows no home folders).
    private static func shown(_ path: String) -> String {
        let current = FileManager.default.currentDirectoryPath
        return path.hasPrefix(current + "/") ? String(path.dropFirst(current.count + 1)) : path
    }

    /// The data set its resolved spec names: the root, and the generator's settings for a synthetic
    /// one; nil for a result without a spec beside it.
    var dataSet: String? {
        guard let root = run.settings["dataset.root"] else { return nil }
        let synthetic = run.settings.keys.filter { $0.hasPrefix("dataset.synthetic.") }.sorted().map {
            "\($0.dropFirst("dataset.synthetic.".count))=\(run.settings[$0]!.labelText)"
        }
        return synthetic.isEmpty ? root.labelText : "\(root.labelText) (synthetic \(synthetic.joined(separator: " ")))"
    }
}
