import MetaLearning

/// The accuracy table of `metalearn table`: by default one row per learner and one column per (ways, shots), or per rule of varying episodes;
/// any settings can lay it out instead (`TableLayout`).
///
/// A cell is one configuration: runs whose resolved specs are equal but for `seed` (and the keys
/// `TabledRun.ignoredKeys` names). With several seeds it is their mean test accuracy with a Student-t
/// 95% interval across seeds, t(0.975; n − 1) · sd / √n; with one, the run's own interval over its test
/// episodes. Runs that differ in any other setting never share a cell: within a row, settings that differ
/// between runs of the same column split it into rows labelled by them ("maml (learner.innerLR=0.4)",
/// "maml (numerics=portable)"); settings that differ only between a row's columns (the 20-way specs'
/// query count) are listed in `notes`. The caption names the data sets.
///
/// Rows follow the given learner order (the registry's) when laid out by learner, then learners it does
/// not list, alphabetically; other rows and columns are sorted by value. When the results come from more
/// than one numerics signature (`NumericsRecord.signature`: another mode, machine architecture or BLAS
/// kernel set), every cell names its signatures by footnote numbers, and `footnotes` lists them.
public struct ResultTable: Sendable, Equatable {
    /// One value of the layout's column settings; its title is "5-way 1-shot" in the standard layout,
    /// "learner.innerLR=0.4" otherwise.
    public struct Column: Sendable, Equatable {
        public let values: [JSONValue?]
        public let title: String
        /// Whether the column is one test source that none of its runs trained on (its title ends in `†`).
        public let unseen: Bool
    }

    /// Marks the title of an unseen source's column.
    public static let unseenMark = "†"
    /// The legend line of the unseen mark, in `notes` when a column has it.
    public static let unseenLegend =
        "\(unseenMark) unseen: a source the runs only tested on, never trained on"

    /// One configuration's figures.
    public struct Cell: Sendable, Equatable {
        /// Mean test accuracy (a fraction): over seeds when there are several.
        public let accuracy: Double
        /// Half-width of the 95% interval: across seeds (Student t) with several, over test episodes with one.
        public let ci95: Double
        /// How many runs (seeds) were combined.
        public let runs: Int
        /// Each run's seed and test accuracy, by seed.
        public let seeds: [(seed: Int, accuracy: Double)]
        /// The numbers (from 1) of the table's `footnotes` naming the numerics of this cell's
        /// results; empty when the table holds one numerics signature.
        public let footnotes: [Int]

        /// `97.9 ± 0.4` (percent, one decimal), with ` (3 seeds)` when combined and ` [1]` (or
        /// ` [1, 2]`) naming its footnotes.
        public var text: String {
            let figures = "\(Self.percent(accuracy)) ± \(Self.percent(ci95))"
            let counted = runs > 1 ? "\(figures) (\(runs) seeds)" : figures
            return footnotes.isEmpty ? counted : "\(counted) [\(footnotes.map(String.init).joined(separator: ", "))]"
        }

        /// A fraction as percent with one decimal: `97.9`.
        static func percent(_ fraction: Double) -> String {
            let tenths = (fraction * 1000).rounded()
            let sign = tenths < 0 ? "-" : ""
            let magnitude = Int(abs(tenths))
            return "\(sign)\(magnitude / 10).\(magnitude % 10)"
        }

        public static func == (left: Cell, right: Cell) -> Bool {
            left.accuracy == right.accuracy && left.ci95 == right.ci95 && left.runs == right.runs
                && left.footnotes == right.footnotes
                && left.seeds.map(\.seed) == right.seeds.map(\.seed)
                && left.seeds.map(\.accuracy) == right.seeds.map(\.accuracy)
        }
    }

    /// One row: the values of the layout's row settings, the settings that set it apart from rows
    /// with the same values, and its cells aligned with `columns` (nil: no result).
    public struct Row: Sendable, Equatable {
        /// The layout's row settings and then the distinguishing ones, as (JSON path, value; nil when absent).
        public let settings: [(key: String, value: JSONValue?)]
        /// How many of `settings` are the layout's.
        let layoutCount: Int
        public let cells: [Cell?]

        /// "maml", or "maml (learner.innerLR=0.4, numerics=portable)"; a row setting other than
        /// `learner.name` reads "key=value".
        public var title: String {
            let shown = settings.prefix(layoutCount).map {
                ResultTable.label($0.key, $0.value, bare: $0.key == "learner.name")
            }
            let distinguishing = settings.dropFirst(layoutCount).map {
                ResultTable.label($0.key, $0.value, bare: false)
            }
            let base = shown.joined(separator: ", ")
            return distinguishing.isEmpty ? base : "\(base) (\(distinguishing.joined(separator: ", ")))"
        }

