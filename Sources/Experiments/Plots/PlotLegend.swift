/// The key to a figure's series: a column of swatches and names, laid out by the figure outside
/// every plot area so that it never covers data.
public struct PlotLegend: Sendable, Equatable {
    /// One series' swatch and name.
    public struct Entry: Sendable, Equatable {
        public let name: String
        public let color: Int
        public let markers: Bool
    }

    public let entries: [Entry]

    /// Names longer than this are cut with an ellipsis (the full name is the entry's tooltip).
    static let nameLimit = 44
    static let rowHeight = 18.0
    static let swatchWidth = 22.0
    static let gap = 6.0

    /// The entries of `series`, the first of each name, in order.
    init(series: [LineSeries]) {
        var seen: Set<String> = []
        entries = series.filter { seen.insert($0.name).inserted }.map {
            Entry(name: $0.name, color: $0.color, markers: $0.markers)
        }
    }

    /// The legend's extent.
    var size: (width: Double, height: Double) {
        let longest = entries.map { Markup.width(of: Markup.truncated($0.name, to: Self.nameLimit)) }.max() ?? 0
        return (Self.swatchWidth + Self.gap + longest, Double(entries.count) * Self.rowHeight)
    }

    /// The legend with its top left corner at (`x`, `y`).
    func svg(x: Double, y: Double) -> String {
        var svg = "<g class=\"legend\">\n"
        for (index, entry) in entries.enumerated() {
            let middle = y + (Double(index) + 0.5) * Self.rowHeight
            let slot = PlotStyle.slot(entry.color)
            svg += "<g><title>\(Markup.escape(entry.name))</title>"
            svg +=
                "<line class=\"line s\(slot)\" x1=\"\(Markup.number(x))\" x2=\"\(Markup.number(x + Self.swatchWidth))\" "
                + "y1=\"\(Markup.number(middle))\" y2=\"\(Markup.number(middle))\" stroke-width=\"2\"/>"
            if entry.markers {
                svg +=
                    "<circle class=\"f\(slot)\" cx=\"\(Markup.number(x + Self.swatchWidth / 2))\" "
                    + "cy=\"\(Markup.number(middle))\" r=\"3\"/>"
            }
            svg +=
                "<text x=\"\(Markup.number(x + Self.swatchWidth + Self.gap))\" y=\"\(Markup.number(middle))\" "
                + "dy=\"0.35em\">\(Markup.escape(Markup.truncated(entry.name, to: Self.nameLimit)))</text></g>\n"
        }
        return svg + "</g>\n"
    }
}
