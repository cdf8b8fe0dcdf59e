/// One episode, images as contiguous Float32 NCHW in [0, 1] (or normalized).
///
/// Support image `j` has label `supportLabels[j]`, query image `j` has `queryLabels[j]`; labels
/// are `0..<ways`, grouped by label (all support images of label 0, then label 1, ...).
/// Label `l` has `supportCounts[l]` support images and every label has `queries` queries.
/// Which class gets which label is random per episode.
public struct Episode: Sendable, Equatable {
    public let ways: Int, queries: Int
    /// Support images per label, in label order (all equal in a fixed N-way K-shot episode).
    public let supportCounts: [Int]
    public let channels: Int, height: Int, width: Int
    /// `supportCounts.reduce(0, +)` images of `channels * height * width` floats.
    public let supportImages: [Float]
    /// Values in `0..<ways`.
    public let supportLabels: [Int]
    /// `ways * queries` images.
    public let queryImages: [Float]
    public let queryLabels: [Int]
    /// Index, among the sampler's classes, of the class behind each label.
    public let classIndices: [Int]

    /// An episode from its parts; the labels must be grouped as described above.
    public init(
        supportCounts: [Int], queries: Int, channels: Int, height: Int, width: Int,
        supportImages: [Float], supportLabels: [Int], queryImages: [Float], queryLabels: [Int],
        classIndices: [Int]
    ) {
        self.ways = supportCounts.count
        self.supportCounts = supportCounts
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