        public static func == (left: Row, right: Row) -> Bool {
            left.title == right.title && left.cells == right.cells
        }
    }

    /// The layout's column values, sorted.
    public let columns: [Column]
    /// The rows, in table order.
    public let rows: [Row]
    /// The numerics signatures of the results, numbered from 1 in order of first appearance, when
    /// the table holds more than one; empty otherwise.
    public let footnotes: [String]
    /// What the cells show and on which data: "Test accuracy (%), mean ± 95% interval: ... Data set: datasets/omniglot."
    public let caption: String
    /// Lines shown under the table whatever its format: one per row whose cells differ in settings
    /// other than the columns' (which the row title does not show): "maml: episodes.queries,
    /// training.iterations differ between its columns"; and, when the results mix batch-norm modes,
    /// one naming each mode's learners ("batch norm: transductive (maml); inference (mamlpp)").
    public let notes: [String]
    /// The settings that lay the table out.
    public let layout: TableLayout
    /// With test-source columns (runs with `dataset.sources`), each row's average rank, aligned with
    /// `rows`: in every source column the rows with a cell are ranked by accuracy (1 the highest, tied
    /// rows sharing the mean of their places), and a row's ranks are averaged over its columns (nil:
    /// no cell). Empty without source columns.
    public let averageRanks: [Double?]

    /// Tabulates `results` alone (their resolved specs unknown) in the standard layout.
    public init(results: [RunResult], learnerOrder: [String]) {
        self.init(runs: results.map { TabledRun(result: $0) }, learnerOrder: learnerOrder)
    }

    /// Tabulates `runs` laid out by `layout`; `learnerOrder` orders rows laid out by `learner.name` (the
    /// registry order). Check `layout.problem(with:)` first: a key no run has reads as absent everywhere.
    /// Runs with `dataset.sources` count once per test source (`TabledRun.perSource`), laid out by
    /// `TableLayout.bySource` instead of the standard layout.
    public init(runs tabled: [TabledRun], learnerOrder: [String], layout requested: TableLayout = .standard) {
        let bySource = tabled.contains { $0.result.sources != nil }
        let runs = bySource ? tabled.flatMap(\.perSource) : tabled
        let layout = bySource && requested == .standard ? TableLayout.bySource : requested
        // Configurations in order of first appearance, each with its runs.
        var configurations: [(key: String, settings: [String: JSONValue], runs: [TabledRun])] = []
        for run in runs {
            let settings = run.configuration
            let key = Self.identity(settings)
            if let index = configurations.firstIndex(where: { $0.key == key }) {
                configurations[index].runs.append(run)
            } else {
                configurations.append((key, settings, [run]))
            }
        }
        let layoutKeys = Set(layout.rows + layout.columns)
        let columnValues = Self.sortedUnique(
            configurations.map { settings in layout.columns.map { settings.settings[$0] } })
        let sourcePosition = layout.columns.firstIndex(of: TabledRun.sourceKey)
        let columns = columnValues.map { values in
            let columnRuns = configurations.filter { configuration in
                layout.columns.map { configuration.settings[$0] } == values
            }.flatMap(\.runs)
            let unseen = sourcePosition != nil && columnRuns.allSatisfy { $0.seenInTraining == false }
            let shapeColumns = zip(layout.columns, values).filter { $0.0 != TabledRun.sourceKey }
            let shape =
                shapeColumns.map(\.0) == TableLayout.standard.columns && shapeColumns.allSatisfy({ $0.1 != nil })
                ? Self.shapeTitle(ways: shapeColumns[0].1!, shots: shapeColumns[1].1!)
                : shapeColumns.map { Self.label($0.0, $0.1, bare: false) }.joined(separator: ", ")
            let source = sourcePosition.flatMap { values[$0]?.labelText }
            return Column(
                values: values,
                title: source.map { "\($0)\(unseen ? Self.unseenMark : "") (\(shape))" } ?? shape,
                unseen: unseen)
        }
        self.columns = columns
        var rowValues = Self.sortedUnique(configurations.map { settings in layout.rows.map { settings.settings[$0] } })
        if layout.rows.first == "learner.name" {
            func rank(_ values: [JSONValue?]) -> Int {
                guard case .string(let learner)? = values[0], let index = learnerOrder.firstIndex(of: learner) else {
                    return .max
                }
                return index
            }
            rowValues = rowValues.enumerated().sorted { (rank($0.element), $0.offset) < (rank($1.element), $1.offset) }
                .map(\.element)
        }
        let signatures = Set(runs.map { Self.signature($0.result) })
        var footnotes: [String] = []
        func numbers(of runs: [TabledRun]) -> [Int] {
            guard signatures.count > 1 else { return [] }
            return Set(runs.map { Self.signature($0.result) }).sorted().map { signature in
                if let index = footnotes.firstIndex(of: signature) { return index + 1 }
                footnotes.append(signature)
                return footnotes.count
            }.sorted()
        }
        var rows: [Row] = []
        var notes: [String] = []
        for values in rowValues {
            let members = configurations.filter { configuration in
                layout.rows.map { configuration.settings[$0] } == values
            }
            let otherKeys = Set(members.flatMap(\.settings.keys)).subtracting(layoutKeys).sorted()
            let byColumn = columnValues.map { column in
                members.filter { member in layout.columns.map { member.settings[$0] } == column }
            }
            let distinguishing = otherKeys.filter { key in
                byColumn.contains { Self.varies(key, in: $0.map(\.settings)) }
            }
            let subRows = Self.sortedUnique(members.map { member in distinguishing.map { member.settings[$0] } })
            for subRow in subRows {
                let cells = byColumn.map { candidates -> Cell? in
                    guard
                        let member = candidates.first(where: { candidate in
                            distinguishing.map { candidate.settings[$0] } == subRow
                        })
                    else {
                        return nil
                    }
                    return Self.cell(combining: member.runs, footnotes: numbers(of: member.runs))
                }
                let row = Row(
                    settings: zip(layout.rows, values).map { (key: $0, value: $1) }
                        + zip(distinguishing, subRow).map { (key: $0, value: $1) },
                    layoutCount: layout.rows.count, cells: cells)
                let inRow = members.filter { member in distinguishing.map { member.settings[$0] } == subRow }.map(
                    \.settings)
                let differing = otherKeys.filter { !distinguishing.contains($0) && Self.varies($0, in: inRow) }
                if !differing.isEmpty {
                    notes.append(
                        "\(row.title): \(differing.joined(separator: ", ")) \(differing.count == 1 ? "differs" : "differ") between its columns"
                    )
                }
                rows.append(row)
            }
        }
        self.rows = rows
        self.footnotes = footnotes
        let learners = Set(runs.map(\.result.learner))
        let orderedLearners = learnerOrder.filter(learners.contains) + learners.subtracting(learnerOrder).sorted()
        self.notes =
            notes + (Self.batchNormNote(runs.map(\.result), learners: orderedLearners).map { [$0] } ?? [])
            + (columns.contains(where: \.unseen) ? [Self.unseenLegend] : [])
        averageRanks =
            sourcePosition == nil
            ? []
            : Self.averageRanks(
                rows.map { row in
                    zip(columns, row.cells).map { $1 != nil && $0.values[sourcePosition!] != nil ? $1 : nil }
                })
        caption = Self.caption(runs)
        self.layout = layout
    }

