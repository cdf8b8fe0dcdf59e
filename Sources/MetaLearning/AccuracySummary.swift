/// The mean of per-episode accuracies with its 95% confidence interval, as few-shot papers report it.
public struct AccuracySummary: Sendable, Equatable {
    /// The number of episodes.
    public let count: Int
    /// The mean accuracy, a fraction in [0, 1] when the inputs are.
    public let mean: Double
    /// The sample standard deviation (divisor n − 1); 0 for a single episode.
    public let standardDeviation: Double
    /// Half the width of the 95% confidence interval of the mean: 1.96 · sd / √n (normal approximation).
    public let ci95: Double

    /// Summarises `accuracies`, summed in order so that the result is reproducible to the last bit.
    /// `accuracies` must not be empty.
    public init(_ accuracies: [Double]) {
        precondition(!accuracies.isEmpty, "AccuracySummary needs at least one accuracy")
        let count = accuracies.count
        let mean = accuracies.reduce(0, +) / Double(count)
        let squares = accuracies.reduce(0) { sum, accuracy in sum + (accuracy - mean) * (accuracy - mean) }
        let standardDeviation = count > 1 ? (squares / Double(count - 1)).squareRoot() : 0
        self.count = count
        self.mean = mean
        self.standardDeviation = standardDeviation
        ci95 = 1.96 * standardDeviation / Double(count).squareRoot()
    }
}
