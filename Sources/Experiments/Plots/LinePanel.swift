/// One panel of a line figure: a title, two axes with ticks and labelled units, and the series
/// drawn inside its plot area (a series with a single point is drawn as a marker).
public struct LinePanel: Sendable, Equatable {
    public let title: String
    public let xAxis: PlotAxis
    public let yAxis: PlotAxis
    public let series: [LineSeries]

    /// A panel titled `title` drawing `series` against `xAxis` and `yAxis`.
    public init(title: String, xAxis: PlotAxis, yAxis: PlotAxis, series: [LineSeries]) {
        self.title = title
        self.xAxis = xAxis
        self.yAxis = yAxis
        self.series = series
    }

    /// The panel drawn with its plot area at `area`; titles and tick labels go around the area,
    /// within the figure's margins (`LineFigure.margins`).
    func svg(in area: PlotRect) -> String {
        func x(_ value: Double) -> Double { area.x + xAxis.fraction(value) * area.width }
        func y(_ value: Double) -> Double { area.maxY - yAxis.fraction(value) * area.height }
        let n = Markup.number
        var svg = "<g class=\"panel\">\n"
        svg +=
            "<text class=\"title\" x=\"\(n(area.x + area.width / 2))\" y=\"\(n(area.y - 10))\" "
            + "text-anchor=\"middle\">\(Markup.escape(title))</text>\n"
        for tick in yAxis.ticks.values {
            svg +=
                "<line class=\"grid\" x1=\"\(n(area.x))\" x2=\"\(n(area.maxX))\" y1=\"\(n(y(tick)))\" y2=\"\(n(y(tick)))\"/>"
            svg +=
                "<text x=\"\(n(area.x - 6))\" y=\"\(n(y(tick)))\" text-anchor=\"end\" dy=\"0.35em\">"
                + "\(yAxis.ticks.label(tick))</text>\n"
        }
        for tick in xAxis.ticks.values {
            svg +=
                "<line class=\"tick\" x1=\"\(n(x(tick)))\" x2=\"\(n(x(tick)))\" y1=\"\(n(area.maxY))\" "
                + "y2=\"\(n(area.maxY + 5))\"/>"
            svg +=
                "<text x=\"\(n(x(tick)))\" y=\"\(n(area.maxY + 18))\" text-anchor=\"middle\">"
                + "\(xAxis.ticks.label(tick))</text>\n"
        }
        svg +=
            "<rect class=\"frame\" x=\"\(n(area.x))\" y=\"\(n(area.y))\" width=\"\(n(area.width))\" height=\"\(n(area.height))\"/>\n"
        svg +=
            "<text x=\"\(n(area.x + area.width / 2))\" y=\"\(n(area.maxY + 36))\" text-anchor=\"middle\">"
            + "\(Markup.escape(xAxis.label))</text>\n"
        svg +=
            "<text transform=\"translate(\(n(area.x - 46)) \(n(area.y + area.height / 2))) rotate(-90)\" "
            + "text-anchor=\"middle\">\(Markup.escape(yAxis.label))</text>\n"
        if series.allSatisfy({ $0.points.isEmpty }) {
            svg +=
                "<text class=\"muted\" x=\"\(n(area.x + area.width / 2))\" y=\"\(n(area.y + area.height / 2))\" "
                + "text-anchor=\"middle\">no data yet</text>\n"
        }
        for line in series where !line.points.isEmpty {
            let slot = PlotStyle.slot(line.color)
            if line.points.count > 1 {
                let points = line.points.map { "\(n(x($0.x))),\(n(y($0.y)))" }.joined(separator: " ")
                svg += "<polyline class=\"line s\(slot)\" points=\"\(points)\"/>\n"
            }
            if line.markers || line.points.count == 1 {
                svg +=
                    line.points.map {
                        "<circle class=\"f\(slot)\" cx=\"\(n(x($0.x)))\" cy=\"\(n(y($0.y)))\" r=\"2.5\"/>"
                    }
                    .joined() + "\n"
            }
        }
        return svg + "</g>\n"
    }
}
