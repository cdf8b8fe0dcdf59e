import Foundation

/// A run's `curves.svg`: training loss (top panel) and training and validation accuracy (bottom panel)
/// against iteration, with axes, ticks, labels and legends. Self-contained SVG 1.1, no scripts or fonts.
public enum CurvesPlot {
    /// The SVG document for `records` (from `metrics.jsonl`), titled `title`. Non-finite losses are left
    /// out; a panel without points says so.
    public static func svg(records: [MetricsRecord], title: String) -> String {
        let train = records.filter { $0.phase == .train }
        let validation = records.filter { $0.phase == .validation }
        let lastIteration = records.map(\.iteration).max() ?? 1
        let xAxis = Axis(upTo: Double(max(lastIteration, 1)))
        let losses = train.filter { $0.loss.isFinite }
        let lossAxis = Axis(upTo: losses.map(\.loss).max() ?? 1)
        let accuracyAxis = Axis(upTo: 100)
        var body = ""
        body += panel(
            top: 40, title: "Training loss", xAxis: xAxis, yAxis: lossAxis,
            series: [
                Series(
                    name: "training loss", color: "#1f77b4", points: losses.map { (Double($0.iteration), $0.loss) },
                    markers: false)
            ])
        body += panel(
            top: 310, title: "Accuracy (%)", xAxis: xAxis, yAxis: accuracyAxis,
            series: [
                Series(
                    name: "training", color: "#1f77b4", points: train.map { (Double($0.iteration), $0.accuracy * 100) },
                    markers: false),
                Series(
                    name: "validation", color: "#ff7f0e",
                    points: validation.map { (Double($0.iteration), $0.accuracy * 100) }, markers: true),
            ])
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" width="\(width)" height="\(height)" viewBox="0 0 \(width) \(height)" font-family="Helvetica, Arial, sans-serif" font-size="12">
            <rect width="\(width)" height="\(height)" fill="white"/>
            <text x="\(width / 2)" y="22" text-anchor="middle" font-size="15" font-weight="bold">\(escape(title))</text>
            \(body)</svg>

            """
    }

    private static let width = 720, height = 580
    private static let left = 70.0, right = 700.0, panelHeight = 210.0

    /// Ticks from 0 to the first multiple of a 1-2-5 step at or above the largest value (about five ticks).
    private struct Axis {
        let step: Double
        let maximum: Double

        init(upTo largest: Double) {
            let raw = max(largest, 1e-12) / 5
            let magnitude = pow(10, floor(log10(raw)))
            step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw }!
            maximum = (largest / step).rounded(.up) * step
        }

        var ticks: [Double] { stride(from: 0, through: maximum + step / 2, by: step).map { $0 } }

        func label(_ value: Double) -> String {
            String(format: "%.\(max(0, Int(-floor(log10(step)))))f", value)
        }
    }

    private struct Series {
        let name: String
        let color: String
        let points: [(x: Double, y: Double)]
        let markers: Bool
    }

    private static func panel(top: Double, title: String, xAxis: Axis, yAxis: Axis, series: [Series]) -> String {
        let bottom = top + panelHeight
        func x(_ value: Double) -> String { format(left + value / xAxis.maximum * (right - left)) }
        func y(_ value: Double) -> String { format(bottom - value / yAxis.maximum * panelHeight) }
        var svg = "<g>\n"
        for tick in yAxis.ticks {
            svg +=
                "<line x1=\"\(format(left))\" x2=\"\(format(right))\" y1=\"\(y(tick))\" y2=\"\(y(tick))\" stroke=\"#e5e5e5\"/>\n"
            svg +=
                "<text x=\"\(format(left - 6))\" y=\"\(y(tick))\" text-anchor=\"end\" dy=\"0.35em\">\(yAxis.label(tick))</text>\n"
        }
        for tick in xAxis.ticks {
            svg +=
                "<line x1=\"\(x(tick))\" x2=\"\(x(tick))\" y1=\"\(format(bottom))\" y2=\"\(format(bottom + 5))\" stroke=\"black\"/>\n"
            svg +=
                "<text x=\"\(x(tick))\" y=\"\(format(bottom + 18))\" text-anchor=\"middle\">\(xAxis.label(tick))</text>\n"
        }
        svg +=
            "<rect x=\"\(format(left))\" y=\"\(format(top))\" width=\"\(format(right - left))\" height=\"\(format(panelHeight))\" fill=\"none\" stroke=\"black\"/>\n"
        svg +=
            "<text x=\"\(format((left + right) / 2))\" y=\"\(format(bottom + 36))\" text-anchor=\"middle\">iteration</text>\n"
        svg +=
            "<text transform=\"translate(18 \(format(top + panelHeight / 2))) rotate(-90)\" text-anchor=\"middle\">\(escape(title))</text>\n"
        if series.allSatisfy({ $0.points.isEmpty }) {
            svg +=
                "<text x=\"\(format((left + right) / 2))\" y=\"\(format(top + panelHeight / 2))\" text-anchor=\"middle\" fill=\"#888\">no data yet</text>\n"
        }
        for (index, line) in series.enumerated() where !line.points.isEmpty {
            let points = line.points.map { "\(x($0.x)),\(y($0.y))" }.joined(separator: " ")
            svg += "<polyline points=\"\(points)\" fill=\"none\" stroke=\"\(line.color)\" stroke-width=\"1.5\"/>\n"
            if line.markers || line.points.count == 1 {
                for point in line.points {
                    svg += "<circle cx=\"\(x(point.x))\" cy=\"\(y(point.y))\" r=\"3\" fill=\"\(line.color)\"/>\n"
                }
            }
            // The legend: a short line and the name, stacked at the panel's top right.
            let legendY = top + 16 + Double(index) * 18
            svg +=
                "<line x1=\"\(format(right - 130))\" x2=\"\(format(right - 108))\" y1=\"\(format(legendY))\" y2=\"\(format(legendY))\" stroke=\"\(line.color)\" stroke-width=\"2\"/>\n"
            svg +=
                "<text x=\"\(format(right - 102))\" y=\"\(format(legendY))\" dy=\"0.35em\">\(escape(line.name))</text>\n"
        }
        return svg + "</g>\n"
    }

    private static func format(_ value: Double) -> String { String(format: "%.1f", value) }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
