import MetaLearning

/// The accuracy table of `metalearn table`: one row per learner, one column per (ways, shots).
///
/// Rows follow the given learner order (the registry's), then learners it does not list, alphabetically.
/// Columns are sorted by ways, then shots. When several results share a cell (seeds, repeated runs), the
/// cell is the mean of their test accuracies with the 95% interval of that mean across runs
/// (1.96 · sd / √runs), and shows the run count: this reflects the variation between runs, which the
/// per-run intervals (over episodes) leave out.
///
/// Numerics: fast and portable results never share a cell; a table holding both gives each learner a
/// row per mode ("maml (portable)"). When the results come from more than one numerics signature
/// (`NumericsRecord.signature`: another mode, machine architecture or BLAS kernel set), every cell
/// names its signatures by footnote numbers, and `footnotes` lists them.
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
        /// The numbers (from 1) of the table's `footnotes` naming the numerics of this cell's
        /// results; empty when the table holds one numerics signature.
        public let footnotes: [Int]

        /// `97.9 ± 0.4` (percent, one decimal), with ` (3 runs)` when combined and ` [1]` (or
        /// ` [1, 2]`) naming its footnotes.
        public var text: String {
            let figures = "\(Self.percent(accuracy)) ± \(Self.percent(ci95))"
            let counted = runs > 1 ? "\(figures) (\(runs) runs)" : figures
            return footnotes.isEmpty ? counted : "\(counted) [\(footnotes.map(String.init).joined(separator: ", "))]"
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
        /// The mode of the row's results when the table holds both fast and portable ones; nil otherwise.
        public let numerics: NumericsMode?
        public let cells: [Cell?]

        /// The learner, and its mode when the table splits learners by mode: "maml (portable)".
        public var title: String {
            numerics.map { "\(learner) (\($0.rawValue))" } ?? learner
        }
    }

    /// The configurations, sorted by ways then shots.
    public let columns: [Column]
    /// The learners, in table order (fast before portable).
    public let rows: [Row]
    /// The numerics signatures of the results, numbered from 1 in order of first appearance, when
    /// the table holds more than one; empty otherwise.
    public let footnotes: [String]
    /// Lines shown under the table whatever its format: when the results mix batch-norm modes, one
    /// line naming each mode's learners ("batch norm: transductive (maml); inference (mamlpp)").
    public let notes: [String]

    /// Tabulates `results`; `learnerOrder` gives the order of the rows it names (the registry order).
    public init(results: [RunResult], learnerOrder: [String]) {
        columns = Set(results.map { Column(ways: $0.ways, shots: $0.shots) }).sorted()
        let learners = Set(results.map(\.learner))
        let ordered = learnerOrder.filter(learners.contains) + learners.subtracting(learnerOrder).sorted()
        let splitsModes = Set(results.map(Self.mode)).count > 1
        let signatures = Set(results.map(Self.signature))
        var footnotes: [String] = []
        func numbers(of runs: [RunResult]) -> [Int] {
            guard signatures.count > 1 else { return [] }
            return Set(runs.map(Self.signature)).sorted().map { signature in
                if let index = footnotes.firstIndex(of: signature) { return index + 1 }
                footnotes.append(signature)
                return footnotes.count
            }.sorted()
        }
        let columns = columns
        rows = ordered.flatMap { learner in
            let modes: [NumericsMode?] = splitsModes ? NumericsMode.allCases : [nil]
            return modes.compactMap { mode -> Row? in
                let runs = results.filter { $0.learner == learner && (mode == nil || Self.mode($0) == mode) }
                guard !runs.isEmpty else { return nil }
                return Row(learner: learner, numerics: mode, cells: columns.map { column in
                    let cell = runs.filter { $0.ways == column.ways && $0.shots == column.shots }
                    return Self.cell(combining: cell, footnotes: numbers(of: cell))
                })
            }
        }
        self.footnotes = footnotes
        notes = Self.batchNormNote(results, learners: ordered).map { [$0] } ?? []
    }

    /// "batch norm: transductive (maml, fomaml); inference (mamlpp)" when the results with batch norm
    /// use more than one mode (results written before the mode was recorded count as transductive).
    private static func batchNormNote(_ results: [RunResult], learners: [String]) -> String? {
        func hasBatchNorm(_ model: String) -> Bool {
            ModelCatalog.descriptor(named: model)?.parameters.contains { $0.name == BatchNormMode.hyperparameter.name } ?? true
        }
        let recorded = results.filter { $0.batchNorm != nil || hasBatchNorm($0.model) }
        func mode(_ result: RunResult) -> BatchNormMode { result.batchNorm ?? .transductive }
        guard Set(recorded.map(mode)).count > 1 else { return nil }
        let parts = BatchNormMode.allCases.compactMap { candidate -> String? in
            let named = learners.filter { learner in recorded.contains { $0.learner == learner && mode($0) == candidate } }
            return named.isEmpty ? nil : "\(candidate.rawValue) (\(named.joined(separator: ", ")))"
        }
        return "batch norm: " + parts.joined(separator: "; ")
    }

    private static func cell(combining runs: [RunResult], footnotes: [Int]) -> Cell? {
        guard let first = runs.first else { return nil }
        guard runs.count > 1 else { return Cell(accuracy: first.test.accuracy, ci95: first.test.ci95, runs: 1, footnotes: footnotes) }
        let summary = AccuracySummary(runs.map(\.test.accuracy))
        return Cell(accuracy: summary.mean, ci95: summary.ci95, runs: runs.count, footnotes: footnotes)
    }

    /// A result's numerics mode: fast for results written before numerics were recorded.
    private static func mode(_ result: RunResult) -> NumericsMode {
        result.numerics?.mode ?? .fast
    }

    private static func signature(_ result: RunResult) -> String {
        result.numerics?.signature ?? "fast numerics, not recorded (a result.json written before they were)"
    }
}
