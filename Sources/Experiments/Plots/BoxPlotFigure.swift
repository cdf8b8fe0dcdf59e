/// Samples side by side as horizontal box plots, one row each, their labels in a column left of the
/// plot area: the box spans the quartiles, a bar marks the median, whiskers reach the lowest and
/// highest values, a dot marks the mean (`BoxSummary`).
public struct BoxPlotFigure: Sendable, Equatable {
    /// One sample and its label.
    public struct Row: Sendable, Equatable {
        public let label: String
        public let values: [Double]
        /// The palette slot.
        public let color: Int

        /// A row labelled `label` drawing `values`.
        public init(label: String, values: [Double], color: Int) {
            self.label = label
            self.values = values
            self.color = color
        }
    }

    /// Where the figure's parts go.
    public struct Layout: Sendable, Equatable {
        public let width: Double, height: Double
        /// The column of row labels.
        public let labels: PlotRect
        /// Where the boxes are drawn.
        public let plotArea: PlotRect
    }

    static let rowHeight = 22.0
    static let labelLimit = 48
    static let margins = (top: 12.0, right: 16.0, bottom: 46.0, gap: 10.0)
    static let titleHeight = 30.0

    public let title: String?
    public let axis: PlotAxis
    public let rows: [Row]
    public let plotWidth: Double

    /// A figure of `rows` against `axis` with a plot area `plotWidth` wide.
    public init(title: String?, axis: PlotAxis, rows: [Row], plotWidth: Double) {
        self.title = title
        self.axis = axis
        self.rows = rows
        self.plotWidth = plotWidth
    }

    public var layout: Layout {
        let top = (title == nil ? 0 : Self.titleHeight) + Self.margins.top
        let labelWidth = max(
            rows.map { Markup.width(of: Markup.truncated($0.label, to: Self.labelLimit)) }.max() ?? 0, 40)
        let labels = PlotRect(x: 8, y: top, width: labelWidth, height: Double(max(rows.count, 1)) * Self.rowHeight)
        let plotArea = PlotRect(
            x: labels.maxX + Self.margins.gap, y: top, width: plotWidth, height: labels.height)
        return Layout(
            width: plotArea.maxX + Self.margins.right, height: plotArea.maxY + Self.margins.bottom, labels: labels,
            plotArea: plotArea)
    }

    /// The figure as SVG: a file of its own when `standalone`, else an element for an HTML page
    /// holding `PlotStyle.stylesheet`.
    public func svg(standalone: Bool) -> String {
        let layout = self.layout
        let area = layout.plotArea
        let n = Markup.number
        func x(_ value: Double) -> Double { area.x + axis.fraction(value) * area.width }
        var body = ""
        if let title {
            body +=
                "<text class=\"title\" x=\"\(n(layout.width / 2))\" y=\"20\" text-anchor=\"middle\">"
                + "\(Markup.escape(title))</text>\n"
        }
        for tick in axis.ticks.values {
            body +=
                "<line class=\"grid\" x1=\"\(n(x(tick)))\" x2=\"\(n(x(tick)))\" y1=\"\(n(area.y))\" y2=\"\(n(area.maxY))\"/>"
                + "<text x=\"\(n(x(tick)))\" y=\"\(n(area.maxY + 18))\" text-anchor=\"middle\">"
                + "\(axis.ticks.label(tick))</text>\n"
        }
        body +=
            "<rect class=\"frame\" x=\"\(n(area.x))\" y=\"\(n(area.y))\" width=\"\(n(area.width))\" height=\"\(n(area.height))\"/>\n"
        body +=
            "<text x=\"\(n(area.x + area.width / 2))\" y=\"\(n(area.maxY + 36))\" text-anchor=\"middle\">"
            + "\(Markup.escape(axis.label))</text>\n"
        for (index, row) in rows.enumerated() {
            let middle = area.y + (Double(index) + 0.5) * Self.rowHeight
            let slot = PlotStyle.slot(row.color)
            body +=
                "<g><title>\(Markup.escape(row.label))</title><text x=\"\(n(layout.labels.maxX))\" y=\"\(n(middle))\" "
                + "text-anchor=\"end\" dy=\"0.35em\">\(Markup.escape(Markup.truncated(row.label, to: Self.labelLimit)))"
                + "</text></g>"
            guard let summary = BoxSummary(row.values) else {
                body +=
                    "<text class=\"muted\" x=\"\(n(area.x + 6))\" y=\"\(n(middle))\" dy=\"0.35em\">no episodes</text>\n"
                continue
            }
            let half = Self.rowHeight * 0.3
            body +=
                "<line class=\"whisker s\(slot)\" x1=\"\(n(x(summary.lowest)))\" x2=\"\(n(x(summary.highest)))\" "
                + "y1=\"\(n(middle))\" y2=\"\(n(middle))\"/>"
                + "<rect class=\"box s\(slot) f\(slot)\" x=\"\(n(x(summary.lowerQuartile)))\" y=\"\(n(middle - half))\" "
                + "width=\"\(n(x(summary.upperQuartile) - x(summary.lowerQuartile)))\" height=\"\(n(2 * half))\"/>"
                + "<line class=\"whisker s\(slot)\" x1=\"\(n(x(summary.median)))\" x2=\"\(n(x(summary.median)))\" "
                + "y1=\"\(n(middle - half))\" y2=\"\(n(middle + half))\" stroke-width=\"2.5\"/>"
                + "<circle class=\"f\(slot)\" cx=\"\(n(x(summary.mean)))\" cy=\"\(n(middle))\" r=\"3\"/>\n"
        }
        let label = title ?? "distribution of \(axis.label)"
        return SVGDocument.wrap(body, width: layout.width, height: layout.height, label: label, standalone: standalone)
    }
}
