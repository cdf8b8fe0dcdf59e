import Foundation

/// Round tick values for an axis: a step of 1, 2 or 5 times a power of ten giving about `count`
/// intervals, the range widened outwards to whole steps, so the first and last ticks are the axis's ends.
public struct AxisTicks: Sendable, Equatable {
    /// The distance between neighbouring ticks.
    public let step: Double
    /// The ticks, ascending; at least two.
    public let values: [Double]

    /// The axis's lower end (the first tick).
    public var lowest: Double { values[0] }
    /// The axis's upper end (the last tick).
    public var highest: Double { values[values.count - 1] }

    /// Ticks covering `lower` and `upper` (in either order) in about `count` steps (at least one). A range
    /// of zero width is widened to one step above it. Both bounds must be finite.
    public init(covering lower: Double, _ upper: Double, count: Int = 5) {
        let low = min(lower, upper)
        let high = max(lower, upper)
        let span = high > low ? high - low : max(abs(high), 1)
        let raw = span / Double(max(count, 1))
        let magnitude = pow(10, floor(log10(raw)))
        // 1e-9 absorbs the rounding of span / count so that 0...1 in five steps gets 0.2, not 0.5.
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw * (1 - 1e-9) }!
        let first = Int((low / step + 1e-9).rounded(.down))
        var last = Int((high / step - 1e-9).rounded(.up))
        if last <= first { last = first + 1 }
        self.step = step
        values = (first...last).map { Double($0) * step }
    }

    /// `value` with as many decimals as the step needs: `0.5`, `100`, `0.02`.
    public func label(_ value: Double) -> String {
        let decimals = max(0, Int(-floor(log10(step) + 1e-9)))
        let text = String(format: "%.\(decimals)f", value)
        // "-0" and "-0.0" read as zero.
        return text.allSatisfy({ "-0.".contains($0) }) ? String(text.drop { $0 == "-" }) : text
    }
}
