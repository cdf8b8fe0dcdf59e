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

    /// The three panels of the runs at `indices` per phase they hold (pre-training against epochs,
    /// meta-training against iterations), one colour per run.
    private func curves(of indices: [Int]) -> String {
        let records = indices.flatMap { runs[$0].metrics }
        let panels = CurvePhase.present(in: records).flatMap { phase in
            func series(_ index: Int, color: Int, _ recorded: MetricsRecord.Phase, _ value: (MetricsRecord) -> Double)
                -> LineSeries
            {
                let points = runs[index].metrics.filter { $0.phase == recorded && value($0).isFinite }.map {
                    LineSeries.Point(x: Double($0.iteration), y: value($0))
                }
                return LineSeries(
                    name: shortLabel(index), points: points, color: color, markers: recorded == phase.validation
                )
                .thinned(to: Self.pointsPerCurve)
            }
            let losses = indices.enumerated().map { series($1, color: $0, phase.training, \.loss) }
            let training = indices.enumerated().map { series($1, color: $0, phase.training) { $0.accuracy * 100 } }
            let validation = indices.enumerated().map {
                series($1, color: $0, phase.validation) { $0.accuracy * 100 }
            }
            let axis = phase.axis(records)
            let largestLoss = losses.flatMap { $0.points.map(\.y) }.max() ?? 1
            return [
                LinePanel(
                    title: phase.lossTitle, xAxis: axis, yAxis: CurvesPlot.lossAxis(upTo: largestLoss),
                    series: losses),
                LinePanel(
                    title: phase.title("Training accuracy"), xAxis: axis, yAxis: CurvesPlot.accuracyAxis,
                    series: training),
                LinePanel(
                    title: phase.title("Validation accuracy"), xAxis: axis, yAxis: CurvesPlot.accuracyAxis,
                    series: validation),
            ]
        }
        let figure = LineFigure(title: nil, panels: panels, columns: 3, plotWidth: 240, plotHeight: 170)
        return figure.svg(standalone: false)
    }
}
