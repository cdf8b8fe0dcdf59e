/// One axis of a plot: what it measures, its unit, and its ticks, whose first and last are its ends.
public struct PlotAxis: Sendable, Equatable {
    /// What the axis measures: "iteration", "accuracy".
    public let title: String
    /// The unit, shown in parentheses after the title ("%"); nil for a count.
    public let unit: String?
    public let ticks: AxisTicks

    /// An axis titled `title` in `unit` over `ticks`.
    public init(title: String, unit: String? = nil, ticks: AxisTicks) {
        self.title = title
        self.unit = unit
        self.ticks = ticks
    }

    /// "accuracy (%)", or the bare title without a unit.
    public var label: String { unit.map { "\(title) (\($0))" } ?? title }

    /// Where `value` lies between the axis's ends: 0 at the lowest tick, 1 at the highest.
    func fraction(_ value: Double) -> Double { (value - ticks.lowest) / (ticks.highest - ticks.lowest) }
}
