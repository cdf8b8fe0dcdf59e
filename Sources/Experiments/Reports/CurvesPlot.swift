/// A run's `curves.svg`: training loss (top panel) and training and validation accuracy (bottom panel)
/// against iteration, drawn as a `LineFigure`, so the legend sits beside the panels and never covers a
/// curve. Self-contained SVG 1.1, no scripts or fonts, readable in light and dark mode.
public enum CurvesPlot {
    /// The SVG document for `records` (from `metrics.jsonl`), titled `title`. Non-finite losses are left
    /// out; a panel without points says so.
    public static func svg(records: [MetricsRecord], title: String) -> String {
        let train = records.filter { $0.phase == .train }
        let validation = records.filter { $0.phase == .validation }
        let losses = train.filter { $0.loss.isFinite }
        let iterations = iterationAxis(upTo: records.map(\.iteration).max() ?? 1)
        let loss = LineSeries(
            name: "training", points: losses.map { .init(x: Double($0.iteration), y: $0.loss) }, color: 0)
        let accuracy = [
            LineSeries(name: "training", points: train.map(accuracyPoint), color: 0),
            LineSeries(name: "validation", points: validation.map(accuracyPoint), color: 1, markers: true),
        ]
        let figure = LineFigure(
            title: title,
            panels: [
                LinePanel(
                    title: "Training loss", xAxis: iterations, yAxis: lossAxis(upTo: losses.map(\.loss).max() ?? 1),
                    series: [loss]),
                LinePanel(title: "Accuracy", xAxis: iterations, yAxis: accuracyAxis, series: accuracy),
            ], plotWidth: 560, plotHeight: 200)
        return figure.svg(standalone: true)
    }

    /// Iterations from 0 to `last` (at least 1).
    static func iterationAxis(upTo last: Int) -> PlotAxis {
        PlotAxis(title: "iteration", ticks: AxisTicks(covering: 0, Double(max(last, 1))))
    }

    /// Cross-entropy from 0 to at least `largest`.
    static func lossAxis(upTo largest: Double) -> PlotAxis {
        PlotAxis(title: "loss", unit: "cross-entropy, nats", ticks: AxisTicks(covering: 0, largest > 0 ? largest : 1))
    }

    /// Accuracy in percent, 0 to 100.
    static let accuracyAxis = PlotAxis(title: "accuracy", unit: "%", ticks: AxisTicks(covering: 0, 100))

    /// The record's accuracy in percent at its iteration.
    static func accuracyPoint(_ record: MetricsRecord) -> LineSeries.Point {
        .init(x: Double(record.iteration), y: record.accuracy * 100)
    }
}
