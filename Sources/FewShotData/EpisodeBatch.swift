/// Episodes `startIndex ..< startIndex + count` of one sampler as contiguous arrays: a
/// meta-batch. Episodes follow one another in each array (their sizes may differ, as the
/// sampler's rule draws them); `episode(_:)` slices one out.
public struct EpisodeBatch: Sendable {
    public let startIndex: Int, count: Int
    public let channels: Int, height: Int, width: Int
    /// Each episode's support images per label.
    public let supportCounts: [[Int]]
    /// Each episode's queries per class.
    public let queries: [Int]
    /// Every episode's support images, NCHW, episode after episode.
    public let supportImages: [Float]
    public let supportLabels: [Int]
    /// Every episode's query images, NCHW, episode after episode.
    public let queryImages: [Float]
    public let queryLabels: [Int]
    /// Every episode's sampler class indices, one per label.
    public let classIndices: [Int]
    /// Where each episode's support images, query images and labels begin, in images (or labels);
    /// `count + 1` entries each, the last the total.
    let supportStarts: [Int], queryStarts: [Int], labelStarts: [Int]

    /// A batch from its arrays, laid out as `supportCounts` and `queries` say.
    init(
        startIndex: Int, channels: Int, height: Int, width: Int, supportCounts: [[Int]], queries: [Int],
        supportImages: [Float], supportLabels: [Int], queryImages: [Float], queryLabels: [Int], classIndices: [Int]
    ) {
        self.startIndex = startIndex
        self.count = supportCounts.count
        self.channels = channels
        self.height = height
        self.width = width
        self.supportCounts = supportCounts
        self.queries = queries
        self.supportImages = supportImages
        self.supportLabels = supportLabels
        self.queryImages = queryImages
        self.queryLabels = queryLabels
        self.classIndices = classIndices
        (supportStarts, queryStarts, labelStarts) = Self.starts(supportCounts: supportCounts, queries: queries)
    }

    /// Where each episode of these sizes begins in a batch's arrays (support images, query images,
    /// labels), with the totals last.
    static func starts(supportCounts: [[Int]], queries: [Int]) -> (support: [Int], query: [Int], labels: [Int]) {
        var support = [0]
        var query = [0]
        var labels = [0]
        for (counts, queries) in zip(supportCounts, queries) {
            support.append(support.last! + counts.reduce(0, +))
            query.append(query.last! + counts.count * queries)
            labels.append(labels.last! + counts.count)
        }
        return (support, query, labels)
    }

    /// Floats per image.
    public var imageFloats: Int { channels * height * width }

    /// Episode `startIndex + offset`, `offset` in `0..<count`, equal to what the sampler's
    /// `episode(_:)` returns for that index.
    public func episode(_ offset: Int) -> Episode {
        precondition((0..<count).contains(offset), "episode offset \(offset) out of range 0..<\(count)")
        let support = supportStarts[offset]..<supportStarts[offset + 1]
        let query = queryStarts[offset]..<queryStarts[offset + 1]
        let f = imageFloats
        return Episode(
            supportCounts: supportCounts[offset], queries: queries[offset], channels: channels, height: height,
            width: width,
            supportImages: Array(supportImages[(support.lowerBound * f)..<(support.upperBound * f)]),
            supportLabels: Array(supportLabels[support]),
            queryImages: Array(queryImages[(query.lowerBound * f)..<(query.upperBound * f)]),
            queryLabels: Array(queryLabels[query]),
            classIndices: Array(classIndices[labelStarts[offset]..<labelStarts[offset + 1]]))
    }

    /// All episodes of the batch.
    public var episodes: [Episode] { (0..<count).map(episode) }
}
