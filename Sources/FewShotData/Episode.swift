/// One N-way K-shot Q-query episode, images as contiguous Float32 NCHW in [0, 1].
///
/// Support image `j` has label `supportLabels[j]`, query image `j` has `queryLabels[j]`;
/// labels are `0..<ways`, grouped by label (all shots of label 0, then label 1, ...).
/// Which class gets which label is random per episode.
public struct Episode: Sendable, Equatable {
    public let ways: Int, shots: Int, queries: Int
    public let channels: Int, height: Int, width: Int
    /// `ways * shots` images of `channels * height * width` floats.
    public let supportImages: [Float]
    /// Values in `0..<ways`.
    public let supportLabels: [Int]
    /// `ways * queries` images.
    public let queryImages: [Float]
    public let queryLabels: [Int]
    /// Index, among the sampler's classes, of the class behind each label.
    public let classIndices: [Int]

    public init(
        ways: Int, shots: Int, queries: Int, channels: Int, height: Int, width: Int,
        supportImages: [Float], supportLabels: [Int], queryImages: [Float], queryLabels: [Int],
        classIndices: [Int]
    ) {
        self.ways = ways
        self.shots = shots
        self.queries = queries
        self.channels = channels
        self.height = height
        self.width = width
        self.supportImages = supportImages
        self.supportLabels = supportLabels
        self.queryImages = queryImages
        self.queryLabels = queryLabels
        self.classIndices = classIndices
    }
}
