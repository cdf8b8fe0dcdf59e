/// Line panels in a grid sharing one legend, which sits to the right of the grid, outside every
/// plot area, so that no line is ever hidden behind it.
public struct LineFigure: Sendable, Equatable {
    /// Where the figure's parts go.
    public struct Layout: Sendable, Equatable {
        public let width: Double, height: Double
        /// Each panel's plot area (where its data is drawn), in panel order.
        public let plotAreas: [PlotRect]
        /// The legend's extent; nil when no series has a name to show.
        public let legend: PlotRect?
    }

    /// Space around each plot area for the panel title (top), tick labels and axis titles.
    static let margins = (left: 62.0, right: 16.0, top: 30.0, bottom: 46.0)
    static let titleHeight = 30.0

    public let title: String?
    public let panels: [LinePanel]
    /// Panels per row of the grid.
    public let columns: Int
    /// The size of each plot area.
    public let plotWidth: Double, plotHeight: Double

    /// A figure of `panels`, `columns` to a row, each plot area `plotWidth` × `plotHeight`.
    public init(title: String?, panels: [LinePanel], columns: Int = 1, plotWidth: Double, plotHeight: Double) {
        self.title = title
        self.panels = panels
        self.columns = max(columns, 1)
        self.plotWidth = plotWidth
        self.plotHeight = plotHeight
    }

    var legend: PlotLegend { PlotLegend(series: panels.flatMap(\.series)) }

    public var layout: Layout {
        let margins = Self.margins
        let top = title == nil ? 0 : Self.titleHeight
        let cellWidth = margins.left + plotWidth + margins.right
        let cellHeight = margins.top + plotHeight + margins.bottom
        let plotAreas = panels.indices.map { index in
            PlotRect(
                x: Double(index % columns) * cellWidth + margins.left,
                y: top + Double(index / columns) * cellHeight + margins.top, width: plotWidth, height: plotHeight)
        }
        let gridWidth = Double(min(columns, max(panels.count, 1))) * cellWidth
        let gridHeight = top + Double((panels.count + columns - 1) / columns) * cellHeight
        let legend = self.legend
        guard !legend.entries.isEmpty else {
            return Layout(width: gridWidth, height: gridHeight, plotAreas: plotAreas, legend: nil)
        }
        let size = legend.size
        let box = PlotRect(x: gridWidth + 8, y: top + margins.top, width: size.width, height: size.height)
        return Layout(
            width: box.maxX + 12, height: max(gridHeight, box.maxY + 12), plotAreas: plotAreas, legend: box)
    }

    /// The figure as SVG: a file of its own when `standalone`, else an element for an HTML page
    /// holding `PlotStyle.stylesheet`.
    public func svg(standalone: Bool) -> String {
        let layout = self.layout
        var body = ""
        if let title {
            body +=
                "<text class=\"title\" x=\"\(Markup.number(layout.width / 2))\" y=\"20\" text-anchor=\"middle\">"
                + "\(Markup.escape(title))</text>\n"
        }
        for (panel, area) in zip(panels, layout.plotAreas) { body += panel.svg(in: area) }
        if let box = layout.legend { body += legend.svg(x: box.x, y: box.y) }
        let label = title ?? panels.map(\.title).joined(separator: ", ")
        return SVGDocument.wrap(body, width: layout.width, height: layout.height, label: label, standalone: standalone)
    }
}
