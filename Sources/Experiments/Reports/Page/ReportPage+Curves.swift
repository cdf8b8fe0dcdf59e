extension ReportPage {
    /// Per table row, its runs' training loss, training accuracy and validation accuracy against
    /// iteration, overlaid, at most `PlotStyle.paletteSize` runs to a figure.
    var curvesSection: String {
        var figures: [(summary: String, svg: String)] = []
        for (row, members) in runsByRow {
            let parts = stride(from: 0, to: members.count, by: PlotStyle.paletteSize).map {
                Array(members[$0..<min($0 + PlotStyle.paletteSize, members.count)])
            }
            for (part, indices) in parts.enumerated() {
                let title = table.rows[row].title + (parts.count > 1 ? " (part \(part + 1) of \(parts.count))" : "")
                figures.append(
                    (
                        Markup.escape(title) + " — \(indices.count) run\(indices.count == 1 ? "" : "s")",
                        curves(of: indices)
                    ))
            }
        }
        var html = ReportHTML.paragraph(
            "Training figures are means over the iterations since the previous log line; validation accuracy is "
                + "over the validation episodes. Curves longer than \(Self.pointsPerCurve) points are thinned.",
            muted: true)
        for (number, figure) in figures.enumerated() {
            html += ReportHTML.details(
                figure.summary, open: number < Self.openFigures, "<figure>\(figure.svg)</figure>")
        }
        return html
    }

    /// The three panels of the runs at `indices`, one colour per run.
    private func curves(of indices: [Int]) -> String {
        func series(_ index: Int, color: Int, _ phase: MetricsRecord.Phase, _ value: (MetricsRecord) -> Double)
            -> LineSeries
        {
            let points = runs[index].metrics.filter { $0.phase == phase }.map {
                LineSeries.Point(x: Double($0.iteration), y: value($0))
            }
            return LineSeries(name: shortLabel(index), points: points, color: color, markers: phase == .validation)
                .thinned(to: Self.pointsPerCurve)
        }
        let losses = indices.enumerated().map { series($1, color: $0, .train, \.loss) }
        let training = indices.enumerated().map { series($1, color: $0, .train) { $0.accuracy * 100 } }
        let validation = indices.enumerated().map { series($1, color: $0, .validation) { $0.accuracy * 100 } }
        let lastIteration = indices.flatMap { runs[$0].metrics.map(\.iteration) }.max() ?? 1
        let iterations = CurvesPlot.iterationAxis(upTo: lastIteration)
        let largestLoss = losses.flatMap { $0.points.map(\.y) }.max() ?? 1
        let figure = LineFigure(
            title: nil,
            panels: [
                LinePanel(
                    title: "Training loss", xAxis: iterations, yAxis: CurvesPlot.lossAxis(upTo: largestLoss),
                    series: losses),
                LinePanel(
                    title: "Training accuracy", xAxis: iterations, yAxis: CurvesPlot.accuracyAxis, series: training),
                LinePanel(
                    title: "Validation accuracy", xAxis: iterations, yAxis: CurvesPlot.accuracyAxis, series: validation),
            ], columns: 3, plotWidth: 240, plotHeight: 170)
        return figure.svg(standalone: false)
    }
}
