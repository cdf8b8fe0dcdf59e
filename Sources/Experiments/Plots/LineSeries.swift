/// One line of a line plot: its name for the legend, its points, its colour and whether each point is marked.
public struct LineSeries: Sendable, Equatable {
    /// A point in data coordinates.
    public struct Point: Sendable, Equatable {
        public var x: Double, y: Double

        /// The point (`x`, `y`).
        public init(x: Double, y: Double) {
            self.x = x
            self.y = y
        }
    }

    public let name: String
    /// The points in drawing order; those with a non-finite coordinate are left out (a diverged loss).
    public let points: [Point]
    /// The palette slot (`PlotStyle.paletteSize` colours, reused cyclically).
    public let color: Int
    /// Whether every point gets a marker (sparse series such as validation accuracy).
    public let markers: Bool

    /// A series named `name` through `points`.
    public init(name: String, points: [Point], color: Int, markers: Bool = false) {
        self.name = name
        self.points = points.filter { $0.x.isFinite && $0.y.isFinite }
        self.color = color
        self.markers = markers
    }

    /// The series with at most `limit` points (at least two): every k-th point, the last one always
    /// kept, so a long log draws as fast as a short one at the same look.
    public func thinned(to limit: Int) -> LineSeries {
        let limit = max(limit, 2)
        guard points.count > limit else { return self }
        let stride = (points.count + limit - 2) / (limit - 1)
        var kept = Swift.stride(from: 0, to: points.count - 1, by: stride).map { points[$0] }
        kept.append(points[points.count - 1])
        return LineSeries(name: name, points: kept, color: color, markers: markers)
    }
}