    /// Each row's mean rank over the columns of `cells` (rows × columns), as `averageRanks` describes.
    static func averageRanks(_ cells: [[Cell?]]) -> [Double?] {
        var ranks = [[Double]](repeating: [], count: cells.count)
        for column in 0..<(cells.first?.count ?? 0) {
            let accuracies = cells.map { $0[column]?.accuracy }
            for (row, accuracy) in accuracies.enumerated() {
                guard let accuracy else { continue }
                let above = accuracies.filter { ($0 ?? -.infinity) > accuracy }.count
                let tied = accuracies.filter { $0 == accuracy }.count
                ranks[row].append(Double(above) + Double(tied + 1) / 2)
            }
        }
        return ranks.map { $0.isEmpty ? nil : $0.reduce(0, +) / Double($0.count) }
    }

    /// "batch norm: transductive (maml, fomaml); inference (mamlpp)" when the results with batch norm
    /// use more than one mode (results written before the mode was recorded count as transductive).
    private static func batchNormNote(_ results: [RunResult], learners: [String]) -> String? {
        func hasBatchNorm(_ model: String) -> Bool {
            ModelCatalog.descriptor(named: model)?.parameters.contains { $0.name == BatchNormMode.hyperparameter.name }
                ?? true
        }
        let recorded = results.filter { $0.batchNorm != nil || hasBatchNorm($0.model) }
        func mode(_ result: RunResult) -> BatchNormMode { result.batchNorm ?? .transductive }
        guard Set(recorded.map(mode)).count > 1 else { return nil }
        let parts = BatchNormMode.allCases.compactMap { candidate -> String? in
            let named = learners.filter { learner in
                recorded.contains { $0.learner == learner && mode($0) == candidate }
            }
            return named.isEmpty ? nil : "\(candidate.rawValue) (\(named.joined(separator: ", ")))"
        }
        return "batch norm: " + parts.joined(separator: "; ")
    }

