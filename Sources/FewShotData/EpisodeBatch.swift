/// Episodes `startIndex ..< startIndex + count` of one sampler as contiguous arrays: a
/// meta-batch. Episode `e`'s support images are `supportImages[e * supportFloats ..< (e + 1) * supportFloats]`
/// (likewise for queries and labels); `episode(_:)` slices one out.
public struct EpisodeBatch: Sendable {
    public let startIndex: Int, count: Int
    public let ways: Int, shots: Int, queries: Int
    public let channels: Int, height: Int, width: Int
    /// `count * ways * shots` images, NCHW.
    public let supportImages: [Float]
    public let supportLabels: [Int]
    /// `count * ways * queries` images, NCHW.
    public let queryImages: [Float]
    public let queryLabels: [Int]
    /// `count * ways` sampler class indices, one per label.
    public let classIndices: [Int]

    /// Floats per image.
    public var imageFloats: Int { channels * height * width }

    /// Episode `startIndex + offset`, `offset` in `0..<count`, equal to what the sampler's
    /// `episode(_:)` returns for that index.
    public func episode(_ offset: Int) -> Episode {
        precondition((0..<count).contains(offset), "episode offset \(offset) out of range 0..<\(count)")
        let s = ways * shots
        let q = ways * queries
        let f = imageFloats
        return Episode(
            ways: ways, shots: shots, queries: queries, channels: channels, height: height, width: width,
            supportImages: Array(supportImages[(offset * s * f)..<((offset + 1) * s * f)]),
            supportLabels: Array(supportLabels[(offset * s)..<((offset + 1) * s)]),
            queryImages: Array(queryImages[(offset * q * f)..<((offset + 1) * q * f)]),
            queryLabels: Array(queryLabels[(offset * q)..<((offset + 1) * q)]),
            classIndices: Array(classIndices[(offset * ways)..<((offset + 1) * ways)]))
    }

    /// All episodes of the batch.
    public var episodes: [Episode] { (0..<count).map(episode) }
}
