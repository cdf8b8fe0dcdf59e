extension ReportPage {
    /// Per table row, one box plot per run of its test episodes' accuracies.
    var distributionSection: String {
        var html = ReportHTML.paragraph(
            "Each run's test episodes: the box spans the middle half of the episode accuracies, the bar is the "
                + "median, the whiskers reach the lowest and the highest episode, the dot is the mean.",
            muted: true)
        for (number, group) in runsByRow.enumerated() {
            let values = group.runs.map { runs[$0].run.result.test.episodeAccuracies.map { $0 * 100 } }
            let lowest = values.flatMap { $0 }.min() ?? 0
            let figure = BoxPlotFigure(
                title: nil,
                axis: PlotAxis(title: "test episode accuracy", unit: "%", ticks: AxisTicks(covering: lowest, 100)),
                rows: zip(group.runs, values).enumerated().map { position, run in
                    BoxPlotFigure.Row(
                        label: "\(shortLabel(run.0)) (\(run.1.count) episodes)", values: run.1,
                        color: position % PlotStyle.paletteSize)
                }, plotWidth: 560)
            let title = table.rows[group.row].title
            html += ReportHTML.details(
                Markup.escape(title) + " — \(group.runs.count) run\(group.runs.count == 1 ? "" : "s")",
                open: number < Self.openFigures, "<figure>\(figure.svg(standalone: false))</figure>")
        }
        return html
    }
}
