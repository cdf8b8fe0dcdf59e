import MetaLearning

/// The accuracy table of `metalearn table`: one row per learner, one column per (ways, shots).
///
/// Rows follow the given learner order (the registry's), then learners it does not list, alphabetically.
/// Columns are sorted by ways, then shots. When several results share a cell (seeds, repeated runs), the
/// cell is the mean of their test accuracies with the 95% interval of that mean across runs
/// (1.96 · sd / √runs), and shows the run count: this reflects the variation between runs, which the
/// per-run intervals (over episodes) leave out.
public struct ResultTable: Sendable, Equatable {
    /// An episode configuration; its title is "5-way 1-shot".
    public struct Column: Sendable, Hashable, Comparable {
        public let ways: Int
        public let shots: Int

        public var title: String { "\(ways)-way \(shots)-shot" }

        public static func < (left: Column, right: Column) -> Bool {
            (left.ways, left.shots) < (right.ways, right.shots)
        }
    }

    /// One learner's figures in one configuration.
    public struct Cell: Sendable, Equatable {
        /// Mean test accuracy (a fraction), over the runs' means when there are several.
        public let accuracy: Double
        /// Half-width of the 95% interval: the run's own with one run, across runs with several.
        public let ci95: Double
        /// How many results were combined.
        public let runs: Int

        /// `97.9 ± 0.4` (percent, one decimal), with ` (3 runs)` when combined.
        public var text: String {
            let figures = "\(Self.percent(accuracy)) ± \(Self.percent(ci95))"
            return runs > 1 ? "\(figures) (\(runs) runs)" : figures
        }

        /// A fraction as percent with one decimal: `97.9`.
        static func percent(_ fraction: Double) -> String {
            let tenths = (fraction * 1000).rounded()
            let sign = tenths < 0 ? "-" : ""
            let magnitude = Int(abs(tenths))
            return "\(sign)\(magnitude / 10).\(magnitude % 10)"
        }
    }

    /// One learner and its cells, aligned with `columns` (nil: no result).
    public struct Row: Sendable, Equatable {
        public let learner: String
        public let cells: [Cell?]
    }

    /// The configurations, sorted by ways then shots.
    public let columns: [Column]
    /// The learners, in table order.
    public let rows: [Row]

    /// Tabulates `results`; `learnerOrder` gives the order of the rows it names (the registry order).
    public init(results: [RunResult], learnerOrder: [String]) {
        columns = Set(results.map { Column(ways: $0.ways, shots: $0.shots) }).sorted()
        let learners = Set(results.map(\.learner))
        let ordered = learnerOrder.filter(learners.contains) + learners.subtracting(learnerOrder).sorted()
        let columns = columns
        rows = ordered.map { learner in
            Row(learner: learner, cells: columns.map { column in
                let runs = results.filter { $0.learner == learner && $0.ways == column.ways && $0.shots == column.shots }
                return Self.cell(combining: runs)
            })
        }
    }

    private static func cell(combining runs: [RunResult]) -> Cell? {
        guard let first = runs.first else { return nil }
        guard runs.count > 1 else { return Cell(accuracy: first.test.accuracy, ci95: first.test.ci95, runs: 1) }
        let summary = AccuracySummary(runs.map(\.test.accuracy))
        return Cell(accuracy: summary.mean, ci95: summary.ci95, runs: runs.count)
    }
}
