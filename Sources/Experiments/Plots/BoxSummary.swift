/// The five numbers a box plot draws, and the mean: quartiles by linear interpolation between
/// order statistics (the usual "type 7" definition: the median of an even count is the middle pair's mean).
public struct BoxSummary: Sendable, Equatable {
    public let lowest: Double, lowerQuartile: Double, median: Double, upperQuartile: Double, highest: Double
    public let mean: Double

    /// The summary of `values`; nil when there are none.
    public init?(_ values: [Double]) {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        func quantile(_ p: Double) -> Double {
            let position = p * Double(sorted.count - 1)
            let below = Int(position.rounded(.down))
            let above = min(below + 1, sorted.count - 1)
            return sorted[below] + (position - Double(below)) * (sorted[above] - sorted[below])
        }
        lowest = sorted[0]
        lowerQuartile = quantile(0.25)
        median = quantile(0.5)
        upperQuartile = quantile(0.75)
        highest = sorted[sorted.count - 1]
        mean = values.reduce(0, +) / Double(values.count)
    }
}
