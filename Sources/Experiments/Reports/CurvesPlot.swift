/// A run's `curves.svg`: training loss and training and validation accuracy against iteration, and
/// for a run that pre-trained the same against epoch, drawn as a `LineFigure`, so the legend sits
/// beside the panels and never covers a curve. Self-contained SVG 1.1, no scripts or fonts, readable
/// in light and dark mode.
public enum CurvesPlot {
    /// The SVG document for `records` (from `metrics.jsonl`), titled `title`. Non-finite losses are left
    /// out; a panel without points says so.
    public static func svg(records: [MetricsRecord], title: String) -> String {
        let panels = CurvePhase.present(in: records).flatMap { phase in
            let train = records.filter { $0.phase == phase.training }
            let validation = records.filter { $0.phase == phase.validation }
            let losses = train.filter { $0.loss.isFinite }
            let axis = phase.axis(records)
            let loss = LineSeries(
                name: "training", points: losses.map { .init(x: Double($0.iteration), y: $0.loss) }, color: 0)
            let accuracy = [
                LineSeries(name: "training", points: train.map(accuracyPoint), color: 0),
                LineSeries(name: "validation", points: validation.map(accuracyPoint), color: 1, markers: true),
            ]
            return [
                LinePanel(
                    title: phase.lossTitle, xAxis: axis,
                    yAxis: lossAxis(upTo: losses.map(\.loss).max() ?? 1), series: [loss]),
                LinePanel(title: phase.title("Accuracy"), xAxis: axis, yAxis: accuracyAxis, series: accuracy),
            ]
        }
        let figure = LineFigure(title: title, panels: panels, plotWidth: 560, plotHeight: 200)
        return figure.svg(standalone: true)
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
