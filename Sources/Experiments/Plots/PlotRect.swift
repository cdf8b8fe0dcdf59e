/// A rectangle in a figure's coordinates (SVG user units, y down).
public struct PlotRect: Sendable, Equatable {
    public var x: Double, y: Double, width: Double, height: Double

    /// The rectangle with its top left corner at (`x`, `y`).
    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    public var maxX: Double { x + width }
    public var maxY: Double { y + height }

    /// Whether the two rectangles share any area (touching edges do not).
    public func intersects(_ other: PlotRect) -> Bool {
        x < other.maxX && other.x < maxX && y < other.maxY && other.y < maxY
    }
}
