/// The page of `metalearn report`: one self-contained HTML document (inline CSS and SVG, no script,
/// no reference to anything outside it) over runs of one data set: the accuracy table, each table
/// row's training curves overlaid, the per-episode test accuracies of each run, paired comparisons of
/// runs tested on the same episodes, what differs between the runs' resolved specs, and each run's
/// machine and numerics. Sections grow with the runs, not the logs: curves are thinned, a figure
/// overlays at most `PlotStyle.paletteSize` runs, and long sections start collapsed.
public struct ReportPage: Sendable {
    /// The runs in table order: by row, column, then seed.
    public let runs: [ReportRun]
    /// The accuracy table over the runs, the same cells `metalearn table` prints.
    public let table: ResultTable
    /// Each run's row and column in `table`, aligned with `runs`.
    let places: [(row: Int, column: Int)]

    /// Points drawn per curve at most.
    static let pointsPerCurve = 150
    /// A section listing more runs or comparisons than this starts collapsed.
    static let openLimit = 40
    /// Figures beyond this many in a section start collapsed.
    static let openFigures = 4

    /// The page over `runs` (not empty), table rows in `learnerOrder` (the registry's).
    public init(runs: [ReportRun], learnerOrder: [String]) {
        let table = ResultTable(runs: runs.map(\.run), learnerOrder: learnerOrder)
        // Every run has a cell: the table was made from them.
        let placed = runs.enumerated().map { (offset: $0.offset, run: $0.element, place: table.place($0.element.run)!) }
            .sorted {
                ($0.place.row, $0.place.column, $0.run.run.result.seed, $0.offset)
                    < ($1.place.row, $1.place.column, $1.run.run.result.seed, $1.offset)
            }
        self.table = table
        self.runs = placed.map(\.run)
        places = placed.map(\.place)
    }

    /// The HTML document.
    public var html: String {
        let result = runs.map(\.run.result)
        let versions = Array(Set(result.map(\.version))).sorted()
        let dataSet = runs.lazy.compactMap(\.dataSet).first ?? "not recorded (results without a spec.json beside them)"
        let title = "metalearn report: \(runs.count) run\(runs.count == 1 ? "" : "s")"
        let sections: [(id: String, title: String, body: String)] = [
            ("accuracy", "Test accuracy", accuracySection),
            ("curves", "Training curves", curvesSection),
            ("episodes", "Per-episode test accuracy", distributionSection),
            ("comparisons", "Paired comparisons", comparisonSection),
            ("differences", "What differs", differenceSection),
            ("machines", "Runs, machines and numerics", machineSection),
        ]
        var page = ReportOutput.signature
        page += "<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        page += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        page += "<meta name=\"color-scheme\" content=\"light dark\">\n"
        page += "<title>\(Markup.escape(title))</title>\n<style>\n\(Self.stylesheet)\(PlotStyle.stylesheet)</style>\n"
        page += "</head>\n<body>\n<header>\n<h1>\(Markup.escape(title))</h1>\n"
        page += "<p>Data set: \(Markup.escape(dataSet)). Results of swift-metalearn "
        page += "\(Markup.escape(versions.joined(separator: ", "))), read by swift-metalearn "
        page += "\(Markup.escape(MetaLearnVersion.current)).</p>\n<nav>"
        page += sections.map { "<a href=\"#\($0.id)\">\(Markup.escape($0.title))</a>" }.joined(separator: " · ")
        page += "</nav>\n</header>\n<main>\n"
        for section in sections {
            page +=
                "<section id=\"\(section.id)\">\n<h2>\(Markup.escape(section.title))</h2>\n\(section.body)</section>\n"
        }
        return page + "</main>\n</body>\n</html>\n"
    }

    /// "maml, 5-way 1-shot, seed 3": the run's table row, column and seed.
    func label(_ index: Int) -> String {
        "\(table.rows[places[index].row].title), \(shortLabel(index))"
    }

    /// "5-way 1-shot, seed 3": the run's column and seed, which tell it apart within its row.
    func shortLabel(_ index: Int) -> String {
        "\(table.columns[places[index].column].title), seed \(runs[index].run.result.seed)"
    }

    /// A link to the run's line in the runs table: "#12".
    func reference(_ index: Int) -> String { "<a href=\"#run-\(index + 1)\">#\(index + 1)</a>" }

    /// The runs' indices grouped by table row, in row order.
    var runsByRow: [(row: Int, runs: [Int])] {
        var groups: [(row: Int, runs: [Int])] = []
        for index in runs.indices {
            if groups.last?.row == places[index].row {
                groups[groups.count - 1].runs.append(index)
            } else {
                groups.append((places[index].row, [index]))
            }
        }
        return groups
    }
}
