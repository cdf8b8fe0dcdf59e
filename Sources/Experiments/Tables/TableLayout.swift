/// Which settings lay a table out: rows by the values of `rows`, columns by the values of `columns`
/// (JSON paths of the resolved spec). Every other setting that differs between runs of the same row
/// and column splits the row ("maml (learner.innerLR=0.4)"); only `seed` (and `TabledRun.ignoredKeys`)
/// is pooled into a cell.
public struct TableLayout: Sendable, Equatable {
    public var rows: [String]
    public var columns: [String]

    /// One row per learner, one column per (ways, shots).
    public static let standard = TableLayout(rows: ["learner.name"], columns: ["episodes.ways", "episodes.shots"])

    /// The standard layout for runs with `dataset.sources`: one column per (ways, shots) and test source.
    public static let bySource = TableLayout(
        rows: standard.rows, columns: standard.columns + [TabledRun.sourceKey])

    public init(rows: [String], columns: [String]) {
        self.rows = rows
        self.columns = columns
    }

    /// Why the layout cannot lay out `runs`, or nil: a key no run has (with a suggestion among the runs'
    /// keys), a key ignored by tables, or a key given twice. A run's test sources count as their own
    /// runs (`TabledRun.perSource`), so `test.source` lays out runs with sources.
    public func problem(with runs: [TabledRun]) -> String? {
        let known = Set(runs.flatMap(\.perSource).flatMap(\.configuration.keys))
        let keys = rows + columns
        if let repeated = keys.indices.first(where: { keys[..<$0].contains(keys[$0]) }) {
            return "\(keys[repeated]) is given twice in --rows and --columns; lay out each key once"
        }
        if let ignored = keys.first(where: TabledRun.ignoredKeys.contains) {
            return "\(ignored) cannot lay out a table: "
                + (ignored == "seed"
                    ? "a cell's runs differ in it (its mean and interval are over seeds)"
                    : "tables ignore it, it does not change the numbers")
        }
        if let unknown = keys.first(where: { !known.contains($0) }) {
            let hint = Suggestion.hint(for: unknown, among: known.sorted())
            return "no run has the setting '\(unknown)'\(hint)"
        }
        return nil
    }
}