    /// "Test accuracy (%): mean ± 95% interval ... Data set: ...".
    private static func caption(_ runs: [TabledRun]) -> String {
        var roots: [String] = []
        var unrecorded = false
        for run in runs {
            guard let named = run.settings["dataset.root"]?.labelText ?? sourcesLabel(run.settings["dataset.sources"])
            else {
                unrecorded = true
                continue
            }
            if !roots.contains(named) { roots.append(named) }
        }
        let recorded = roots.isEmpty ? "" : "Data set\(roots.count > 1 ? "s" : ""): \(roots.joined(separator: "; "))"
        let data =
            !unrecorded
            ? recorded + "."
            : roots.isEmpty
                ? "Data set not recorded (results without a spec.json beside them)."
                : recorded + "; not recorded for results without a spec.json beside them."
        return "Test accuracy (%), mean ± 95% interval: across seeds (Student t) in a cell of several seeds, "
            + "over the test episodes in a cell of one. \(data)"
    }

    /// How the caption names the data sets of `dataset.sources`: "glyphs: datasets/a, caltech: datasets/b".
    private static func sourcesLabel(_ sources: JSONValue?) -> String? {
        guard case .array(let items)? = sources else { return nil }
        return items.compactMap { item -> String? in
            guard case .object(let members) = item, let name = members.first(where: { $0.key == "name" })?.value,
                let root = members.first(where: { $0.key == "root" })?.value
            else { return nil }
            return "\(name.labelText): \(root.labelText)"
        }.joined(separator: ", ")
    }

    private static func cell(combining runs: [TabledRun], footnotes: [Int]) -> Cell {
        let seeds = runs.map { (seed: $0.result.seed, accuracy: $0.result.test.accuracy) }.sorted { $0.seed < $1.seed }
        guard runs.count > 1 else {
            let only = runs[0].result.test
            return Cell(accuracy: only.accuracy, ci95: only.ci95, runs: 1, seeds: seeds, footnotes: footnotes)
        }
        let summary = SeedSummary(runs.map(\.result.test.accuracy))
        return Cell(accuracy: summary.mean, ci95: summary.ci95, runs: runs.count, seeds: seeds, footnotes: footnotes)
    }

    /// "5-way 1-shot"; a varying episodes' rule, which `TabledRun` puts in both settings, as it is.
    private static func shapeTitle(ways: JSONValue, shots: JSONValue) -> String {
        if case .string(let rule) = ways, shots == ways { return rule }
        return "\(ways.labelText)-way \(shots.labelText)-shot"
    }

    /// `key=value`, or the bare value; `key absent` when nil.
    static func label(_ key: String, _ value: JSONValue?, bare: Bool) -> String {
        guard let value else { return "\(key) absent" }
        return bare ? value.labelText : "\(key)=\(value.labelText)"
    }

    /// A configuration's settings as one comparable string.
    private static func identity(_ settings: [String: JSONValue]) -> String {
        settings.keys.sorted().map { "\($0)=\(settings[$0]!.formatted())" }.joined(separator: "\n")
    }

    /// Whether `key` takes more than one value (absent counting as one) among `settings`.
    private static func varies(_ key: String, in settings: [[String: JSONValue]]) -> Bool {
        guard let first = settings.first else { return false }
        return settings.contains { $0[key] != first[key] }
    }

    /// The distinct value lists, sorted element by element (absent first, numbers by value, then text).
    private static func sortedUnique(_ lists: [[JSONValue?]]) -> [[JSONValue?]] {
        var unique: [[JSONValue?]] = []
        for list in lists where !unique.contains(list) { unique.append(list) }
        return unique.sorted { left, right in
            for (a, b) in zip(left, right) where a != b { return precedes(a, b) }
            return false
        }
    }

    private static func precedes(_ a: JSONValue?, _ b: JSONValue?) -> Bool {
        func number(_ value: JSONValue?) -> Double? {
            switch value {
            case .integer(let number)?: return Double(number)
            case .real(let number)?: return number
            default: return nil
            }
        }
        switch (a, b) {
        case (nil, _): return true
        case (_, nil): return false
        default:
            if let x = number(a), let y = number(b) { return x < y }
            if number(a) != nil { return true }
            if number(b) != nil { return false }
            return a!.labelText < b!.labelText
        }
    }

    private static func signature(_ result: RunResult) -> String {
        result.numerics?.signature ?? "fast numerics, not recorded (a result.json written before they were)"
    }
}
