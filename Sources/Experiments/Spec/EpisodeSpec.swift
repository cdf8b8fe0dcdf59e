/// The `episodes` section: N-way K-shot episodes with Q queries per class.
public struct EpisodeSpec: Sendable, Equatable {
    /// Classes per test and validation episode (N). Default 5; at least 2.
    public var ways: Int
    /// Labelled support images per class (K). Default 1; at least 1.
    public var shots: Int
    /// Query images per class, on which accuracy is measured. Default 15; at least 1.
    public var queries: Int
    /// Classes per training episode; default `ways`, at least `ways`. Only learners that accept a
    /// different number of training classes (metric learners such as Prototypical Networks) may
    /// set it above `ways`.
    public var trainWays: Int

    /// An episode section from its keys; no validation happens here.
    public init(ways: Int, shots: Int, queries: Int, trainWays: Int) {
        self.ways = ways
        self.shots = shots
        self.queries = queries
        self.trainWays = trainWays
    }
}
