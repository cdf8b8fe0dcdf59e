/// How episodes are shaped: how many classes, how many support images of each, how many queries.
///
/// `.uniform` with single-value ranges is the fixed N-way K-shot Q-query episode; it draws no
/// numbers beyond the classes and images, so its episodes are those of a fixed-shape sampler.
public enum EpisodeRule: Sendable, Equatable, CustomStringConvertible {
    /// Ways uniform in `ways` per episode, each class's support count uniform in `shots` on its own,
    /// `queries` per class.
    case uniform(ways: ClosedRange<Int>, shots: ClosedRange<Int>, queries: Int)
    /// Meta-Dataset's rule: ways, support counts and queries drawn from the chosen classes' sizes.
    case metaDataset(MetaDatasetSampling)

    /// The fixed N-way K-shot Q-query episode.
    public static func fixed(ways: Int, shots: Int, queries: Int) -> EpisodeRule {
        .uniform(ways: ways...ways, shots: shots...shots, queries: queries)
    }

    /// Whether every episode has the same ways, support counts and queries.
    public var isFixed: Bool {
        guard case .uniform(let ways, let shots, _) = self else { return false }
        return ways.count == 1 && shots.count == 1
    }

    /// Whether episodes may differ in their number of classes.
    public var hasVariableWays: Bool {
        switch self {
        case .uniform(let ways, _, _): return ways.count > 1
        case .metaDataset(let rule): return rule.ways.count > 1
        }
    }

    /// Whether an episode's classes may have different numbers of support images.
    public var hasVariableShots: Bool {
        switch self {
        case .uniform(_, let shots, _): return shots.count > 1
        case .metaDataset: return true
        }
    }

    /// The fewest classes the pool an episode is drawn from (a split, or a group) must hold.
    public var classesNeeded: Int {
        switch self {
        case .uniform(let ways, _, _): return ways.upperBound
        case .metaDataset(let rule): return rule.ways.lowerBound
        }
    }

    /// The fewest images every class must hold.
    public var imagesNeeded: Int {
        switch self {
        case .uniform(_, let shots, let queries): return shots.upperBound + queries
        case .metaDataset: return MetaDatasetSampling.smallestClass
        }
    }

    /// The largest episode the rule can draw from a pool of `classCount` classes.
    public func largest(classCount: Int) -> EpisodeBounds {
        switch self {
        case .uniform(let ways, let shots, let queries):
            return EpisodeBounds(
                ways: ways.upperBound, supportImages: ways.upperBound * shots.upperBound, queriesPerClass: queries)
        case .metaDataset(let rule):
            let ways = min(rule.ways.upperBound, max(classCount, rule.ways.lowerBound))
            return EpisodeBounds(
                ways: ways,
                supportImages: min(MetaDatasetSampling.maxSupport, ways * MetaDatasetSampling.maxSupportPerClass),
                queriesPerClass: rule.maxQueries)
        }
    }

    /// The rule in words, as run directories, tables and episode files name it: "5-way 1-shot
    /// 15-query", "5-20-way 1-5-shot 15-query", "meta-dataset" (with its bounds when they are not the paper's).
    public var description: String {
        func span(_ range: ClosedRange<Int>) -> String {
            range.count == 1 ? "\(range.lowerBound)" : "\(range.lowerBound)-\(range.upperBound)"
        }
        switch self {
        case .uniform(let ways, let shots, let queries):
            return "\(span(ways))-way \(span(shots))-shot \(queries)-query"
        case .metaDataset(let rule):
            let standard = MetaDatasetSampling.standard
            return "meta-dataset"
                + (rule.ways == standard.ways ? "" : " \(span(rule.ways))-way")
                + (rule.maxQueries == standard.maxQueries ? "" : " at most \(rule.maxQueries)-query")
        }
    }
}

/// The most an episode of a rule can hold: what memory estimates and data checks size by.
public struct EpisodeBounds: Sendable, Equatable {
    /// The most classes.
    public let ways: Int
    /// The most support images, all classes together.
    public let supportImages: Int
    /// The most queries per class.
    public let queriesPerClass: Int

    /// Bounds from their parts.
    public init(ways: Int, supportImages: Int, queriesPerClass: Int) {
        self.ways = ways
        self.supportImages = supportImages
        self.queriesPerClass = queriesPerClass
    }

    /// The most images, support and queries together.
    public var images: Int { supportImages + ways * queriesPerClass }
}
